"""/branches/: a party organization's page (portal.records) and the demonstration sites (partybranches app)."""

from django.urls import path

from partybranches import views as party_views

from . import records

app_name = "partybranches"

urlpatterns = [
    path("<int:pk>/", records.party_organization_detail, name="detail"),
    path("demonstration/", party_views.demonstration_list, name="demonstration"),
]
