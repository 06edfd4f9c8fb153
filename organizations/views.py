from django.shortcuts import render

from gzpartybuild.caching import cached_public_page
from gzpartybuild.filters import list_page

from . import figures
from .filters import OrganizationFilterForm
from .models import SocialOrganization

PAGE_SIZE = 20
MAX_PAGES = 50


@cached_public_page
def organization_list(request):
    form = OrganizationFilterForm(request.GET)
    organizations = form.apply(SocialOrganization.objects.public().for_list()).order_by("name")
    context = list_page(request, form, organizations, rows="organizations", page_size=PAGE_SIZE, max_pages=MAX_PAGES)
    # The unfiltered total comes from the cached figures, never a COUNT(*) per request.
    context["total"] = None if form.is_filtered else figures.organization_figures()["total"]
    return render(request, "organizations/organization_list.html", context)
