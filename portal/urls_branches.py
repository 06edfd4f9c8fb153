"""/branches/: the directory and the demonstration sites (partybranches app), a party organization's page
(portal.records)."""

from django.urls import path

from partybranches import views as party_views

from . import records

app_name = "partybranches"

urlpatterns = [
    path("", party_views.party_organization_list, name="list"),
    path("<int:pk>/", records.party_organization_detail, name="detail"),
    path("demonstration/", party_views.demonstration_list, name="demonstration"),
]
