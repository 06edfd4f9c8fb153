from django import forms
from django.shortcuts import render

from gzpartybuild.filters import PublicFilterForm, list_page

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
    sites = sites.order_by("-year", "level", "title", "pk")
    context = list_page(request, form, sites, rows="sites", page_size=DEMONSTRATION_PAGE_SIZE)
    context["figures"] = figures.demonstration_figures()
    return render(request, "partybranches/demonstrationsite_list.html", context)
