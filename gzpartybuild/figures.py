"""Headline figures and chart data, computed from records and cached until records change.

Every figure is an aggregate over the records (never typed in). Each group of
figures is one GROUP BY query, cached (gzpartybuild.caching) under the versions of
the models it reads; saving or deleting a record bumps its model's version, so the
next request recomputes just the figures that read it: a secretary saving a draft
activity does not recompute the organization figures. Changes that send no signals
(QuerySet.update, bulk_create, raw SQL, loaddata) must call `invalidate_figures()`.
The cache timeout is a safety net only.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, F, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce, Concat, ExtractYear, TruncMonth
from django.utils import timezone

from activities.models import Activity, ActivityPhoto, Pairing
from organizations.models import District, SocialOrganization, covered_organization_ids
from partybranches.models import DemonstrationSite, Milestone, PartyOrganization, StarRating
from towns.models import CharacteristicTown, TownPhoto

from . import caching
from .caching import cached

TIMEOUT = caching.TIMEOUT

# Models whose rows the figures read: saving or deleting one makes the figures that read it stale.
SOURCE_MODELS = (SocialOrganization, PartyOrganization, StarRating, DemonstrationSite, Pairing, Activity)
# Further models that cached pages read (see the @cached_page views).
PAGE_MODELS = (ActivityPhoto, Milestone, CharacteristicTown, TownPhoto)


def invalidate_figures(*models):
    """Make the figures and pages reading these models (all of them if none given) stale.

    Model signals do this; call it yourself after changes that send none
    (QuerySet.update, bulk_create, raw SQL)."""
    caching.invalidate(*(models or SOURCE_MODELS + PAGE_MODELS))


def cached_public_page(view):
    """Serve anonymous visitors a cached copy of the page, stale after any change to a watched model.

    Pages depend on many models (figures, activity cards, towns); recomputing a page after
    an unrelated change costs one render, since the figures keep their own narrower versions."""
    return caching.cached_page(*SOURCE_MODELS, *PAGE_MODELS)(view)


def connect_receivers():
    caching.watch(*SOURCE_MODELS, *PAGE_MODELS)
    # Changes to who covers which organization count as changes to party organizations.
    caching.watch_m2m(PartyOrganization.organizations.through, PartyOrganization)


def _rows(choices, counts):
    """[{code, label, value}] in the choices' order, zero where there are no records."""
    return [{"code": code, "label": str(label), "value": counts.get(code, 0)} for code, label in choices]


@cached("organizations", SocialOrganization, PartyOrganization)
def organization_figures():
    """Public social organizations by type and by district, and party-organization coverage."""
    rows = (
        SocialOrganization.objects.public()
        .values("org_type", "district")
        .annotate(
            n=Count("pk"),
            covered=Count("pk", filter=Q(pk__in=covered_organization_ids())),
            charter=Count("pk", filter=Q(charter_has_party_building=True)),
        )
        .order_by()
    )
    by_type, by_district, covered_by_district = {}, {}, {}
    charter = 0
    for row in rows:
        by_type[row["org_type"]] = by_type.get(row["org_type"], 0) + row["n"]
        by_district[row["district"]] = by_district.get(row["district"], 0) + row["n"]
        covered_by_district[row["district"]] = covered_by_district.get(row["district"], 0) + row["covered"]
        charter += row["charter"]
    coverage = []
    for code, label in District.choices:
        total, covered = by_district.get(code, 0), covered_by_district.get(code, 0)
        coverage.append(
            {
                "code": code,
                "label": str(label),
                "total": total,
                "covered": covered,
                "percent": round(covered * 100 / total, 1) if total else 0,
            }
        )
    total = sum(by_type.values())
    covered_total = sum(covered_by_district.values())
    return {
        "total": total,
        "by_type": _rows(SocialOrganization.Type.choices, by_type),
        "by_district": _rows(District.choices, by_district),
        "coverage": coverage,
        "covered": covered_total,
        "coverage_percent": round(covered_total * 100 / total, 1) if total else 0,
        "charter": charter,
    }


