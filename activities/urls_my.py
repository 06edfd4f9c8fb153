from django.urls import path

from . import views_my

app_name = "my"

urlpatterns = [
    path("", views_my.dashboard, name="dashboard"),
]
