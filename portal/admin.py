from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from gzpartybuild.admin_tools import HistoryAdmin, NoDeleteMixin

from .models import SITE_SETTINGS_PK, Announcement, Exhibit, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(NoDeleteMixin, HistoryAdmin):
    """The one record of the site's facts: the list leads straight to it."""

    readonly_fields = ["updated_at"]
    fieldsets = [
        (
            "网站页脚",
            {
                "fields": [
                    "sponsor",
                    "organizer",
                    ("icp_number", "psb_number", "psb_record_code"),
                    "site_code",
                    "government_mark",
                ]
            },
        ),
        ("联系我们", {"fields": ["address", "postcode", "phone", "email", "office_hours"]}),
        (None, {"fields": ["updated_at"]}),
    ]

    def has_add_permission(self, request):
        # The record exists from the migrations on; asking would cost a query on every admin page.
        return False

    def get_object(self, request, object_id, from_field=None):
        # The one record, or a blank one that saving creates (if it was ever removed outside the admin).
        return SiteSettings.current() if str(object_id) == str(SITE_SETTINGS_PK) else None

    def changelist_view(self, request, extra_context=None):
        return redirect(reverse("admin:portal_sitesettings_change", args=[SITE_SETTINGS_PK]))


@admin.register(Announcement)
class AnnouncementAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["title", "issuer", "published_on", "is_published", "updated_at"]
    list_filter = ["is_published"]
    search_fields = ["title"]
    readonly_fields = ["created_at", "updated_at"]
    fields = ["title", "issuer", "published_on", "body", "is_published", "created_at", "updated_at"]


@admin.register(Exhibit)
class ExhibitAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["title", "hall", "order", "figure", "date", "is_published", "updated_at"]
    list_display_links = ["title"]
    list_filter = ["hall", "is_published"]
    search_fields = ["title", "narrative"]
    ordering = ["hall", "order", "pk"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": [("hall", "order"), "title", "narrative", "is_published"]}),
        ("图片", {"fields": ["image", "image_alt", "motif"]}),
        ("数据与日期", {"fields": ["figure", ("date", "date_precision"), "source"]}),
        (None, {"fields": ["created_at", "updated_at"]}),
    ]