@cached("party_organizations", PartyOrganization)
def party_organization_figures():
    """Active party organizations and their members, by year founded, formation and roles."""
    rows = (
        PartyOrganization.objects.active()
        .annotate(year=ExtractYear("founded_on"))
        .values("year")
        .annotate(
            n=Count("pk"),
            members=Coalesce(Sum(F("full_members") + F("probationary_members")), 0, output_field=IntegerField()),
            alone=Count("pk", filter=Q(formation=PartyOrganization.Formation.ALONE)),
            joint=Count("pk", filter=Q(formation=PartyOrganization.Formation.JOINT)),
            industry=Count("pk", filter=Q(formation=PartyOrganization.Formation.INDUSTRY)),
            head=Count("pk", filter=Q(secretary_is_head=True)),
            cross=Count("pk", filter=Q(cross_appointment=True)),
            first_secretaries=Count("pk", filter=~Q(first_secretary="")),
            instructors=Count("pk", filter=~Q(instructor="")),
        )
        .order_by()
    )
    rows = list(rows)
    sums = {
        key: sum(row[key] for row in rows)
        for key in ("n", "members", "alone", "joint", "industry", "head", "cross", "first_secretaries", "instructors")
    }
    dated = sorted((row for row in rows if row["year"] is not None), key=lambda row: row["year"])
    undated = next((row for row in rows if row["year"] is None), None)
    by_year, running_n, running_members = [], 0, 0
    if dated:
        counts = {row["year"]: row for row in dated}
        for year in range(dated[0]["year"], dated[-1]["year"] + 1):
            row = counts.get(year, {"n": 0, "members": 0})
            running_n += row["n"]
            running_members += row["members"]
            by_year.append(
                {
                    "year": year,
                    "label": f"{year}年",
                    "founded": row["n"],
                    "total": running_n,
                    "members_added": row["members"],
                    "members": running_members,
                }
            )
    return {
        "total": sums["n"],
        "members": sums["members"],
        "by_formation": _rows(
            PartyOrganization.Formation.choices,
            {"alone": sums["alone"], "joint": sums["joint"], "industry": sums["industry"]},
        ),
        "secretary_is_head": sums["head"],
        "cross_appointment": sums["cross"],
        "first_secretaries": sums["first_secretaries"],
        "instructors": sums["instructors"],
        "by_year": by_year,
        "undated": {"n": undated["n"], "members": undated["members"]} if undated else None,
    }


@cached("activities", Activity)
def activity_figures():
    """Published activities: how many, by kind, and what they add up to."""
    rows = (
        Activity.objects.published()
        .values("kind")
        .annotate(
            n=Count("pk"),
            party_members=Coalesce(Sum("party_members"), 0, output_field=IntegerField()),
            volunteers=Coalesce(Sum("volunteers"), 0, output_field=IntegerField()),
            minutes=Coalesce(Sum("service_minutes"), 0, output_field=IntegerField()),
            people_served=Coalesce(Sum("people_served"), 0, output_field=IntegerField()),
            funds=Coalesce(Sum("funds"), Value(Decimal("0"))),
        )
        .order_by()
    )
    rows = list(rows)
    by_kind = {row["kind"]: row["n"] for row in rows}
    return {
        "total": sum(row["n"] for row in rows),
        "by_kind": _rows(Activity.Kind.choices, by_kind),
        "count": by_kind,
        "party_members": sum(row["party_members"] for row in rows),
        "volunteers": sum(row["volunteers"] for row in rows),
        "service_minutes": sum(row["minutes"] for row in rows),
        "people_served": sum(row["people_served"] for row in rows),
        "funds": sum((Decimal(row["funds"]) for row in rows), Decimal("0")),
    }


