"""Feeds for readers and aggregators: 通知公告 (RSS 2.0 and Atom) and published activities (Atom)."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from activities.models import Activity

from .models import Announcement

FEED_ITEMS = 30


class AnnouncementRssFeed(Feed):
    title = "广州市社会组织党建云展馆 · 通知公告"
    description = "广州市社会组织党建云展馆发布的通知公告。"
    language = "zh-cn"

    def link(self):
        return reverse("announcements:list")

    def items(self):
        return Announcement.objects.published().for_list()[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return "\n\n".join(item.paragraphs())

    def item_pubdate(self, item):
        # The start of its publish date, in the site's time zone.
        return datetime.datetime.combine(item.published_on, datetime.time.min, tzinfo=timezone.get_current_timezone())

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.issuer or None


class AnnouncementAtomFeed(AnnouncementRssFeed):
    feed_type = Atom1Feed
    subtitle = AnnouncementRssFeed.description


class ActivityAtomFeed(Feed):
    feed_type = Atom1Feed
    title = "广州市社会组织党建云展馆 · 活动风采"
    subtitle = "社会组织党组织已发布的党建活动，按活动时间由近及远。"
    language = "zh-cn"

    def link(self):
        return reverse("activities:list")

    def items(self):
        return (
            Activity.objects.published()
            .select_related("organizer")
            .only("pk", "title", "kind", "description", "starts_at", "published_at", "updated_at", "organizer__name")
            .order_by("-starts_at", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return f"{item.get_kind_display()} · {item.organizer.name}\n\n{item.description}"

    def item_pubdate(self, item):
        return item.published_at or item.starts_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.organizer.name

    def item_categories(self, item):
        return [item.get_kind_display()]
