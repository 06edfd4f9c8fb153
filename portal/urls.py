from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from gzpartybuild.caching import cached_public_page

from . import feeds, labels, search, site, views
from .sitemaps import SITEMAPS

urlpatterns = [
    path("", views.home, name="home"),
    path("stats/", views.stats, name="stats"),
    path("search/", search.site_search, name="search"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("contact/", site.contact, name="contact"),
    path("sitemap/", site.site_map, name="site_map"),
    path("privacy/", site.privacy, name="privacy"),
    path("accessibility/", site.accessibility, name="accessibility"),
    path("robots.txt", site.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        cached_public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        cached_public_page(sitemap_views.sitemap),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("labels/activities/<int:pk>/", labels.activity_label, name="activity_label"),
    path("labels/towns/<slug:slug>/", labels.town_label, name="town_label"),
    path("labels/exhibits/<int:pk>/", labels.exhibit_label, name="exhibit_label"),
    path("activities.atom", feeds.ActivityAtomFeed(), name="activities_feed"),
]