@cached("activity_months", Activity)
def activity_months(span=24):
    """Published activities per month: the `span` months ending with the latest one that has any."""
    rows = (
        Activity.objects.published()
        .annotate(month=TruncMonth("starts_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by("month")
    )
    counts = {}
    for row in rows:
        month = row["month"]
        if isinstance(month, datetime.datetime):
            month = timezone.localtime(month).date() if timezone.is_aware(month) else month.date()
        counts[(month.year, month.month)] = row["n"]
    if not counts:
        return []
    year, month = max(counts)
    months = []
    for _ in range(span):
        months.append(
            {"year": year, "month": month, "label": f"{year}年{month}月", "value": counts.get((year, month), 0)}
        )
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    months.reverse()
    # Drop leading empty months when the records span less than `span` months.
    while months and months[0]["value"] == 0:
        months.pop(0)
    return months


@cached("pairings", Pairing, PartyOrganization)
def pairing_figures():
    """Pairings by kind (all, and still active)."""
    rows = (
        Pairing.objects.public()
        .values("kind")
        .annotate(n=Count("pk"), active=Count("pk", filter=Q(status=Pairing.Status.ACTIVE)))
        .order_by()
    )
    counts = {row["kind"]: row for row in rows}
    return {
        "total": sum(row["n"] for row in counts.values()),
        "by_kind": [
            {
                "code": code,
                "label": str(label),
                "value": counts.get(code, {}).get("n", 0),
                "active": counts.get(code, {}).get("active", 0),
            }
            for code, label in Pairing.Kind.choices
        ],
        "count": {code: row["n"] for code, row in counts.items()},
    }


@cached("village_aid", Pairing, PartyOrganization)
def village_aid_figures():
    """千社扶百村 by the villages' district: party organizations, villages, projects, funds."""
    rows = (
        Pairing.objects.public()
        .filter(kind=Pairing.Kind.VILLAGE_AID)
        .values("district")
        .annotate(
            organizations=Count("party_organization", distinct=True),
            villages=Count(Concat("town", Value("/"), "village"), distinct=True),
            projects=Coalesce(Sum("projects"), 0, output_field=IntegerField()),
            funds=Coalesce(Sum("funds_committed"), Value(Decimal("0"))),
        )
        .order_by()
    )
    by_district = sorted(
        (
            {
                "district": row["district"] or "未填写",
                "organizations": row["organizations"],
                "villages": row["villages"],
                "projects": row["projects"],
                "funds": Decimal(row["funds"]),
            }
            for row in rows
        ),
        key=lambda row: (-row["funds"], row["district"]),
    )
    totals = {
        key: sum((row[key] for row in by_district), Decimal("0") if key == "funds" else 0)
        for key in ("villages", "projects", "funds")
    }
    return {"by_district": by_district, **totals}


@cached("village_aid_organizations", Pairing, PartyOrganization)
def village_aid_organization_count():
    """Distinct party organizations in 千社扶百村 (across districts)."""
    return (
        Pairing.objects.public().filter(kind=Pairing.Kind.VILLAGE_AID).values("party_organization").distinct().count()
    )


@cached("stars", StarRating, PartyOrganization)
def star_figures():
    """Star ratings of active party organizations: counts by year and stars."""
    rows = (
        StarRating.objects.filter(party_organization__is_archived=False)
        .values("year", "stars")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_year = {}
    for row in rows:
        by_year.setdefault(row["year"], {})[row["stars"]] = row["n"]
    years = [
        {
            "year": year,
            "stars": [
                {"stars": stars, "label": f"{stars}星", "value": counts.get(stars, 0)} for stars in range(5, 0, -1)
            ],
            "total": sum(counts.values()),
        }
        for year, counts in sorted(by_year.items(), reverse=True)
    ]
    return {"years": years, "latest": years[0] if years else None}


@cached("demonstration", DemonstrationSite, PartyOrganization)
def demonstration_figures():
    """Demonstration sites (示范点/基地) of active party organizations, by level."""
    rows = (
        DemonstrationSite.objects.filter(party_organization__is_archived=False)
        .values("level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {row["level"]: row["n"] for row in rows}
    return {"total": sum(counts.values()), "by_level": _rows(DemonstrationSite.Level.choices, counts)}
