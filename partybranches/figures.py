"""Figures of the party organizations: members, formations, star ratings, demonstration sites.

Computed from records, cached (gzpartybuild.caching) until a record of a model they read
changes. The portal, the admin dashboard and the reports all read these functions: one
definition per figure, one rounding rule (gzpartybuild.aggregates.percent).
"""

from django.db.models import Count, F, IntegerField, Q, Sum
from django.db.models.functions import Coalesce, ExtractYear

from gzpartybuild.aggregates import choice_rows, percent
from gzpartybuild.caching import cached

from .models import DemonstrationSite, PartyOrganization, StarRating


@cached("party_organizations", PartyOrganization, public=True)
def party_organization_figures():
    """Active party organizations and their members, by year founded, formation and roles."""
    rows = (
        PartyOrganization.objects.active()
        .annotate(year=ExtractYear("founded_on"))
        .values("year", "district")
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
    keys = ("n", "members", "alone", "joint", "industry", "head", "cross", "first_secretaries", "instructors")
    # One row per year and district: the districts are summed here, the years below.
    by_year_rows, by_district = {}, {}
    for row in rows:
        merged = by_year_rows.setdefault(row["year"], {"year": row["year"], **dict.fromkeys(keys, 0)})
        for key in keys:
            merged[key] += row[key]
        by_district[row["district"]] = by_district.get(row["district"], 0) + row["n"]
    rows = list(by_year_rows.values())
    sums = {key: sum(row[key] for row in rows) for key in keys}
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
        "by_formation": choice_rows(
            PartyOrganization.Formation.choices,
            {"alone": sums["alone"], "joint": sums["joint"], "industry": sums["industry"]},
        ),
        "secretary_is_head": sums["head"],
        "cross_appointment": sums["cross"],
        "first_secretaries": sums["first_secretaries"],
        "instructors": sums["instructors"],
        "by_year": by_year,
        # Party organizations by their district's code ("" for those with no district recorded).
        "by_district": by_district,
        "undated": {"n": undated["n"], "members": undated["members"]} if undated else None,
    }


@cached("instructors", PartyOrganization, public=True)
def instructor_count():
    """党建指导员 of active party organizations: people, by name (one may guide several)."""
    return PartyOrganization.objects.active().exclude(instructor="").values("instructor").distinct().count()


@cached("stars", StarRating, PartyOrganization, public=True)
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


@cached("demonstration", DemonstrationSite, PartyOrganization, public=True)
def demonstration_figures():
    """Demonstration sites (示范点/基地) of active party organizations, by level."""
    rows = (
        DemonstrationSite.objects.filter(party_organization__is_archived=False)
        .values("level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {row["level"]: row["n"] for row in rows}
    return {"total": sum(counts.values()), "by_level": choice_rows(DemonstrationSite.Level.choices, counts)}


def plan_period_growth(figures, first_year=2016, last_year=2020):
    """Party organizations and members at the start and end of a plan period (十三五: 2016–2020),
    from party_organization_figures(): the start counts those founded before first_year, the end
    all but those founded after last_year (records without a founding date count at the end
    only); the yearly growth is the simple average, as the article gives it."""
    rows = {row["year"]: row for row in figures["by_year"]}
    before = [row for year, row in rows.items() if year < first_year]
    start = max(before, key=lambda row: row["year"]) if before else {"total": 0, "members": 0}
    later = [row for year, row in rows.items() if year > last_year]
    later_n = sum(row["founded"] for row in later)
    later_members = sum(row["members_added"] for row in later)
    end_n, end_members = figures["total"] - later_n, figures["members"] - later_members
    years = last_year - first_year + 1
    last = rows.get(last_year, {"founded": 0, "members_added": 0})

    def yearly(a, b):
        return percent(b - a, a * years) if a else None

    return {
        "first_year": first_year,
        "last_year": last_year,
        "organizations_start": start["total"],
        "organizations_end": end_n,
        "organizations_growth": yearly(start["total"], end_n),
        "members_start": start["members"],
        "members_end": end_members,
        "members_growth": yearly(start["members"], end_members),
        "founded_last_year": last["founded"],
        "members_added_last_year": last["members_added"],
    }
