from django import forms
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render

from activities.models import Activity, Pairing
from gzpartybuild import figures
from gzpartybuild.filters import PublicFilterForm
from gzpartybuild.paging import paginate
from organizations.models import SocialOrganization

from .models import DemonstrationSite, PartyOrganization, StarRating

DETAIL_ACTIVITIES = 12
DETAIL_PAIRINGS = 50
DEMONSTRATION_PAGE_SIZE = 30


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
    activities = Activity.objects.published().filter(organizer=party_organization).for_gallery()[:DETAIL_ACTIVITIES]
    return render(
        request,
        "partybranches/partyorganization_detail.html",
        {"party_organization": party_organization, "pairings": pairings, "activities": activities},
    )


class DemonstrationFilterForm(PublicFilterForm):
    level = forms.ChoiceField(
        label="级别", required=False, choices=[("", "全部级别"), *DemonstrationSite.Level.choices]
    )


def demonstration_list(request):
    form = DemonstrationFilterForm(request.GET)
    sites = DemonstrationSite.objects.filter(party_organization__is_archived=False).select_related("party_organization")
    if "level" in form.values:
        sites = sites.filter(level=form.values["level"])
    page = paginate(
        sites.order_by("-year", "level", "title", "pk"),
        request.GET.get("page"),
        page_size=DEMONSTRATION_PAGE_SIZE,
    )
    return render(
        request,
        "partybranches/demonstrationsite_list.html",
        {
            "form": form,
            "page_obj": page,
            "sites": page.object_list,
            "query_params": form.querydict(),
            "notices": form.notices + page.notices,
            "figures": figures.demonstration_figures(),
        },
    )
