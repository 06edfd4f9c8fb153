from django.shortcuts import get_object_or_404, render

from .maps import town_map
from .models import CharacteristicTown, Township

# A district plans about twenty towns; the list is small and never paginated.
TOWNS_MAX = 200


def _published_towns():
    return list(CharacteristicTown.objects.published().for_list()[:TOWNS_MAX])


def town_list(request):
    towns = _published_towns()
    figures = {
        "total": len(towns),
        "provincial": sum(1 for town in towns if town.on_provincial_list),
        "enterprises": sum(town.enterprises or 0 for town in towns),
    }
    return render(
        request,
        "towns/characteristictown_list.html",
        {"towns": towns, "map": town_map(towns), "figures": figures, "townships": by_township(towns)},
    )


def by_township(towns):
    """Every town and subdistrict (镇街) of Conghua with the published towns in it, those without any
    included: [{"label", "towns"}], in the district's own order."""
    placed = {}
    for town in towns:
        placed.setdefault(town.township, []).append(town)
    return [{"label": label, "towns": placed.get(value, [])} for value, label in Township.choices]


def _get_published_town(slug):
    """The public only ever reaches published towns: anything else is a 404."""
    return get_object_or_404(
        CharacteristicTown.objects.published().for_list().prefetch_related("highlights"), slug=slug
    )


def town_detail(request, slug):
    town = _get_published_town(slug)
    others = CharacteristicTown.objects.published().only("pk", "name", "slug", "latitude", "longitude")[:TOWNS_MAX]
    income_ratio = None
    if town.income_before and town.income_after:
        income_ratio = town.income_after / town.income_before
    return render(
        request,
        "towns/characteristictown_detail.html",
        {"town": town, "map": town_map(list(others), current=town), "income_ratio": income_ratio},
    )
