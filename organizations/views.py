from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from activities.models import Activity
from gzpartybuild import figures
from gzpartybuild.paging import paginate
from partybranches.models import PartyOrganization

from .filters import OrganizationFilterForm
from .models import SocialOrganization

PAGE_SIZE = 20
MAX_PAGES = 50
DETAIL_ACTIVITIES = 12


@figures.cached_public_page
def organization_list(request):
    form = OrganizationFilterForm(request.GET)
    organizations = form.apply(SocialOrganization.objects.public().for_list()).order_by("name")
    page = paginate(organizations, request.GET.get("page"), page_size=PAGE_SIZE, max_pages=MAX_PAGES)
    return render(
        request,
        "organizations/organization_list.html",
        {
            "form": form,
            "page_obj": page,
            "organizations": page.object_list,
            "query_params": form.querydict(),
            "notices": form.notices + page.notices,
            # The unfiltered total comes from the cached figures, never a COUNT(*) per request.
            "total": None if form.is_filtered else figures.organization_figures()["total"],
        },
    )


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
    activities = Activity.objects.published().filter(organizer__in=party_ids).for_gallery()[:DETAIL_ACTIVITIES]
    return render(
        request,
        "organizations/organization_detail.html",
        {"organization": organization, "activities": activities},
    )
