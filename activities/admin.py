from django.contrib import admin
from django.contrib.postgres.fields.array import ArrayContains
from django.db import connections
from django.db.models import Expression, Q, TextField, Value

from gzpartybuild.admin_tools import HistoryAdmin, NoDeleteMixin, TabularInline, search_words, year_filter
from gzpartybuild.templatetags import formats
from organizations.models import SHORT_SEARCH_MAX_LENGTH, ArrayOf, StoredNgrams
from partybranches.models import PartyOrganization

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


class StoredText(Expression):
    """A text column the database keeps and the model does not declare (migration 0010)."""

    output_field = TextField()

    def __init__(self, column):
        super().__init__()
        self.column = column

    def __eq__(self, other):
        return isinstance(other, StoredText) and other.column == self.column

    def __hash__(self):
        return hash((StoredText, self.column))

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name(self.column)}", []


# A staff search matching more party organizations' names than this is matched by a join on the
# organizer's name (a frequent word: the list, read newest first, fills at once) instead of a list of ids.
ORGANIZER_IDS_MAX = 500


def staff_search(queryset, words):
    """Activities of any state whose title, street or place, or whose organizer's name, contains `words`.

    On PostgreSQL the title, street and place are one stored column in capitals with a trigram
    index (three characters or more) and its one- and two-character n-grams with a GIN index
    (migration 0010); the organizers are looked up first (one query) and matched by id, so
    that PostgreSQL combines both indexes in one bitmap (BitmapOr) for a rare word and reads
    the list's order index for a frequent one. Elsewhere (SQLite) the columns are scanned."""
    organizer_ids = list(
        PartyOrganization.objects.filter(name__icontains=words)
        .order_by()
        .values_list("pk", flat=True)[: ORGANIZER_IDS_MAX + 1]
    )
    if len(organizer_ids) > ORGANIZER_IDS_MAX:
        by_organizer = Q(organizer__name__icontains=words)
    else:
        by_organizer = Q(organizer_id__in=organizer_ids)
    if connections[queryset.db].vendor != "postgresql":
        by_text = Q(title__icontains=words) | Q(street__icontains=words) | Q(place__icontains=words)
        return queryset.filter(by_text | by_organizer)
    capitals = words.upper()
    queryset = queryset.alias(staff_search_text=StoredText("staff_search_text"))
    by_text = Q(staff_search_text__contains=capitals)
    if len(words) <= SHORT_SEARCH_MAX_LENGTH:
        by_text &= Q(ArrayContains(StoredNgrams("staff_search_ngrams"), ArrayOf(Value(capitals))))
    return queryset.filter(by_text | by_organizer)


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
    search_help_text = "按活动名称、街道、地点或主办党组织名称中的文字查找。"
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

    def get_search_results(self, request, queryset, search_term):
        """The search through the indexes of migration 0010 (see `staff_search`), for the list
        and for the autocomplete of a photo's activity."""
        words = search_words(search_term)
        if not words:
            return queryset, False
        return staff_search(queryset, words), False

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
