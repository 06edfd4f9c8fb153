from django import forms
from django.shortcuts import render

from gzpartybuild.filters import PublicFilterForm
from gzpartybuild.paging import paginate

from . import figures
from .models import DemonstrationSite

DEMONSTRATION_PAGE_SIZE = 30


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
