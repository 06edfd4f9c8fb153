"""Site-wide middleware: the request log, refused NUL bytes, the Permissions-Policy header
and the sessions' idle timeout."""

import logging
import time
import uuid

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.exceptions import SuspiciousOperation

from .auth import client_ip

request_logger = logging.getLogger("gzpartybuild.request")

# Session key holding the Unix time the session was last extended.
LAST_ACTIVITY_KEY = "_last_activity"


def stamp_session_activity(session):
    session[LAST_ACTIVITY_KEY] = int(time.time())


class RequestLogMiddleware:
    """One log line per request: method, path, status, duration, user, client address.

    Outermost, so that it sees the final status of every response, 500s included. The
    request id comes from the proxy's X-Request-ID when there is one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.REQUEST_LOG:
            return self.get_response(request)
        started = time.monotonic()
        request_id = request.META.get("HTTP_X_REQUEST_ID", "")[:64] or uuid.uuid4().hex
        response = self.get_response(request)
        # From the session rather than request.user, so that logging never costs a query.
        session = getattr(request, "session", None)
        user_id = session.get(SESSION_KEY) if session is not None else None
        request_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "request_id": request_id,
                "method": request.method,
                "path": request.path,
                "status_code": response.status_code,
                "duration_ms": round((time.monotonic() - started) * 1000, 1),
                "user_id": user_id,
                "client_ip": client_ip(request),
            },
        )
        return response


# Browser features no page of the portal uses: denied to it and to anything it could embed.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "usb",
        "xr-spatial-tracking",
    )
)


class NulByteInRequest(SuspiciousOperation):
    """A NUL byte in the path or the query string: no page takes one (PostgreSQL refuses it)."""


def _has_nul(query_dict):
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query_dict.lists())


class SecurityHeadersMiddleware:
    """Refuse a NUL byte anywhere in the path, the query string or an url-encoded form with
    400 (the error page), before any view or admin filter puts it into a query; send
    Permissions-Policy on every response. Multipart forms' fields refuse NUL bytes
    themselves (Django's CharField validator)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            "\x00" in request.path
            or _has_nul(request.GET)
            or (request.content_type == "application/x-www-form-urlencoded" and _has_nul(request.POST))
        ):
            raise NulByteInRequest("NUL byte in the request path, query string or form")
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class SessionIdleTimeoutMiddleware:
    """Signed-in sessions end after SESSION_COOKIE_AGE seconds without activity.

    Each request of a signed-in user extends the session (new expiry in the session
    store and a fresh cookie), at most once per SESSION_REFRESH_SECONDS so that reading
    pages does not write the session on every request. A session not extended in time
    is gone server-side: the session store no longer loads it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # After sign-out the session holds no user any more and is left alone.
        if session is not None and SESSION_KEY in session:
            last = session.get(LAST_ACTIVITY_KEY)
            if not isinstance(last, int) or time.time() - last >= settings.SESSION_REFRESH_SECONDS:
                stamp_session_activity(session)
        return response
