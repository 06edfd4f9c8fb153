from django.shortcuts import get_object_or_404, render

from .models import CharacteristicTown


def town_list(request):
    towns = CharacteristicTown.objects.published()
    return render(request, "towns/characteristictown_list.html", {"towns": towns})


def town_detail(request, slug):
    town = get_object_or_404(CharacteristicTown.objects.published(), slug=slug)
    return render(request, "towns/characteristictown_detail.html", {"town": town})
