from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render

HALLS = {"seed": "红种子", "sapling": "红树苗", "forest": "红树林"}


def home(request):
    return render(request, "home.html")


def exhibition(request):
    return render(request, "exhibition/index.html", {"halls": HALLS})


def exhibition_hall(request, hall):
    if hall not in HALLS:
        raise Http404("没有这个展厅")
    return render(request, "exhibition/hall.html", {"hall": hall, "hall_name": HALLS[hall]})


def stats(request):
    return render(request, "stats.html")


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
