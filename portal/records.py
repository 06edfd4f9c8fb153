"""The public page of one social organization and of one party organization.

Each shows a record with what the apps above it know of it (its party organizations,
pairings, activities), so they live here, on top of the domain apps, rather than in the
app that owns the record (docs/DESIGN.md, "Layout").
"""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render

from activities.models import Activity, Pairing
from organizations.models import SocialOrganization
from organizations.search import is_postgresql
from partybranches.models import DemonstrationSite, PartyOrganization, StarRating

DETAIL_ACTIVITIES = 12
DETAIL_PAIRINGS = 50
# A party organization's page shows this many subordinates, and under each this many of theirs;
# the directory (/branches/?parent=<id>) lists them all.
SUBORDINATES_SHOWN = 30
SUB_SUBORDINATES_SHOWN = 10
# Ancestors read with the record itself (党委 → 总支 → 支部 is three levels; one more to spare).
ANCESTOR_LEVELS = 3


def _organized_by(party_ids, newest=None):
    """Published activities that any of these party organizations organized or co-organized.

    With `newest` (PostgreSQL), only candidates among the `newest` of each kind: written as one
    OR, PostgreSQL read the whole gallery in date order to find the dozen of the busiest party
    organization (35,000 activities read, 70–130 ms at 10×); the newest of its own and of those it
    co-organized, each from their own index, are two dozen rows to sort."""
    co_organized = Activity.co_organizers.through.objects.filter(partyorganization_id__in=party_ids).values(
        "activity_id"
    )
    published = Activity.objects.published()
    if newest is None or not is_postgresql(published):
        return published.filter(Q(organizer__in=party_ids) | Q(pk__in=co_organized))
    order = ("-starts_at", "-pk")
    own = published.filter(organizer__in=party_ids).order_by(*order).values("pk")[:newest]
    shared = published.filter(pk__in=co_organized).order_by(*order).values("pk")[:newest]
    return published.filter(pk__in=own.union(shared))


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
    activities = _organized_by(party_ids, DETAIL_ACTIVITIES).for_gallery()[:DETAIL_ACTIVITIES] if party_ids else []
    return render(
        request,
        "organizations/organization_detail.html",
        {"organization": organization, "activities": activities},
    )


def _with_subordinate_count(queryset):
    """Each party organization with the number of its active subordinates, in the same query."""
    count = (
        PartyOrganization.objects.active()
        .filter(parent=OuterRef("pk"))
        .order_by()
        .values("parent")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return queryset.annotate(subordinate_count=Coalesce(Subquery(count, output_field=IntegerField()), Value(0)))


def _subordinates():
    """Active subordinates (党委 → 总支 → 支部) two levels down, each level bounded, in two queries."""
    fields = ["pk", "name", "kind", "formation", "district", "parent_id", "is_archived"]
    grandchildren = _with_subordinate_count(PartyOrganization.objects.active().only(*fields)).order_by("name", "pk")
    children = (
        _with_subordinate_count(PartyOrganization.objects.active().only(*fields))
        .order_by("name", "pk")
        .prefetch_related(
            Prefetch("children", queryset=grandchildren[:SUB_SUBORDINATES_SHOWN], to_attr="public_children")
        )
    )
    return Prefetch("children", queryset=children[:SUBORDINATES_SHOWN], to_attr="public_children")


def ancestors(party_organization):
    """The chain of active superiors read with the record, from the top down (None ends the chain)."""
    chain = []
    current = party_organization
    for _ in range(ANCESTOR_LEVELS):
        current = current.parent
        if current is None:
            break
        chain.append(current)
    return chain[::-1]


def _get_public_party_organization(pk):
    parents = "__".join(["parent"] * ANCESTOR_LEVELS)
    return get_object_or_404(
        _with_subordinate_count(PartyOrganization.objects.public())
        .select_related(parents)
        .prefetch_related(
            _subordinates(),
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
    activities = _organized_by([party_organization.pk], DETAIL_ACTIVITIES).for_gallery()[:DETAIL_ACTIVITIES]
    return render(
        request,
        "partybranches/partyorganization_detail.html",
        {
            "party_organization": party_organization,
            "ancestors": ancestors(party_organization),
            "pairings": pairings,
            "activities": activities,
        },
    )
