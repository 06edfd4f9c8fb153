"""Site-wide middleware: the request log and the sessions' idle timeout."""

import logging
import time
import uuid

from django.conf import settings
from django.contrib.auth import SESSION_KEY

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
