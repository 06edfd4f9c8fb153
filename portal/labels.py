"""Printable labels for the physical exhibition hall: a record's name, a line about it and a QR
code of its public page, one label per page of paper."""

from django.shortcuts import get_object_or_404, render

from activities.models import Activity
from gzpartybuild.caching import cached_public_page
from towns.models import CharacteristicTown

from .models import Exhibit


@cached_public_page
def activity_label(request, pk):
    activity = get_object_or_404(
        Activity.objects.published()
        .select_related("organizer")
        .only("pk", "title", "kind", "starts_at", "district", "organizer__name"),
        pk=pk,
    )
    return render(
        request,
        "portal/label.html",
        {
            "label_page": True,
            "record": activity,
            "kind": activity.get_kind_display(),
            "title": activity.title,
            "lines": [activity.organizer.name, f"{activity.starts_at:%Y}年 · {activity.get_district_display()}"],
        },
    )


@cached_public_page
def town_label(request, slug):
    town = get_object_or_404(
        CharacteristicTown.objects.published().only("pk", "slug", "name", "township", "theme_industry"), slug=slug
    )
    return render(
        request,
        "portal/label.html",
        {
            "label_page": True,
            "record": town,
            "kind": "从化特色小镇",
            "title": town.name,
            "lines": [f"从化区{town.get_township_display()}", town.theme_industry],
        },
    )


@cached_public_page
def exhibit_label(request, pk):
    exhibit = get_object_or_404(
        Exhibit.objects.published().only("pk", "hall", "order", "title", "date", "date_precision", "source"), pk=pk
    )
    lines = [f"{exhibit.get_hall_display()}展厅 · 第{exhibit.order}展板"]
    if exhibit.date:
        lines.append(exhibit.date_text)
    return render(
        request,
        "portal/label.html",
        {"label_page": True, "record": exhibit, "kind": "云展馆展品", "title": exhibit.title, "lines": lines},
    )
