from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404, render

from gzpartybuild.caching import cached_public_page
from gzpartybuild.filters import list_page
from gzpartybuild.paging import ResultCount, count_results, paginate

from . import figures
from .filters import ActivityFilterForm, PairingFilterForm
from .models import Activity, Pairing

GALLERY_PAGE_SIZE = 24
PAIRING_PAGE_SIZE = 30
MAX_PAGES = 50


@cached_public_page
def activity_list(request):
    form = ActivityFilterForm(request.GET)
    filtered = form.apply(Activity.objects.published())
    if form.is_filtered:
        # Exact up to COUNT_CAP, else estimated from a sample read with the plain text condition.
        total = count_results(filtered, sample=form.apply(Activity.objects.published(), scan=True))
    else:
        total = ResultCount(figures.activity_figures()["total"])  # cached, no COUNT per request
    activities = form.order(filtered.for_gallery())
    rows = None
    if form.by_relevance:
        query = form.values["q"]
        unsearched = form.apply_filters(Activity.objects.published())

        def rows(offset, limit):
            # The relevance order's three scans (on PostgreSQL a UNION), then the cards' photos.
            found = unsearched.relevance_page(query, offset, limit)
            # The organizers by a query of their own: joined in the scans, PostgreSQL would join every
            # match of a rarer word before sorting them.
            prefetch_related_objects(found, "organizer", *activities._prefetch_related_lookups)
            return found

    page = paginate(
        activities,
        request.GET.get("page"),
        page_size=GALLERY_PAGE_SIZE,
        max_pages=MAX_PAGES,
        total=total,
        rows=rows,
    )
    return render(
        request,
        "activities/activity_list.html",
        {
            "form": form,
            "page_obj": page,
            "activities": page.object_list,
            "query_params": form.querydict(),
            "notices": form.notices + page.notices,
            "total": total,
        },
    )


def _get_published_activity(pk):
    """The public only ever reaches published activities: anything else is a 404."""
    return get_object_or_404(Activity.objects.published().for_public_detail(), pk=pk)


def activity_detail(request, pk):
    activity = _get_published_activity(pk)
    return render(request, "activities/activity_detail.html", {"activity": activity})


def pairing_list(request):
    form = PairingFilterForm(request.GET)
    kind = form.selected_kind
    pairings = Pairing.objects.public().filter(kind=kind).for_list()
    context = list_page(request, form, pairings, rows="pairings", page_size=PAIRING_PAGE_SIZE, max_pages=MAX_PAGES)
    context.update(
        kind=kind,
        kind_label=Pairing.Kind(kind).label,
        pairing_figures=figures.pairing_figures(),
        village_aid=figures.village_aid_figures(),
        village_aid_organizations=figures.village_aid_organization_count(),
    )
    return render(request, "activities/pairing_list.html", context)
