from django.shortcuts import get_object_or_404, render

from .models import Activity, Pairing


def activity_list(request):
    activities = Activity.objects.published().for_list()[:24]
    return render(request, "activities/activity_list.html", {"activities": activities})


def activity_detail(request, pk):
    activity = get_object_or_404(Activity.objects.published().select_related("organizer"), pk=pk)
    return render(request, "activities/activity_detail.html", {"activity": activity})


def pairing_list(request):
    pairings = Pairing.objects.select_related("party_organization")[:50]
    return render(request, "activities/pairing_list.html", {"pairings": pairings})
