"""Figures of the social organizations: registered, by type and district, and coverage.

Computed from records, cached (gzpartybuild.caching) until a record of a model they read
changes. The portal, the admin dashboard and the reports all read these functions: one
definition per figure, one rounding rule (gzpartybuild.aggregates.percent).
"""

from django.db.models import Count, Q

from gzpartybuild.aggregates import choice_rows, percent
from gzpartybuild.caching import cached

from .models import District, SocialOrganization, covered_organization_ids


@cached("organizations", SocialOrganization, "partybranches.PartyOrganization", public=True)
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
                "percent": percent(covered, total),
            }
        )
    total = sum(by_type.values())
    covered_total = sum(covered_by_district.values())
    return {
        "total": total,
        "by_type": choice_rows(SocialOrganization.Type.choices, by_type),
        "by_district": choice_rows(District.choices, by_district),
        "coverage": coverage,
        "covered": covered_total,
        "coverage_percent": percent(covered_total, total),
        "charter": charter,
    }
