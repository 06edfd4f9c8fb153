"""The figures of the staff reports, each computed with a fixed number of grouped queries.

Every function here runs the same number of SQL queries whatever the number of
records (GROUP BY and correlated EXISTS, never a query per row); the tests pin it.
"""

import calendar
import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import BooleanField, Case, Count, F, Max, Q, Sum, When
from django.db.models.functions import Coalesce, Greatest, TruncMonth
from django.utils import timezone

from activities.figures import activity_figures, activity_months, pairing_figures
from activities.models import Activity
from gzpartybuild.aggregates import percent
from gzpartybuild.charts import bars, columns
from organizations.figures import organization_figures
from organizations.models import District, SocialOrganization, covered_organization_ids
from partybranches.figures import party_organization_figures
from partybranches.models import PartyOrganization, StarRating

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

    @property
    def service_hours(self):
        return hours(self.service_minutes)

    @property
    def study_hours(self):
        return hours(self.study_minutes)


ACTIVITY_SUMS = {
    "n_activities": Count("pk"),
    "n_party_members": Coalesce(Sum("party_members"), 0),
    "n_volunteers": Coalesce(Sum("volunteers"), 0),
    "n_service": Coalesce(Sum("service_minutes", filter=~Q(kind=Activity.Kind.STUDY)), 0),
    "n_study": Coalesce(Sum("service_minutes", filter=Q(kind=Activity.Kind.STUDY)), 0),
    "n_served": Coalesce(Sum("people_served"), 0),
    "n_funds": Sum("funds"),
}


def _activity_row(label, item, code=""):
    return ActivityRow(
        label=label,
        code=code,
        activities=item["n_activities"],
        party_members=item["n_party_members"],
        volunteers=item["n_volunteers"],
        service_minutes=item["n_service"],
        study_minutes=item["n_study"],
        people_served=item["n_served"],
        funds=item["n_funds"] or Decimal("0"),
    )


def filtered_activities(
    *, date_from=None, date_to=None, district="", kind="", party_organization="", organization="", state=""
):
    """Activities matching the report's filters (published ones unless `state` is STATE_ALL).

    Dates are local (Asia/Shanghai) days, both ends included. `party_organization` and
    `organization` match part of a name, or a whole credit code.
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
        queryset = queryset.filter(organizer__name__icontains=party_organization)
    if organization:
        matching = SocialOrganization.objects.filter(
            Q(name__icontains=organization) | Q(credit_code=organization.upper())
        )
        queryset = queryset.filter(
            organizer__in=PartyOrganization.objects.filter(organizations__in=matching).values("pk")
        )
    return queryset


def activity_total(queryset):
    """The 合计 row: every activity of `queryset` counted once. One query."""
    return _activity_row("合计", queryset.aggregate(**ACTIVITY_SUMS))


def _grouped(queryset, group_by):
    if group_by == "district":
        return queryset.values("district").annotate(**ACTIVITY_SUMS).order_by("district")
    if group_by == "kind":
        return queryset.values("kind").annotate(**ACTIVITY_SUMS).order_by("kind")
    if group_by == "party_organization":
        return (
            queryset.values("organizer_id", "organizer__name")
            .annotate(**ACTIVITY_SUMS)
            .order_by("-n_activities", "organizer__name", "organizer_id")
        )
    if group_by == "organization":
        return (
            queryset.values(
                "organizer__organizations__id",
                "organizer__organizations__name",
                "organizer__organizations__credit_code",
            )
            .annotate(**ACTIVITY_SUMS)
            .order_by("-n_activities", "organizer__organizations__name", "organizer__organizations__id")
        )
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
    if group_by == "party_organization":
        return _activity_row(item["organizer__name"], item)
    if group_by == "organization":
        return _activity_row(
            item["organizer__organizations__name"] or "（党组织未关联社会组织）",
            item,
            code=item["organizer__organizations__credit_code"] or "",
        )
    return _activity_row(f"{item['month']:%Y年%m月}", item)


def activity_groups(queryset, *, group_by="district", offset=0, limit=None):
    """Rows offset..offset+limit of the activity figures grouped by `group_by` (a GROUP_BY key). One query.

    Grouped by organization, an activity of a party organization covering several
    organizations counts for each of them (the total counts every activity once)."""
    grouped = _grouped(queryset, group_by)
    if limit is not None:
        grouped = grouped[offset : offset + limit]
    return [_group_row(item, group_by) for item in grouped]


def activity_group_count(queryset, *, group_by="district"):
    """How many rows `activity_groups` has. One query."""
    return _grouped(queryset, group_by).count()


def activity_totals(queryset, *, group_by="district"):
    """(every row, total) of the activity figures grouped by `group_by`. Two queries."""
    return activity_groups(queryset, group_by=group_by), activity_total(queryset)


# ---------------------------------------------------------------- admin index


def dashboard_figures():
    """Headline figures and the review queue for the admin index.

    The figures are the public pages' own (each app's figures module, cached under the same
    rules); only the review queue is counted here, on every visit."""
    organizations = organization_figures()
    party = party_organization_figures()
    activities = activity_figures()
    submitted = Activity.objects.filter(state=Activity.State.SUBMITTED).count()
    return {
        "organizations": organizations["total"],
        "covered": organizations["covered"],
        "coverage_rate": organizations["coverage_percent"],
        "party_organizations": party["total"],
        "party_members": party["members"],
        "one_shoulder_rate": percent(party["secretary_is_head"], party["total"]),
        "submitted": submitted,
        "published": activities["total"],
        "volunteers": activities["volunteers"],
        "service_hours": hours(activities["service_minutes"]),
        "service_minutes": activities["service_minutes"],
        "pairings": pairing_figures()["active"],
        # The public statistics' own series (cached alike), drawn for staff: published
        # activities in the last 24 months that have any, and coverage by district.
        "months": columns(activity_months()),
        "coverage": bars(organizations["coverage"], value="percent", scale=100),
        "coverage_rows": organizations["coverage"],
    }
