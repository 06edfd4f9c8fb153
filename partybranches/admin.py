from django.contrib import admin
from django.db.models import Exists, OuterRef, Q

from gzpartybuild.admin_tools import (
    ArchiveActionsMixin,
    HistoryAdmin,
    NoDeleteMixin,
    TabularInline,
    search_words,
    year_filter,
)
from organizations.models import SocialOrganization

from .models import DemonstrationSite, Milestone, PartyOrganization, StarRating

# A staff search matching more organizations than this matches covered organizations through a
# per-row EXISTS (a frequent word: the list, read by name, fills at once) instead of a list of ids.
ORGANIZATION_IDS_MAX = 500


def staff_search(queryset, words):
    """Party organizations whose name or secretary's name contains `words`, or which cover an
    organization whose name or credit code contains them.

    The organizations are found first through their own indexes (SocialOrganization.search, one
    query) and matched by id: no join of every covered organization and no DISTINCT."""
    covering = PartyOrganization.organizations.through.objects
    organization_ids = list(
        SocialOrganization.objects.search(words).order_by().values_list("pk", flat=True)[: ORGANIZATION_IDS_MAX + 1]
    )
    if len(organization_ids) > ORGANIZATION_IDS_MAX:
        by_organization = Exists(
            covering.filter(partyorganization=OuterRef("pk")).filter(
                Q(socialorganization__name__icontains=words) | Q(socialorganization__credit_code=words.upper())
            )
        )
    else:
        by_organization = Q(
            pk__in=covering.filter(socialorganization_id__in=organization_ids).values("partyorganization_id")
        )
    return queryset.filter(Q(name__icontains=words) | Q(secretary_name__icontains=words) | by_organization)


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
    search_help_text = "按党组织名称、书记姓名，或所覆盖社会组织的名称、统一社会信用代码查找。"
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

    def get_search_results(self, request, queryset, search_term):
        """`staff_search`, for the list and the autocomplete of other forms: no duplicates to remove."""
        words = search_words(search_term)
        if not words:
            return queryset, False
        return staff_search(queryset, words), False

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
