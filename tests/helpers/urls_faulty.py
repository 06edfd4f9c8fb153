"""The portal's URLs plus one view that fails, for the error-page tests."""

from django.urls import path

from gzpartybuild.urls import urlpatterns as portal_urlpatterns


def broken_view(request):
    raise RuntimeError("database password=s3cret-detail leaked in an exception")


urlpatterns = [*portal_urlpatterns, path("broken/", broken_view)]
