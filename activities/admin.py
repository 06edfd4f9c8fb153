from django.contrib import admin

from gzpartybuild.admin_tools import HistoryAdmin, NoDeleteMixin, TabularInline, year_filter
from gzpartybuild.templatetags import formats

from .admin_review import ActivityReviewAdminMixin
from .models import Activity, ActivityPhoto, Pairing


@admin.register(Pairing)
class PairingAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = [
        "party_organization",
        "partner",
        "kind",
        "status",
        "started_on",
        "ended_on",
        "projects",
        "funds_committed",
    ]
    list_filter = ["kind", "status", year_filter("started_on__year", "开始年份")]
    search_fields = [
        "party_organization__name",
        "partner_party_organization__name",
        "partner_organization__name",
        "partner_name",
        "village",
    ]
    list_select_related = ["party_organization", "partner_party_organization", "partner_organization"]
    autocomplete_fields = ["party_organization", "partner_party_organization", "partner_organization"]
    show_full_result_count = False
    list_per_page = 50
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["kind", "party_organization"]}),
        (
            "结对对象（三者只填其一）",
            {"fields": ["partner_party_organization", "partner_organization", "partner_name"]},
        ),
        ("千社扶百村", {"fields": [("village", "town", "district"), ("projects", "funds_committed")]}),
        ("期限与内容", {"fields": [("started_on", "ended_on", "status"), "description", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        # Every pairing names both sides (its __str__ too, in autocomplete results).
        return super().get_queryset(request).select_related(*self.list_select_related)

    @admin.display(description="结对对象")
    def partner(self, obj):
        return obj.partner_display


class ActivityPhotoInline(TabularInline):
    model = ActivityPhoto
    fields = ["image", "caption", "position"]


@admin.register(Activity)
class ActivityAdmin(ActivityReviewAdminMixin, NoDeleteMixin, HistoryAdmin):
    list_display = ["title", "kind", "organizer", "starts_at", "district", "state", "featured_hall", "volunteers"]
    list_filter = [
        "state",
        "kind",
        "district",
        "featured_hall",
        year_filter("starts_at__year", "活动年份", first_year=2016),
    ]
    search_fields = ["title", "organizer__name", "street", "place"]
    list_select_related = ["organizer"]
    autocomplete_fields = ["organizer", "co_organizers", "pairing"]
    show_full_result_count = False
    list_per_page = 50
    inlines = [ActivityPhotoInline]
    # The review workflow owns these; staff change them through review steps, not by hand.
    readonly_fields = [
        "state",
        "review_reason",
        "created_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "published_at",
        "created_at",
        "updated_at",
        "service_duration",
    ]
    fieldsets = [
        (None, {"fields": ["title", "kind", "organizer", "co_organizers", "pairing"]}),
        ("时间地点", {"fields": [("starts_at", "ends_at", "time_precision"), ("district", "street"), "place"]}),
        (
            "参与与成效",
            {
                "fields": [
                    ("party_members", "volunteers"),
                    ("service_minutes", "service_duration"),
                    ("people_served", "funds"),
                ]
            },
        ),
        ("活动内容", {"fields": ["description"]}),
        (
            "审核与展示",
            {
                "fields": [
                    "state",
                    "featured_hall",
                    "review_reason",
                    ("created_by", "submitted_at"),
                    ("reviewed_by", "reviewed_at"),
                    "published_at",
                    ("created_at", "updated_at"),
                ]
            },
        ),
    ]

    @admin.display(description="折合")
    def service_duration(self, obj):
        """The minutes as the secretary typed them: 2550 -> "42 小时 30 分"."""
        return formats.duration(obj.service_minutes) if obj.service_minutes is not None else "—"

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ActivityPhoto)
class ActivityPhotoAdmin(HistoryAdmin):
    list_display = ["__str__", "activity", "position", "created_at"]
    search_fields = ["caption", "activity__title"]
    list_select_related = ["activity"]
    autocomplete_fields = ["activity"]
    show_full_result_count = False
    fields = ["activity", "image", "caption", "position"]
