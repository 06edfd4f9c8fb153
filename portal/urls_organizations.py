"""/organizations/: the directory (organizations app) and an organization's page (portal.records)."""

from django.urls import path

from organizations import views as organization_views

from . import records

app_name = "organizations"

urlpatterns = [
    path("", organization_views.organization_list, name="list"),
    path("<int:pk>/", records.organization_detail, name="detail"),
]
