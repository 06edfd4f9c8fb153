"""The public page of one social organization and of one party organization.

Each shows a record with what the apps above it know of it (its party organizations,
pairings, activities), so they live here, on top of the domain apps, rather than in the
app that owns the record (docs/DESIGN.md, "Layout").
"""

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render

from activities.models import Activity, Pairing
from organizations.models import SocialOrganization
from partybranches.models import DemonstrationSite, PartyOrganization, StarRating

DETAIL_ACTIVITIES = 12
DETAIL_PAIRINGS = 50


def _organized_by(party_ids):
    """Published activities that any of these party organizations organized or co-organized."""
    co_organized = Activity.co_organizers.through.objects.filter(partyorganization_id__in=party_ids).values(
        "activity_id"
    )
    return Activity.objects.published().filter(Q(organizer__in=party_ids) | Q(pk__in=co_organized))


def _get_public_organization(pk):
    party_organizations = PartyOrganization.objects.active().order_by("name")
    return get_object_or_404(
        SocialOrganization.objects.public().prefetch_related(
            Prefetch("party_organizations", queryset=party_organizations, to_attr="public_party_organizations")
        ),
        pk=pk,
    )


def organization_detail(request, pk):
    organization = _get_public_organization(pk)
    party_ids = [party.pk for party in organization.public_party_organizations]
    # An empty list runs no query.
    activities = _organized_by(party_ids).for_gallery()[:DETAIL_ACTIVITIES] if party_ids else []
    return render(
        request,
        "organizations/organization_detail.html",
        {"organization": organization, "activities": activities},
    )


def _get_public_party_organization(pk):
    return get_object_or_404(
        PartyOrganization.objects.public()
        .select_related("parent")
        .prefetch_related(
            Prefetch(
                "organizations",
                queryset=SocialOrganization.objects.public().order_by("name"),
                to_attr="public_organizations",
            ),
            Prefetch("star_ratings", queryset=StarRating.objects.order_by("-year")),
            Prefetch("demonstration_sites", queryset=DemonstrationSite.objects.order_by("-year", "level", "title")),
        ),
        pk=pk,
    )


def party_organization_detail(request, pk):
    party_organization = _get_public_party_organization(pk)
    pairings = Pairing.objects.filter(
        Q(party_organization=party_organization) | Q(partner_party_organization=party_organization)
    ).for_list()[:DETAIL_PAIRINGS]
    activities = _organized_by([party_organization.pk]).for_gallery()[:DETAIL_ACTIVITIES]
    return render(
        request,
        "partybranches/partyorganization_detail.html",
        {"party_organization": party_organization, "pairings": pairings, "activities": activities},
    )
