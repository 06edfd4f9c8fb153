import re
import uuid

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.fields.array import ArrayContains
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import (
    Case,
    Exists,
    Expression,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Collate, Upper
from django.db.models.lookups import IsNull
from django.urls import reverse
from simple_history.models import HistoricalRecords

from gzpartybuild.filters import SEARCH_MAX_LENGTH
from uploads.images import CleanedImageField
from uploads.stored_files import follow_records

from .validators import credit_code_format_errors, social_organization_code_errors


class District(models.TextChoices):
    """Guangzhou's 11 districts, keyed by their administrative division codes."""

    YUEXIU = "440104", "越秀区"
    HAIZHU = "440105", "海珠区"
    LIWAN = "440103", "荔湾区"
    TIANHE = "440106", "天河区"
    BAIYUN = "440111", "白云区"
    HUANGPU = "440112", "黄埔区"
    PANYU = "440113", "番禺区"
    HUADU = "440114", "花都区"
    NANSHA = "440115", "南沙区"
    CONGHUA = "440117", "从化区"
    ZENGCHENG = "440118", "增城区"


CITY_DIVISION = "440100"

# A fragment of a credit code: its characters only (no I, O, S, V, Z), at least two of them.
_CODE_FRAGMENT = re.compile(r"[0-9A-HJ-NP-RTUW-Y]{2,18}")


# Searches this short have no trigram to look up; the n-gram index serves them (PostgreSQL).
SHORT_SEARCH_MAX_LENGTH = 2


class ShortNgrams(Func):
    """The distinct one- and two-character substrings of a text, as an array (PostgreSQL).

    `short_ngrams()` is created by organizations' migration 0003; a GIN index over it finds
    the names containing a one- or two-character search, which pg_trgm cannot (a trigram
    index needs three characters)."""

    function = "short_ngrams"
    output_field = ArrayField(TextField())


class StoredNgrams(Expression):
    """A column of short_ngrams() kept by PostgreSQL itself (PostgreSQL only, migration 0005).

    `name_ngrams` holds short_ngrams(UPPER(name)), `name_tail_ngrams` the same of the name
    without its first character, each with a GIN index. Stored, so that a plan reading rows
    in order (a frequent word: the first page fills at once) checks a stored array instead
    of computing the n-grams of every name it passes, which cost far more than the LIKE."""

    output_field = ArrayField(TextField())

    def __init__(self, column):
        super().__init__()
        self.column = column

    def __eq__(self, other):
        return isinstance(other, StoredNgrams) and other.column == self.column

    def __hash__(self):
        return hash((StoredNgrams, self.column))

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.{connection.ops.quote_name(self.column)}", []


class NameTail(Func):
    """The name in capitals without its first character: the names containing a search
    anywhere but at their start are those whose tail contains it (indexes in migration 0004)."""

    function = "SUBSTR"
    output_field = TextField()

    def __init__(self, **extra):
        super().__init__(Upper("name"), Value(2), **extra)


class ArrayOf(Func):
    template = "ARRAY[%(expressions)s]"
    output_field = ArrayField(TextField())


def covered_by_party_organization():
    """A condition on social organizations: covered by at least one active party organization."""
    party_organization = SocialOrganization._meta.get_field("party_organizations").related_model
    return Exists(party_organization.objects.active().filter(organizations=OuterRef("pk")))


def covered_organization_ids():
    """A subquery of the ids of organizations covered by an active party organization.

    For aggregates over every organization: `pk__in` lets PostgreSQL hash these ids once,
    where a correlated Exists would run once per organization."""
    through = SocialOrganization._meta.get_field("party_organizations").through
    return through.objects.filter(partyorganization__is_archived=False).values("socialorganization_id")


def sort_name(vendor):
    """The directory's name order: the name in capitals, compared code point by code point.

    On PostgreSQL it is written with the "C" collation so that one btree index
    (org_sort_name_idx) serves the exact name, the names starting with a search (LIKE 'q%')
    and the order by name, whatever the database's own collation."""
    expression = Upper("name")
    return Collate(expression, "C") if vendor == "postgresql" else expression


# Relevance of a name to a search: the name itself, then names starting with it, then the rest.
EXACT, PREFIX, CONTAINS = 0, 1, 2


class SocialOrganizationQuerySet(models.QuerySet):
    def active(self):
        """Not archived by the bureau (archived records leave every public page)."""
        return self.filter(is_archived=False)

    def public(self):
        return self.active().filter(status=SocialOrganization.Status.NORMAL)

    def should_have_party_organization(self):
        return self.filter(party_member_count__gte=SocialOrganization.OWN_PARTY_ORG_THRESHOLD)

    def search(self, query, *, after_first_character=False):
        """Name (substring, any case) or unified social credit code (substring).

        On PostgreSQL the GIN indexes declared in Meta serve both: trigrams for three
        characters or more, one- and two-character n-grams for shorter searches.
        With `after_first_character`, only names containing the query after their first
        character (the name without its first character has its own indexes): the names
        that contain a frequent word without starting with it are few, and found at once.
        The query is cut to SEARCH_MAX_LENGTH characters."""
        query = " ".join((query or "").split())[:SEARCH_MAX_LENGTH]
        if not query:
            return self
        queryset, condition = self._search_condition(query, after_first_character)
        return queryset.filter(condition)

    def _search_condition(self, query, after_first_character):
        """(this queryset with what the condition refers to, the condition) for search()."""
        postgres = connections[self.db].vendor == "postgresql"
        if after_first_character and postgres:
            # The tail's stored n-grams find the candidates, and the words' first position checks
            # them: a LIKE over SUBSTR(UPPER(name), 2) cost 7 µs a name (60 ms for the 8,474 names
            # containing 天河区), the position under 1 µs.
            from .search import StoredColumn, tail_contains

            self, condition = tail_contains(self, StoredColumn("name_key"), query, "name_tail_ngrams")
        elif after_first_character:
            tail = NameTail()
            self = self.alias(name_tail=tail)
            condition = Q(name_tail__contains=query.upper())
            if len(query) <= SHORT_SEARCH_MAX_LENGTH and postgres:
                condition &= Q(ArrayContains(StoredNgrams("name_tail_ngrams"), ArrayOf(Value(query.upper()))))
        else:
            condition = Q(name__icontains=query)
            if len(query) <= SHORT_SEARCH_MAX_LENGTH and postgres:
                # The same names, which the n-gram index finds without reading the whole table.
                condition &= Q(ArrayContains(StoredNgrams("name_ngrams"), ArrayOf(Upper(Value(query)))))
        code = query.replace(" ", "").upper()
        if _CODE_FRAGMENT.fullmatch(code):
            code_condition = Q(credit_code__contains=code)
            if len(code) <= SHORT_SEARCH_MAX_LENGTH and postgres:
                code_condition &= Q(ArrayContains(ShortNgrams("credit_code"), ArrayOf(Value(code))))
            if after_first_character:  # the names starting with the words rank before
                code_condition &= ~Q(name__istartswith=query)
            condition |= code_condition
        return self, condition

    def _vendor(self):
        return connections[self.db].vendor

    def with_sort_name(self):
        return self.alias(sort_name=sort_name(self._vendor()))

    def ranked(self, query):
        """The organizations matching `query`, each annotated with its `relevance` (EXACT, PREFIX
        or CONTAINS by name; a credit-code match counts as CONTAINS), by relevance then name.

        Evaluate it a page at a time with `relevance_page`: on PostgreSQL that never ranks every
        match of a frequent word (see docs/PERFORMANCE.md)."""
        query = " ".join((query or "").split())[:SEARCH_MAX_LENGTH]
        return self._relevance(self.search(query), query.upper()).order_by("relevance", "sort_name", "pk")

    @staticmethod
    def _relevance(queryset, capitals):
        return queryset.with_sort_name().annotate(
            relevance=Case(
                When(sort_name=capitals, then=Value(EXACT)),
                When(sort_name__startswith=capitals, then=Value(PREFIX)),
                default=Value(CONTAINS),
                output_field=IntegerField(),
            )
        )

    def relevance_page(self, query, offset, limit):
        """Rows offset..offset+limit of `ranked(query)` (this queryset holds the other filters).

        On PostgreSQL, three ordered scans each stop after offset+limit rows: the exact name and
        the names starting with the query walk the sort-name btree index; the other matches are
        read in name order (the same index, for a frequent word) or found through the trigram
        and n-gram indexes and sorted (for a rare one), as the planner's estimate decides.
        Elsewhere (SQLite) one query ranks every match."""
        ranked = self.ranked(query)
        if self._vendor() != "postgresql" or not query.strip():
            return list(ranked[offset : offset + limit])
        capitals = " ".join(query.split())[:SEARCH_MAX_LENGTH].upper()
        end = offset + limit
        base = ranked.order_by()
        exact = base.filter(sort_name=capitals).order_by("pk")[:end]
        prefix = base.filter(sort_name__startswith=capitals).exclude(sort_name=capitals).order_by("sort_name", "pk")
        # The rest contain the words after their first character (or match by credit code): read in
        # name order for a while, then found and sorted (organizations.search.ordered_rest).
        from .search import StoredColumn, distinct_rows, ordered_rest

        tailed, condition = self._search_condition(query, after_first_character=True)
        contains = tailed.with_sort_name().annotate(relevance=Value(CONTAINS, output_field=IntegerField()))
        # The matches past the walk are sorted by the stored capitals (migration 0011), the same
        # values as sort_name without computing UPPER(name) for each.
        stored_key = Collate(StoredColumn("name_key"), "C")
        # The walk checks each name by the words' position alone (no index to tempt the planner);
        # a query that may be part of a credit code keeps its whole condition.
        code_fragment = _CODE_FRAGMENT.fullmatch(query.replace(" ", "").upper())
        walk_condition = condition if code_fragment else Q(search_at__gt=1)
        walk, beyond = ordered_rest(
            contains, condition, ("sort_name", "pk"), end, sort_expression=stored_key, walk_condition=walk_condition
        )
        union = exact.union(prefix[:end], walk, beyond, all=True)
        return _ordered_slice(distinct_rows(union), offset, limit)

    def with_party_organization_flag(self):
        """Annotate `has_party_organization` (covered by at least one active party organization).

        Written as "(first covering party organization) IS NOT NULL" rather than EXISTS: PostgreSQL
        may run an EXISTS in the select list as one hash over every covered organization, built
        before the first row even when the page shows twenty; a scalar subquery runs per row shown."""
        party_organization = SocialOrganization._meta.get_field("party_organizations").related_model
        first_covering = (
            party_organization.objects.active().filter(organizations=OuterRef("pk")).order_by().values("pk")[:1]
        )
        return self.annotate(has_party_organization=IsNull(Subquery(first_covering), False))

    def covered(self, covered=True):
        """Organizations that are (or, with covered=False, are not) covered by a party organization."""
        condition = covered_by_party_organization()
        return self.filter(condition if covered else ~condition)

    def for_list(self):
        """The directory's rows: public fields only, with the party-organization flag."""
        return self.with_party_organization_flag().only(
            "pk", "name", "credit_code", "org_type", "level", "district", "evaluation_grade", "is_charity"
        )


def _ordered_slice(union, offset, limit):
    """Rows offset..offset+limit of a union of ranked branches, by relevance then name."""
    rows = sorted(union, key=lambda row: (row.relevance, row.name.upper(), row.pk))
    return rows[offset : offset + limit]


def logo_upload_to(instance, filename):
    # The uploaded name (which may carry a person's name) is never used.
    return f"organizations/logos/{uuid.uuid4().hex}.jpg"


class SocialOrganization(models.Model):
    """社会组织: a social organization registered with civil affairs in Guangzhou."""

    # An organization with this many full party members or more should form its own
    # party organization; fewer join a joint one (联合党支部).
    OWN_PARTY_ORG_THRESHOLD = 3

    class Type(models.TextChoices):
        SOCIETY = "society", "社会团体"
        PRIVATE_NON_ENTERPRISE = "private_non_enterprise", "民办非企业单位"
        FOUNDATION = "foundation", "基金会"

    TYPE_DIGIT = {Type.SOCIETY: "1", Type.PRIVATE_NON_ENTERPRISE: "2", Type.FOUNDATION: "3"}

    class Level(models.TextChoices):
        CITY = "city", "市级"
        DISTRICT = "district", "区级"

    class Status(models.TextChoices):
        NORMAL = "normal", "正常"
        DEREGISTERED = "deregistered", "注销"
        REVOKED = "revoked", "撤销"

    class Grade(models.TextChoices):
        NONE = "", "未评估"
        A1 = "1A", "1A"
        A2 = "2A", "2A"
        A3 = "3A", "3A"
        A4 = "4A", "4A"
        A5 = "5A", "5A"

    class Field(models.TextChoices):
        INDUSTRY = "industry", "行业协会商会"
        SCIENCE = "science", "科技研究"
        SOCIAL_SERVICE = "social_service", "社会服务"
        CULTURE = "culture", "文化"
        EDUCATION = "education", "教育"
        HEALTH = "health", "卫生健康"
        SPORTS = "sports", "体育"
        ENVIRONMENT = "environment", "生态环境"
        LAW = "law", "法律服务"
        CHARITY = "charity", "公益慈善"
        OTHER = "other", "其他"

    name = models.CharField("名称", max_length=200, unique=True)
    credit_code = models.CharField(
        "统一社会信用代码",
        max_length=18,
        unique=True,
        help_text="18位，符合 GB 32100-2015；社会组织以“5”开头，第2位与组织类型一致。",
    )
    credit_code_verified = models.BooleanField(
        "人工核实",
        default=False,
        help_text="早期登记的代码可能不通过校验；经人工核实后勾选此项方可保存。",
    )
    org_type = models.CharField("组织类型", max_length=32, choices=Type, default=Type.SOCIETY)
    level = models.CharField("登记层级", max_length=16, choices=Level, default=Level.DISTRICT)
    district = models.CharField("所在区", max_length=6, choices=District)
    supervising_unit = models.CharField("业务主管单位", max_length=200, blank=True)
    field = models.CharField("活动领域", max_length=32, choices=Field, default=Field.OTHER)
    business_scope = models.TextField("业务范围", max_length=5000, blank=True)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    registered_on = models.DateField("成立登记日期", null=True, blank=True)
    registered_funds = models.DecimalField(
        "注册资金（元）",
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="社会团体为注册资金，民办非企业单位为开办资金，基金会为原始基金；未登记的留空。",
    )
    address = models.CharField("住所", max_length=300, blank=True)
    status = models.CharField("登记状态", max_length=16, choices=Status, default=Status.NORMAL)
    evaluation_grade = models.CharField("评估等级", max_length=2, choices=Grade, default=Grade.NONE, blank=True)
    evaluation_valid_until = models.DateField(
        "评估等级有效期至", null=True, blank=True, help_text="评估等级有效期五年。"
    )
    is_charity = models.BooleanField("认定为慈善组织", default=False)
    party_member_count = models.PositiveIntegerField(
        "从业人员中正式党员数", default=0, help_text="3名以上正式党员应单独组建党组织。"
    )
    charter_has_party_building = models.BooleanField("党建写入章程", default=False)
    description = models.TextField("简介", max_length=5000, blank=True)
    logo = CleanedImageField("标志", upload_to=logo_upload_to, blank=True)
    contact_phone = models.CharField("联系电话（不公开）", max_length=30, blank=True)
    is_archived = models.BooleanField("已归档", default=False, help_text="归档后不再在公开页面显示，记录保留。")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = SocialOrganizationQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="社会组织变更记录")

    class Meta:
        verbose_name = "社会组织"
        verbose_name_plural = "社会组织"
        ordering = ["name"]
        indexes = [
            models.Index(fields=["org_type"], name="org_type_idx"),
            models.Index(fields=["district"], name="org_district_idx"),
            models.Index(fields=["status"], name="org_status_idx"),
            models.Index(fields=["evaluation_grade"], name="org_grade_idx"),
            models.Index(fields=["registered_on"], name="org_registered_on_idx"),
            # The admin's search by the legal representative's full name (migration 0009).
            models.Index(fields=["legal_representative"], name="org_legal_representative_idx"),
            # Directory search (substring of the name or credit code); PostgreSQL only, see
            # migration 0002: SQLite has no GIN indexes and searches by scanning.
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="org_name_trgm_idx"),
            GinIndex(fields=["credit_code"], opclasses=["gin_trgm_ops"], name="org_credit_code_trgm_idx"),
            # Searches of one or two characters (migration 0003 creates short_ngrams(); PostgreSQL only).
            GinIndex(ShortNgrams(Upper("name")), name="org_name_short_ngram_idx"),
            GinIndex(ShortNgrams("credit_code"), name="org_code_short_ngram_idx"),
            # The directory's orders and the exact and prefix parts of its relevance order (migration
            # 0004; PostgreSQL only: the "C" collation of sort_name() is PostgreSQL's).
            models.Index(Collate(Upper("name"), "C"), name="org_sort_name_idx"),
            GinIndex(OpClass(NameTail(), name="gin_trgm_ops"), name="org_name_tail_trgm_idx"),
            models.Index(
                F("registered_on").desc(nulls_last=True), Collate(Upper("name"), "C"), name="org_founded_sort_idx"
            ),
            models.Index(F("evaluation_grade").desc(), Collate(Upper("name"), "C"), name="org_grade_sort_idx"),
            # The directory filtered by district, in name order (migration 0010; PostgreSQL only).
            models.Index("district", Collate(Upper("name"), "C"), name="org_district_sort_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(registered_funds__gte=0),
                name="organizations_socialorganization_funds_nonnegative",
            ),
            models.CheckConstraint(
                condition=Q(credit_code__regex=r"^[0-9A-HJ-NP-RTUW-Y]{18}$"),
                name="organizations_socialorganization_credit_code_charset",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organizations:detail", args=[self.pk])

    @property
    def should_have_party_organization(self):
        return self.party_member_count >= self.OWN_PARTY_ORG_THRESHOLD

    def credit_code_problems(self):
        """What is wrong with the credit code for this organization (empty if nothing).

        Returns (errors, overridable): length and illegal characters can never be kept;
        a failing check character, issuer, type or division can, once staff tick 人工核实.
        """
        code = (self.credit_code or "").strip().upper()
        format_errors = credit_code_format_errors(code)
        if format_errors:
            return format_errors, False
        errors = social_organization_code_errors(code, self.TYPE_DIGIT.get(self.org_type))
        if not errors and self.district:
            division = code[2:8]
            if division.startswith("4401") and division not in {CITY_DIVISION, self.district}:
                errors = [
                    f"统一社会信用代码中的行政区划码“{division}”与所在区"
                    f"（{District(self.district).label}，{self.district}）不一致。"
                ]
        return errors, True

    def clean(self):
        super().clean()
        errors = {}
        if self.credit_code:
            self.credit_code = self.credit_code.strip().upper()
            problems, overridable = self.credit_code_problems()
            if problems and not overridable:
                errors["credit_code"] = problems
            elif problems and not self.credit_code_verified:
                errors["credit_code"] = problems + ["如该代码为早期登记且已人工核实，请勾选“人工核实”后保存。"]
        if self.registered_funds is not None and self.registered_funds < 0:
            errors["registered_funds"] = "注册资金不能为负数。"
        if errors:
            raise ValidationError(errors)


follow_records(SocialOrganization, "logo")
