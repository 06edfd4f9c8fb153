"""Sign-in lockout (django-axes) as the portal uses it: the client address behind a
proxy, the backend and the Chinese lockout page."""

import math

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render


def client_ip(request):
    """The client's address: the socket's, or the one the trusted proxies recorded.

    With DJANGO_PROXY_COUNT=N the N proxies in front of the app each append the address
    they saw to X-Forwarded-For, so the client is the N-th entry from the right; anything
    further left was sent by the client itself and is not trusted.
    """
    count = settings.PROXY_COUNT
    if count > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


class LockoutBackend(AxesStandaloneBackend):
    """Refuses sign-in on the sign-in pages while the username is locked at this address.

    Both sign-in pages pass the request. Authentication without one (a management
    command, the test client's login()) is not a sign-in page attempt: it is left to
    the next backend instead of failing.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def lockout_response(request, original_response=None, credentials=None):
    minutes = math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(
        request,
        "registration/lockout.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes},
        status=429,
    )
