from django.urls import re_path

from . import media

urlpatterns = [
    re_path(r"^(?P<path>.+)$", media.media, name="media"),
]
