"""/announcements/: 通知公告, their list, each notice's page and their feeds."""

from django.urls import path

from . import feeds, site

app_name = "announcements"

urlpatterns = [
    path("", site.announcement_list, name="list"),
    path("<int:pk>/", site.announcement_detail, name="detail"),
    path("feed.rss", feeds.AnnouncementRssFeed(), name="rss"),
    path("feed.atom", feeds.AnnouncementAtomFeed(), name="atom"),
]
