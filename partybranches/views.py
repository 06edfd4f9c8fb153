from django import forms
from django.shortcuts import render

from gzpartybuild.caching import cached_public_page
from gzpartybuild.filters import PublicFilterForm, list_page
from gzpartybuild.paging import count_results, paginate

from . import figures
from .filters import PartyOrganizationFilterForm, with_latest_stars
from .models import DemonstrationSite, PartyOrganization

DEMONSTRATION_PAGE_SIZE = 30
DIRECTORY_PAGE_SIZE = 30
DIRECTORY_MAX_PAGES = 50


class DemonstrationFilterForm(PublicFilterForm):
    level = forms.ChoiceField(
        label="级别", required=False, choices=[("", "全部级别"), *DemonstrationSite.Level.choices]
    )


def demonstration_list(request):
    form = DemonstrationFilterForm(request.GET)
    sites = DemonstrationSite.objects.filter(party_organization__is_archived=False).select_related("party_organization")
    if "level" in form.values:
        sites = sites.filter(level=form.values["level"])
    sites = sites.order_by("-year", "level", "title", "pk")
    context = list_page(request, form, sites, rows="sites", page_size=DEMONSTRATION_PAGE_SIZE)
    context["figures"] = figures.demonstration_figures()
    return render(request, "partybranches/demonstrationsite_list.html", context)


@cached_public_page
def party_organization_list(request):
    """党组织名录: active party organizations, searched by name and filtered."""
    form = PartyOrganizationFilterForm(request.GET)
    parent = None
    if "parent" in form.values:
        parent = PartyOrganization.objects.public().only("pk", "name").filter(pk=form.values["parent"]).first()
        if parent is None:
            del form.values["parent"]
            form.data = form.querydict()
            form.notices.append("所指的上级党组织不存在，已显示全部党组织。")
    listed = with_latest_stars(PartyOrganization.objects.public()).only(
        "pk", "name", "kind", "formation", "district", "full_members", "probationary_members"
    )
    party_organizations = form.apply(listed).order_by("name", "pk")
    # Exact up to COUNT_CAP, else estimated, in one query; unfiltered lists are not counted.
    total = count_results(party_organizations) if form.is_filtered else None
    rows = None
    if "q" in form.values:
        query, unsearched = form.values["q"], form.apply_filters(listed)

        def rows(offset, limit):
            return unsearched.relevance_page(query, offset, limit)

    page = paginate(
        party_organizations,
        request.GET.get("page"),
        page_size=DIRECTORY_PAGE_SIZE,
        max_pages=DIRECTORY_MAX_PAGES,
        total=total,
        rows=rows,
    )
    return render(
        request,
        "partybranches/partyorganization_list.html",
        {
            "form": form,
            "parent": parent,
            "page_obj": page,
            "party_organizations": page.object_list,
            "query_params": form.querydict(),
            "notices": form.notices + page.notices,
            "total": total,
        },
    )
