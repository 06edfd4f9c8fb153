"""Figures of the published activities and the public pairings.

Computed from records, cached (gzpartybuild.caching) until a record of a model they read
changes. The portal, the admin dashboard and the reports all read these functions: one
definition per figure, one rounding rule (gzpartybuild.aggregates.percent).
"""

import datetime
from decimal import Decimal

from django.db.models import Count, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce, Concat, TruncMonth
from django.utils import timezone

from gzpartybuild.aggregates import choice_rows
from gzpartybuild.caching import cached
from partybranches.models import PartyOrganization

from .models import Activity, Pairing

# The figures an activity may leave unknown (NULL): sums over them skip the unknown ones.
RECORDED_FIGURES = ("party_members", "volunteers", "service_minutes", "people_served", "funds")


@cached("activities", Activity, public=True)
def activity_figures():
    """Published activities: how many, by kind, and what they add up to."""
    rows = (
        Activity.objects.published()
        .values("kind")
        .annotate(
            # How many activities each sum covers: an unknown figure (NULL) is left out of it.
            # (Counted before the sums below take the fields' names.)
            **{f"known_{name}": Count(name) for name in RECORDED_FIGURES},
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

    def recorded(name, rows):
        rows = list(rows)
        return {"known": sum(row[f"known_{name}"] for row in rows), "of": sum(row["n"] for row in rows)}

    study = [row for row in rows if row["kind"] == Activity.Kind.STUDY]
    not_study = [row for row in rows if row["kind"] != Activity.Kind.STUDY]
    figures = {
        "total": sum(row["n"] for row in rows),
        "by_kind": choice_rows(Activity.Kind.choices, by_kind),
        "count": by_kind,
        "party_members": sum(row["party_members"] for row in rows),
        "volunteers": sum(row["volunteers"] for row in rows),
        # 服务时长: the time given by every kind but study; study time is 学时 (study_minutes).
        "service_minutes": sum(row["minutes"] for row in rows if row["kind"] != Activity.Kind.STUDY),
        "study_minutes": sum(row["minutes"] for row in rows if row["kind"] == Activity.Kind.STUDY),
        "people_served": sum(row["people_served"] for row in rows),
        "funds": sum((Decimal(row["funds"]) for row in rows), Decimal("0")),
        # {figure: {"known": activities with the figure recorded, "of": activities it could cover}}
        "recorded": {
            "party_members": recorded("party_members", rows),
            "volunteers": recorded("volunteers", rows),
            "service_minutes": recorded("service_minutes", not_study),
            "study_minutes": recorded("service_minutes", study),
            "people_served": recorded("people_served", rows),
            "funds": recorded("funds", rows),
        },
    }
    # A sum over activities none of which recorded the figure is unknown (None), not zero.
    for name, counts in figures["recorded"].items():
        if counts["of"] and not counts["known"]:
            figures[name] = None
    return figures


@cached("activity_years", Activity, public=True)
def activity_years():
    """The years with published activities, newest first (the years a filter offers)."""
    return [moment.year for moment in Activity.objects.published().datetimes("starts_at", "year", order="DESC")]


@cached("activity_months", Activity, public=True)
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


@cached("pairings", Pairing, PartyOrganization, public=True)
def pairing_figures():
    """Pairings by kind (all, and still active)."""
    rows = (
        Pairing.objects.public()
        .values("kind")
        .annotate(
            n=Count("pk"),
            active=Count("pk", filter=Q(status=Pairing.Status.ACTIVE)),
            holders=Count("party_organization", distinct=True),
            partner_organizations=Count("partner_organization", distinct=True),
            partner_names=Count("partner_name", distinct=True),
        )
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
        # Distinct party organizations holding pairings of each kind, and distinct partners.
        "holders": {code: row["holders"] for code, row in counts.items()},
        "partners": {code: max(row["partner_organizations"], row["partner_names"]) for code, row in counts.items()},
        "active": sum(row["active"] for row in counts.values()),
    }


@cached("village_aid", Pairing, PartyOrganization, public=True)
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


@cached("village_aid_organizations", Pairing, PartyOrganization, public=True)
def village_aid_organization_count():
    """千社扶百村 across districts: distinct party organizations holding its pairings, and the
    distinct social organizations they cover (the article counts social organizations)."""
    return (
        Pairing.objects.public()
        .filter(kind=Pairing.Kind.VILLAGE_AID)
        .aggregate(
            party_organizations=Count("party_organization", distinct=True),
            organizations=Count("party_organization__organizations", distinct=True),
        )
    )
