from django.shortcuts import render

from gzpartybuild.caching import cached_public_page
from gzpartybuild.paging import paginate

from . import figures
from .filters import OrganizationFilterForm
from .models import SocialOrganization

PAGE_SIZE = 20
MAX_PAGES = 50


@cached_public_page
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
