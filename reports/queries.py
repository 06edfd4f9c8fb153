"""The figures of the staff reports, each computed with a fixed number of grouped queries.

Every function here runs the same number of SQL queries whatever the number of
records (GROUP BY and correlated EXISTS, never a query per row); the tests pin it.
"""

import calendar
import datetime
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BooleanField, Case, CharField, Count, F, IntegerField, Max, Min, Q, Sum, Value, When
from django.db.models.functions import Cast, Coalesce, Greatest, TruncMonth
from django.utils import timezone

from activities.figures import activity_figures, activity_months, pairing_figures
from activities.models import Activity
from gzpartybuild.aggregates import percent
from gzpartybuild.caching import cached
from gzpartybuild.charts import bars, columns
from organizations.figures import organization_figures
from organizations.models import District, SocialOrganization, covered_organization_ids
from partybranches.figures import party_organization_figures
from partybranches.models import DemonstrationSite, Milestone, PartyOrganization, StarRating
from sourcedfigures.models import Statistic
from towns.models import CharacteristicTown, TownHighlight

DISTRICT_LABELS = dict(District.choices)
NO_DISTRICT = "未标注区"
COVERING = PartyOrganization.organizations.through

# 活动异常 in this system: a registered organization with a party organization, none of
# whose party organizations organized or co-organized a published activity in this many
# months before the report date (see `inactive_organizations`).
INACTIVITY_MONTHS = 12


def rate(part, whole):
    """A percentage with one decimal (gzpartybuild.aggregates.percent), or None when there is nothing to divide by."""
    if not whole:
        return None
    return percent(part, whole)


