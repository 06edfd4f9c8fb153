from django.urls import path

from . import views

app_name = "partybranches"

urlpatterns = [
    path("<int:pk>/", views.party_organization_detail, name="detail"),
    path("demonstration/", views.demonstration_list, name="demonstration"),
]
