import logging

from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

health_logger = logging.getLogger("gzpartybuild.health")

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


@never_cache
@require_safe
def healthz(request):
    """200 after a round trip to the database, 503 when it cannot be reached.

    The answer says nothing more than that: the cause goes to the log, not to the caller.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        health_logger.exception("Health check: database unreachable")
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