def hours(minutes):
    return (Decimal(minutes or 0) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def registered_organizations():
    """Organizations the reports count: the public ones, registered (正常) and not archived."""
    return SocialOrganization.objects.public()


def covered_ids(formation=None):
    """Ids of organizations covered by a party organization (not archived) of `formation`.

    Used as `pk__in=covered_ids()`: an uncorrelated subquery the database hashes once,
    whatever its statistics say (a correlated EXISTS per row can go badly wrong).
    """
    links = covered_organization_ids()
    if formation:
        links = links.filter(partyorganization__formation=formation)
    return links


# ---------------------------------------------------------------- 两个覆盖


@dataclass
class CoverageRow:
    label: str
    organizations: int = 0
    alone: int = 0
    joint: int = 0
    industry: int = 0
    charter: int = 0
    party_organizations: int = 0
    one_shoulder: int = 0

    @property
    def covered(self):
        return self.alone + self.joint + self.industry

    @property
    def coverage_rate(self):
        return rate(self.covered, self.organizations)

    @property
    def charter_rate(self):
        return rate(self.charter, self.organizations)

    @property
    def one_shoulder_rate(self):
        return rate(self.one_shoulder, self.party_organizations)

    def add(self, other):
        for name in ("organizations", "alone", "joint", "industry", "charter", "party_organizations", "one_shoulder"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def coverage_by_district(*, org_type="", level="", field=""):
    """两个覆盖 by district: (rows, total). Two queries.

    An organization covered by several party organizations counts once, under the
    first of 单独组建, 联合组建, 行业覆盖 that applies. The 一肩挑 rate is over the party
    organizations covering the organizations counted, by the party organization's district.
    """
    organizations = registered_organizations()
    if org_type:
        organizations = organizations.filter(org_type=org_type)
    if level:
        organizations = organizations.filter(level=level)
    if field:
        organizations = organizations.filter(field=field)
    # One pass over organizations LEFT JOIN their party organizations: each organization is
    # counted once (DISTINCT) in each bucket; the precedence comes from nesting the buckets.
    formation = PartyOrganization.Formation
    live = Q(party_organizations__is_archived=False)
    by_district = (
        organizations.values("district")
        .annotate(
            n=Count("pk", distinct=True),
            n_charter=Count("pk", distinct=True, filter=Q(charter_has_party_building=True)),
            n_covered=Count("pk", distinct=True, filter=live),
            n_alone=Count("pk", distinct=True, filter=live & Q(party_organizations__formation=formation.ALONE)),
            n_alone_or_joint=Count(
                "pk",
                distinct=True,
                filter=live & Q(party_organizations__formation__in=[formation.ALONE, formation.JOINT]),
            ),
        )
        .order_by()
    )
    rows = {value: CoverageRow(label) for value, label in District.choices}
    for item in by_district:
        row = rows.setdefault(item["district"], CoverageRow(DISTRICT_LABELS.get(item["district"], NO_DISTRICT)))
        row.organizations = item["n"]
        row.alone = item["n_alone"]
        row.joint = item["n_alone_or_joint"] - item["n_alone"]
        row.industry = item["n_covered"] - item["n_alone_or_joint"]
        row.charter = item["n_charter"]

    party_organizations = PartyOrganization.objects.active().filter(
        pk__in=COVERING.objects.filter(socialorganization__in=organizations).values("partyorganization_id")
    )
    for item in (
        party_organizations.values("district")
        .annotate(n=Count("pk"), n_head=Count("pk", filter=Q(secretary_is_head=True)))
        .order_by()
    ):
        key = item["district"] or ""
        row = rows.setdefault(key, CoverageRow(DISTRICT_LABELS.get(key, NO_DISTRICT)))
        row.party_organizations = item["n"]
        row.one_shoulder = item["n_head"]

    ordered = [rows[value] for value in District.values] + [
        row for key, row in rows.items() if key not in District.values
    ]
    total = CoverageRow("合计")
    for row in ordered:
        total.add(row)
    return ordered, total


# ---------------------------------------------------------------- risk list


RISK_NONE = "none"
RISK_NOT_OWN = "not_own"


def organizations_without_own_party_organization(*, district="", org_type="", situation=""):
    """Organizations that should have their own party organization and have none.

    The rule (SocialOrganization.OWN_PARTY_ORG_THRESHOLD): an organization with that many
    full party members or more should form its own party organization (单独组建). Listed:
    registered ones not covered by any party organization formed alone. `situation`
    narrows to those covered by none (RISK_NONE) or only jointly / by industry (RISK_NOT_OWN).
    """
    queryset = (
        registered_organizations()
        .should_have_party_organization()
        .exclude(pk__in=covered_ids(PartyOrganization.Formation.ALONE))
        .annotate(has_any=Case(When(pk__in=covered_ids(), then=True), default=False, output_field=BooleanField()))
    )
    if district:
        queryset = queryset.filter(district=district)
    if org_type:
        queryset = queryset.filter(org_type=org_type)
    if situation == RISK_NONE:
        queryset = queryset.filter(has_any=False)
    elif situation == RISK_NOT_OWN:
        queryset = queryset.filter(has_any=True)
    return queryset.order_by("-party_member_count", "name")


def risk_counts(queryset):
    """{'none': n, 'not_own': n, 'total': n} for a risk queryset, in one query."""
    counts = queryset.aggregate(none=Count("pk", filter=Q(has_any=False)), not_own=Count("pk", filter=Q(has_any=True)))
    counts["total"] = counts["none"] + counts["not_own"]
    return counts


def months_before(day, months):
    """The same day `months` months earlier (the month's last day if it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def inactivity_window(as_of):
    """[since, until) in aware datetimes: the INACTIVITY_MONTHS months up to the end of `as_of`."""
    since = months_before(as_of, INACTIVITY_MONTHS) + datetime.timedelta(days=1)
    until = as_of + datetime.timedelta(days=1)
    return (
        timezone.make_aware(datetime.datetime.combine(since, datetime.time.min)),
        timezone.make_aware(datetime.datetime.combine(until, datetime.time.min)),
    )


def inactive_organizations(*, as_of, district="", org_type=""):
    """活动异常 in this system (INACTIVITY_MONTHS): see the module constant.

    Registered organizations covered by at least one party organization, none of whose
    (not archived) party organizations organized or co-organized a published activity
    that started in the window. Each row carries the date of its last published activity.
    """
    since, until = inactivity_window(as_of)
    recent = Activity.objects.filter(state=Activity.State.PUBLISHED, starts_at__gte=since, starts_at__lt=until)
    active_parties = PartyOrganization.objects.active().filter(
        Q(pk__in=recent.values("organizer_id"))
        | Q(pk__in=Activity.co_organizers.through.objects.filter(activity__in=recent).values("partyorganization_id"))
    )
    active_organizations = COVERING.objects.filter(partyorganization__in=active_parties).values("socialorganization_id")
    queryset = (
        registered_organizations()
        .filter(pk__in=covered_ids())
        .exclude(pk__in=active_organizations)
        .annotate(
            last_organized=Max(
                "party_organizations__activities__starts_at",
                filter=Q(
                    party_organizations__is_archived=False,
                    party_organizations__activities__state=Activity.State.PUBLISHED,
                    party_organizations__activities__starts_at__lt=until,
                ),
            ),
            last_co_organized=Max(
                "party_organizations__co_organized_activities__starts_at",
                filter=Q(
                    party_organizations__is_archived=False,
                    party_organizations__co_organized_activities__state=Activity.State.PUBLISHED,
                    party_organizations__co_organized_activities__starts_at__lt=until,
                ),
            ),
        )
        # The later of the two; NULL only when neither exists (GREATEST treats NULL apart per database).
        .annotate(
            last_activity=Greatest(
                Coalesce("last_organized", "last_co_organized"), Coalesce("last_co_organized", "last_organized")
            )
        )
    )
    if district:
        queryset = queryset.filter(district=district)
    if org_type:
        queryset = queryset.filter(org_type=org_type)
    return queryset.order_by(F("last_activity").asc(nulls_first=True), "name")


# ---------------------------------------------------------------- stars


@dataclass
class StarRow:
    year: int
    counts: dict = field(default_factory=dict)

    @property
    def by_stars(self):
        return [self.counts.get(stars, 0) for stars in range(1, 6)]

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def average(self):
        if not self.total:
            return None
        weighted = sum(stars * n for stars, n in self.counts.items())
        return (Decimal(weighted) / self.total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    @property
    def by_stars_with_rates(self):
        return [(n, rate(n, self.total)) for n in self.by_stars]


def star_distribution(*, year_from=None, year_to=None, district="", kind=""):
    """评星定级: per year, how many party organizations got 1 to 5 stars. One query."""
    ratings = StarRating.objects.filter(party_organization__is_archived=False)
    if year_from:
        ratings = ratings.filter(year__gte=year_from)
    if year_to:
        ratings = ratings.filter(year__lte=year_to)
    if district:
        ratings = ratings.filter(party_organization__district=district)
    if kind:
        ratings = ratings.filter(party_organization__kind=kind)
    rows = {}
    for item in ratings.values("year", "stars").annotate(n=Count("pk")).order_by("-year", "stars"):
        rows.setdefault(item["year"], StarRow(item["year"])).counts[item["stars"]] = item["n"]
    total = StarRow(year=None)
    for row in rows.values():
        for stars, n in row.counts.items():
            total.counts[stars] = total.counts.get(stars, 0) + n
    return list(rows.values()), total


# ---------------------------------------------------------------- activities


GROUP_BY = {
    "district": "所在区",
    "kind": "活动类型",
    "party_organization": "主办党组织",
    "organization": "社会组织",
    "month": "月份",
}
# Groupings of a few dozen rows (districts, kinds, months), computed whole; the others are paged in SQL.
SHORT_GROUPINGS = ("district", "kind", "month")
STATE_PUBLISHED = "published"
STATE_ALL = "all"


@dataclass
class ActivityRow:
    label: str
    code: str = ""
    activities: int = 0
    party_members: int = 0
    volunteers: int = 0
    service_minutes: int = 0
    study_minutes: int = 0
    people_served: int = 0
    funds: Decimal = Decimal("0")
    # {figure: {"known": activities with it recorded, "of": activities it could cover}}
    recorded: dict = field(default_factory=dict)

    @property
    def service_hours(self):
        return hours(self.service_minutes)

    @property
    def study_hours(self):
        return hours(self.study_minutes)

    def known(self, name):
        """The figure `name` (service_hours and study_hours by their minutes), or None when the
        row's activities recorded it none of them: unknown, not zero."""
        counts = self.recorded.get(name.replace("_hours", "_minutes"))
        if counts and counts["of"] and not counts["known"]:
            return None
        return getattr(self, name)

    @property
    def incomplete(self):
        """The figures whose sum leaves out activities that did not record them: [(label, known, of)]."""
        return [
            (label, self.recorded[name]["known"], self.recorded[name]["of"])
            for name, label in RECORDED_LABELS
            if name in self.recorded and self.recorded[name]["known"] < self.recorded[name]["of"]
        ]

    def packed(self):
        """The row as a tuple of plain values, cheap to pickle: a cached report of 80,000 rows took
        0.4 s to unpickle as dataclasses holding dicts, on every page of it."""
        plain = (getattr(self, item.name) for item in dataclass_fields(self) if item.name != "recorded")
        return (*plain, tuple((name, counts["known"], counts["of"]) for name, counts in self.recorded.items()))

    @classmethod
    def unpacked(cls, packed):
        *plain, recorded = packed
        return cls(*plain, recorded={name: {"known": known, "of": of} for name, known, of in recorded})

    def add(self, other):
        for name in ("activities", "party_members", "volunteers", "service_minutes", "study_minutes", "people_served"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.funds += other.funds
        for name, counts in other.recorded.items():
            mine = self.recorded.setdefault(name, {"known": 0, "of": 0})
            mine["known"] += counts["known"]
            mine["of"] += counts["of"]


RECORDED_LABELS = [
    ("party_members", "参与党员"),
    ("volunteers", "志愿者"),
    ("service_minutes", "服务时长"),
    ("study_minutes", "学时"),
    ("people_served", "服务群众"),
    ("funds", "投入资金"),
]


def activity_sums(prefix=""):
    """The report's sums over activities (`prefix` reaches them through a relation, e.g.
    "activity__"), with how many activities each covers: an unknown figure is left out."""
    study = Q(**{f"{prefix}kind": Activity.Kind.STUDY})
    return {
        "n_activities": Count(f"{prefix}pk" if prefix else "pk"),
        "n_study_activities": Count(f"{prefix}pk" if prefix else "pk", filter=study),
        "n_party_members": Coalesce(Sum(f"{prefix}party_members"), 0),
        "n_volunteers": Coalesce(Sum(f"{prefix}volunteers"), 0),
        "n_service": Coalesce(Sum(f"{prefix}service_minutes", filter=~study), 0),
        "n_study": Coalesce(Sum(f"{prefix}service_minutes", filter=study), 0),
        "n_served": Coalesce(Sum(f"{prefix}people_served"), 0),
        "n_funds": Sum(f"{prefix}funds"),
        "k_party_members": Count(f"{prefix}party_members"),
        "k_volunteers": Count(f"{prefix}volunteers"),
        "k_service": Count(f"{prefix}service_minutes", filter=~study),
        "k_study": Count(f"{prefix}service_minutes", filter=study),
        "k_served": Count(f"{prefix}people_served"),
        "k_funds": Count(f"{prefix}funds"),
    }


ACTIVITY_SUMS = activity_sums()


def _activity_row(label, item, code=""):
    n, n_study = item["n_activities"], item["n_study_activities"]
    return ActivityRow(
        label=label,
        code=code,
        activities=n,
        party_members=item["n_party_members"],
        volunteers=item["n_volunteers"],
        service_minutes=item["n_service"],
        study_minutes=item["n_study"],
        people_served=item["n_served"],
        funds=item["n_funds"] or Decimal("0"),
        recorded={
            "party_members": {"known": item["k_party_members"], "of": n},
            "volunteers": {"known": item["k_volunteers"], "of": n},
            "service_minutes": {"known": item["k_service"], "of": n - n_study},
            "study_minutes": {"known": item["k_study"], "of": n_study},
            "people_served": {"known": item["k_served"], "of": n},
            "funds": {"known": item["k_funds"], "of": n},
        },
    )


def filtered_activities(
    *, date_from=None, date_to=None, district="", kind="", party_organization="", organization="", state=""
):
    """Activities matching the report's filters (published ones unless `state` is STATE_ALL).

    Dates are local (Asia/Shanghai) days, both ends included. `party_organization` and
    `organization` match part of a name, or a whole credit code; an activity matches them
    through its organizer or any of its co-organizers.
    """
    queryset = Activity.objects.all()
    if state == STATE_ALL:
        queryset = queryset.exclude(state=Activity.State.DRAFT)
    else:
        queryset = queryset.filter(state=Activity.State.PUBLISHED)
    if date_from:
        queryset = queryset.filter(
            starts_at__gte=timezone.make_aware(datetime.datetime.combine(date_from, datetime.time.min))
        )
    if date_to:
        end = date_to + datetime.timedelta(days=1)
        queryset = queryset.filter(starts_at__lt=timezone.make_aware(datetime.datetime.combine(end, datetime.time.min)))
    if district:
        queryset = queryset.filter(district=district)
    if kind:
        queryset = queryset.filter(kind=kind)
    if party_organization:
        queryset = _taken_part_by(queryset, PartyOrganization.objects.filter(name__icontains=party_organization))
    if organization:
        matching = SocialOrganization.objects.filter(
            Q(name__icontains=organization) | Q(credit_code=organization.upper())
        )
        queryset = _taken_part_by(queryset, PartyOrganization.objects.filter(organizations__in=matching))
    return queryset


def _taken_part_by(queryset, parties):
    """The activities organized or co-organized by one of `parties` (subqueries: no duplicate rows)."""
    ids = parties.values("pk")
    co_organized = Activity.co_organizers.through.objects.filter(partyorganization_id__in=ids).values("activity_id")
    return queryset.filter(Q(organizer__in=ids) | Q(pk__in=co_organized))


def _merge_co_organized(own, co_organized, limit):
    """Rows of organizers plus rows of co-organizers, merged on their keys, most activities first."""
    rows = {}
    for row_key, row in own + co_organized:
        if row_key in rows:
            rows[row_key].add(row)
        else:
            rows[row_key] = row
    ordered = sorted(rows.values(), key=lambda row: (-row.activities, row.label))
    return ordered[:limit] if limit is not None else ordered


def activity_total(queryset):
    """The 合计 row: every activity of `queryset` counted once. One query."""
    return _activity_row("合计", queryset.aggregate(**ACTIVITY_SUMS))


def _grouped(queryset, group_by):
    if group_by == "district":
        return queryset.values("district").annotate(**ACTIVITY_SUMS).order_by("district")
    if group_by == "kind":
        return queryset.values("kind").annotate(**ACTIVITY_SUMS).order_by("kind")
    if group_by == "month":
        return (
            queryset.annotate(month=TruncMonth("starts_at")).values("month").annotate(**ACTIVITY_SUMS).order_by("month")
        )
    raise ValueError(f"unknown grouping {group_by!r}")


def _group_row(item, group_by):
    if group_by == "district":
        return _activity_row(DISTRICT_LABELS.get(item["district"], item["district"]), item)
    if group_by == "kind":
        return _activity_row(dict(Activity.Kind.choices).get(item["kind"], item["kind"]), item)
    return _activity_row(f"{item['month']:%Y年%m月}", item)


# Groupings where an activity counts for its organizer and for every co-organizer (and, by
# organization, for each organization they cover).
CO_ORGANIZED_GROUPINGS = {"party_organization", "organization"}


def activity_groups(queryset, *, group_by="district", offset=0, limit=None):
    """Rows offset..offset+limit of the activity figures grouped by `group_by` (a GROUP_BY key).

    One query; two or three (a page of them) grouped by party organization or organization, where an activity counts
    for its organizer and for every co-organizer (and, by organization, for each organization
    they cover), so the rows may add up to more than the total, which counts every activity once."""
    end = None if limit is None else offset + limit
    if group_by == "party_organization":
        return _with_co_organizers(queryset, ("id", "name"), end, _party_organization_row)[offset:end]
    if group_by == "organization":
        fields = ("organizations__id", "organizations__name", "organizations__credit_code")
        return _with_co_organizers(queryset, fields, end, _organization_row)[offset:end]
    grouped = _grouped(queryset, group_by)
    if limit is not None:
        grouped = grouped[offset : offset + limit]
    return [_group_row(item, group_by) for item in grouped]


def activity_group_count(queryset, *, group_by="district"):
    """How many rows `activity_groups` has. One query (two by party organization or organization)."""
    if group_by in CO_ORGANIZED_GROUPINGS:
        return len(activity_groups(queryset, group_by=group_by))
    return _grouped(queryset, group_by).count()


def activity_totals(queryset, *, group_by="district"):
    """(every row, total) of the activity figures grouped by `group_by`. Two queries."""
    return activity_groups(queryset, group_by=group_by), activity_total(queryset)


def _with_co_organizers(queryset, fields, limit, make_row):
    """Rows grouped by the organizer's `fields` (the first is the key) plus the same grouped by
    co-organizer, merged: an activity counts for its organizer and every co-organizer. Three
    queries: the co-organizers' rows, the organizers' first `limit` rows, and the organizers'
    rows of the co-organizers (a party organization may be both), enough to order exactly;
    two without a limit, where the organizers' rows are all fetched at once."""
    co = Activity.co_organizers.through.objects.filter(activity__in=queryset.values("pk"))
    co_rows = [
        (item[f"partyorganization__{fields[0]}"], make_row(item, "partyorganization__"))
        for item in co.values(*(f"partyorganization__{name}" for name in fields))
        .annotate(**activity_sums("activity__"))
        .order_by()
    ]
    own = queryset.values(*(f"organizer__{name}" for name in fields)).annotate(**ACTIVITY_SUMS)
    first = own.order_by("-n_activities", f"organizer__{fields[1]}")
    first = list(first[:limit] if limit is not None else first)
    # Without a limit every organizer's row is already fetched: no third query.
    co_organizing = own.filter(**{f"organizer__{fields[0]}__in": co.values(f"partyorganization__{fields[0]}")})
    fetched, own_rows = set(), []
    for item in first + ([] if limit is None else list(co_organizing.order_by())):
        key = item[f"organizer__{fields[0]}"]
        if key not in fetched:
            fetched.add(key)
            own_rows.append((key, make_row(item, "organizer__")))
    return _merge_co_organized(own_rows, co_rows, limit)


def _party_organization_row(item, prefix):
    return _activity_row(item[f"{prefix}name"], item)


def _organization_row(item, prefix):
    return _activity_row(
        item[f"{prefix}organizations__name"] or "（党组织未关联社会组织）",
        item,
        code=item[f"{prefix}organizations__credit_code"] or "",
    )


# ---------------------------------------------------------------- admin index


# ---------------------------------------------------------------- admin dashboard

# The records whose changes by staff the admin index lists: (model, the field naming a record).
STAFF_CHANGE_SOURCES = [
    (SocialOrganization, "name"),
    (PartyOrganization, "name"),
    (Activity, "title"),
    (DemonstrationSite, "title"),
    (Milestone, "title"),
    (CharacteristicTown, "name"),
    (TownHighlight, "title"),
    (Statistic, "label"),
]
STAFF_CHANGES_LISTED = 10
HISTORY_ACTIONS = {"+": "新增", "~": "修改", "-": "删除"}


@cached("staff_changes", *(model for model, _ in STAFF_CHANGE_SOURCES))
def staff_changes():
    """The latest changes bureau staff made to the main records (their simple_history rows),
    newest first: one UNION query, cached until one of those models changes (every change
    writes its history row and bumps the model's version)."""
    parts = [
        model.history.filter(history_user__is_staff=True)
        .order_by()
        .annotate(change_source=Value(index, output_field=IntegerField()), change_label=Cast(F(name), CharField()))
        .values_list(
            "history_date",
            "history_type",
            "id",
            "history_user__username",
            "history_user__first_name",
            "change_source",
            "change_label",
        )
        for index, (model, name) in enumerate(STAFF_CHANGE_SOURCES)
    ]
    rows = parts[0].union(*parts[1:], all=True).order_by("-history_date")[:STAFF_CHANGES_LISTED]
    changes = []
    for at, kind, pk, username, first_name, source, label in rows:
        model = STAFF_CHANGE_SOURCES[source][0]
        changes.append(
            {
                "at": at,
                "user": first_name or username,
                "action": HISTORY_ACTIONS.get(kind, "修改"),
                "model": model._meta.verbose_name,
                "app_label": model._meta.app_label,
                "model_name": model._meta.model_name,
                "pk": pk,
                "label": label,
            }
        )
    return changes


@cached("risk_size", SocialOrganization, PartyOrganization)
def risk_size():
    """How many organizations the risk list names (应单独组建而未组建), cached like the figures."""
    return risk_counts(organizations_without_own_party_organization())["total"]


def dashboard_figures():
    """Headline figures and the review queue for the admin index.

    The figures are the public pages' own (each app's figures module, cached under the same
    rules); only the review queue (its size and oldest submission) is counted here, on every visit."""
    organizations = organization_figures()
    party = party_organization_figures()
    activities = activity_figures()
    queue = Activity.objects.filter(state=Activity.State.SUBMITTED).aggregate(
        submitted=Count("pk"), oldest=Min("submitted_at")
    )
    return {
        "organizations": organizations["total"],
        "covered": organizations["covered"],
        "coverage_rate": organizations["coverage_percent"],
        "party_organizations": party["total"],
        "party_members": party["members"],
        "one_shoulder_rate": percent(party["secretary_is_head"], party["total"]),
        "submitted": queue["submitted"],
        "oldest_submitted_at": queue["oldest"],
        "oldest_waiting": timezone.now() - queue["oldest"] if queue["oldest"] else None,
        "published": activities["total"],
        "volunteers": activities["volunteers"],
        "service_hours": None if activities["service_minutes"] is None else hours(activities["service_minutes"]),
        "service_minutes": activities["service_minutes"],
        "recorded": activities["recorded"],
        "pairings": pairing_figures()["active"],
        "risk_size": risk_size(),
        "staff_changes": staff_changes(),
        # The public statistics' own series (cached alike), drawn for staff: published
        # activities in the last 24 months that have any, and coverage by district.
        "months": columns(activity_months()),
        "coverage": bars(organizations["coverage"], value="percent", scale=100),
        "coverage_rows": organizations["coverage"],
    }
