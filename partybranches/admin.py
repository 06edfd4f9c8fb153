from django.contrib import admin

from gzpartybuild.admin_tools import ArchiveActionsMixin, HistoryAdmin, NoDeleteMixin, TabularInline, year_filter

from .models import DemonstrationSite, Milestone, PartyOrganization, StarRating


class StarRatingInline(TabularInline):
    model = StarRating
    fields = ["year", "stars", "remarks"]

    def get_queryset(self, request):
        # Each row shows str(rating), which names the party organization.
        return super().get_queryset(request).select_related("party_organization")


class DemonstrationSiteInline(TabularInline):
    model = DemonstrationSite
    fields = ["level", "year", "title"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("party_organization")


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(NoDeleteMixin, ArchiveActionsMixin, HistoryAdmin):
    list_display = [
        "name",
        "kind",
        "formation",
        "district",
        "parent",
        "founded_on",
        "secretary_name",
        "member_count",
        "is_archived",
    ]
    list_filter = [
        "kind",
        "formation",
        "district",
        "secretary_is_head",
        "cross_appointment",
        year_filter("founded_on__year", "成立年份", first_year=1990),
        "is_archived",
    ]
    search_fields = ["name", "secretary_name", "=organizations__credit_code", "organizations__name"]
    list_select_related = ["parent"]
    show_full_result_count = False
    list_per_page = 50
    autocomplete_fields = ["parent", "organizations", "secretaries"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [StarRatingInline, DemonstrationSiteInline]
    fieldsets = [
        (
            "组织信息",
            {
                "fields": [
                    "name",
                    ("kind", "formation"),
                    "parent",
                    "organizations",
                    "district",
                    ("founded_on", "founded_precision"),
                ]
            },
        ),
        (
            "班子与党员",
            {
                "fields": [
                    ("secretary_name", "secretary_is_head", "cross_appointment"),
                    ("full_members", "probationary_members"),
                    ("first_secretary", "instructor"),
                ]
            },
        ),
        (
            "内部信息（不公开）",
            {"fields": ["contact_phone", "secretaries", "is_archived", "created_at", "updated_at"]},
        ),
    ]

    @admin.display(description="党员数（含预备）")
    def member_count(self, obj):
        return obj.member_count


@admin.register(StarRating)
class StarRatingAdmin(HistoryAdmin):
    list_display = ["party_organization", "year", "stars", "remarks"]
    list_filter = [year_filter("year", "年度"), "stars"]
    search_fields = ["party_organization__name"]
    list_select_related = ["party_organization"]
    autocomplete_fields = ["party_organization"]
    show_full_result_count = False


@admin.register(DemonstrationSite)
class DemonstrationSiteAdmin(HistoryAdmin):
    list_display = ["title", "party_organization", "level", "year"]
    list_filter = ["level", year_filter("year", "命名年度")]
    search_fields = ["title", "party_organization__name"]
    list_select_related = ["party_organization"]
    autocomplete_fields = ["party_organization"]


@admin.register(Milestone)
class MilestoneAdmin(HistoryAdmin):
    list_display = ["date", "precision", "title"]
    list_filter = [year_filter("date__year", "年份", first_year=2000)]
    search_fields = ["title", "description"]
