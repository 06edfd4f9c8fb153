from django.shortcuts import render

from gzpartybuild.caching import cached_public_page
from gzpartybuild.paging import ResultCount, count_results, paginate

from . import figures
from .filters import OrganizationFilterForm
from .models import SocialOrganization

PAGE_SIZE = 20
MAX_PAGES = 50


@cached_public_page
def organization_list(request):
    form = OrganizationFilterForm(request.GET)
    filtered = form.apply_filters(SocialOrganization.objects.public().for_list())
    organizations = form.order(form.apply(SocialOrganization.objects.public().for_list()))
    if form.is_filtered:
        # Exact up to COUNT_CAP rows, else estimated: never a count of every match.
        total = count_results(organizations)
    else:
        # The unfiltered total comes from the cached figures, never a COUNT(*) per request.
        total = ResultCount(figures.organization_figures()["total"])
    rows = None
    if form.by_relevance:
        query = form.values["q"]

        def rows(offset, limit):
            return filtered.relevance_page(query, offset, limit)

    page = paginate(
        organizations, request.GET.get("page"), page_size=PAGE_SIZE, max_pages=MAX_PAGES, total=total, rows=rows
    )
    return render(
        request,
        "organizations/organization_list.html",
        {
            "form": form,
            "page_obj": page,
            "organizations": page.object_list,
            "query_params": form.querydict(),
            "notices": form.notices + page.notices,
            "total": total,
        },
    )
