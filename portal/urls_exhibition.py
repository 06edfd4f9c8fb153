from django.urls import path

from . import views

app_name = "exhibition"

urlpatterns = [
    path("", views.exhibition, name="index"),
    path("exhibits/<int:pk>/", views.exhibit_detail, name="exhibit"),
    path("<slug:hall>/", views.exhibition_hall, name="hall"),
]
