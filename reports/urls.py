from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("coverage/", views.coverage, name="coverage"),
    path("risk/", views.risk, name="risk"),
    path("stars/", views.stars, name="stars"),
    path("activities/", views.activities, name="activities"),
]
