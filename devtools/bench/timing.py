"""Server time and queries per page, in-process through Django's test client.

For each page: the cache is emptied and the first request timed ("cold": figures and
cached pages computed); then `repeat` more requests are timed ("warm") and give p50
and p95. Queries are counted on the cold request and on one warm request, with
CaptureQueriesContext; the timed requests run without it so the count costs nothing.
Pages cached whole for anonymous visitors are also timed rendered (the page cache
stepping aside, the figures still cached): what a visitor waits for after a change.
"""

import logging
import math
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import resolve

from devtools.bench.pages import Page
from gzpartybuild.caching import page_cacheable
from gzpartybuild.warmup import settle


def percentile(samples, p):
    """Nearest-rank percentile of the samples."""
    ordered = sorted(samples)
    if not ordered:
        return None
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass
class PageResult:
    page: Page
    status: int
    cold_ms: float
    cold_queries: int
    warm_queries: int
    samples_ms: list = field(default_factory=list)
    bytes: int = 0
    # For pages cached whole for anonymous visitors: the same requests rendered (figures still cached).
    rendered_ms: list = field(default_factory=list)

    @property
    def p50_ms(self):
        return percentile(self.samples_ms, 50)

    @property
    def p95_ms(self):
        return percentile(self.samples_ms, 95)

    @property
    def max_ms(self):
        return max(self.samples_ms) if self.samples_ms else None

    @property
    def meets_target(self):
        target = self.page.target_ms
        return target is None or (self.status == 200 and self.p95_ms <= target)

    def as_dict(self):
        return {
            "key": self.page.key,
            "label": self.page.label,
            "group": self.page.group,
            "url": self.page.url,
            "user": self.page.user,
            "status": self.status,
            "cold_ms": round(self.cold_ms, 2),
            "cold_queries": self.cold_queries,
            "warm_queries": self.warm_queries,
            "p50_ms": round(self.p50_ms, 2),
            "p95_ms": round(self.p95_ms, 2),
            "max_ms": round(self.max_ms, 2),
            "repeat": len(self.samples_ms),
            "bytes": self.bytes,
            "rendered_p50_ms": round(percentile(self.rendered_ms, 50), 2) if self.rendered_ms else None,
            "rendered_p95_ms": round(percentile(self.rendered_ms, 95), 2) if self.rendered_ms else None,
            "target_ms": self.page.target_ms,
            "meets_target": self.meets_target,
            "query_class": self.page.query_class,
            "samples_ms": [round(sample, 2) for sample in self.samples_ms],
        }


def pass_second_factor(client, user):
    """Staff (and secretaries with a device) pass the second factor before /admin/ and /my/ open:
    mark the session as having passed it with the user's confirmed device (created if missing)."""
    import django_otp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        if not user.is_staff:
            return
        device = TOTPDevice.objects.create(user=user, name="基准测试", confirmed=True)
    session = client.session
    session[django_otp.DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def served_from_page_cache(url):
    """Whether anonymous visitors get `url` from the page cache (a cached view, cacheable parameters)."""
    view = resolve(urlsplit(url).path).func
    return getattr(view, "page_cached", False) and page_cacheable(RequestFactory().get(url))


@contextmanager
def quiet_request_log():
    """The per-request log lines would drown the command's output; the logger still runs."""
    logger = logging.getLogger("gzpartybuild.request")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


class PageTimer:
    """One test client per signed-in user (a real session each), anonymous for the public."""

    def __init__(self, *, secure=False):
        self.secure = secure
        self.clients = {}

    def client_for(self, username):
        if username not in self.clients:
            client = Client()
            if username is not None:
                user = get_user_model().objects.get(username=username)
                client.force_login(user)
                pass_second_factor(client, user)
                # The first request of a session stamps its idle-timeout clock (a session write).
                client.get("/healthz", secure=self.secure)
            self.clients[username] = client
        return self.clients[username]

    def _get(self, client, url, **extra):
        started = time.perf_counter()
        response = client.get(url, secure=self.secure, **extra)
        elapsed = (time.perf_counter() - started) * 1000
        return response, elapsed

    def time_page(self, page, repeat):
        client = self.client_for(page.user)
        cache.clear()
        # captured_queries reads the connection's log, which the next request clears: count at once.
        with CaptureQueriesContext(connection) as cold:
            response, cold_ms = self._get(client, page.url)
        cold_queries = len(cold.captured_queries)
        status = response.status_code
        size = len(response.content)
        with CaptureQueriesContext(connection) as warm:
            self._get(client, page.url)
        warm_queries = len(warm.captured_queries)
        samples = []
        for _ in range(repeat):
            response, elapsed = self._get(client, page.url)
            if response.status_code != status:
                status = response.status_code
            samples.append(elapsed)
        rendered = []
        if page.user is None and served_from_page_cache(page.url):
            # A messages cookie (of no message) makes the page cache step aside: the page is rendered.
            for _ in range(repeat):
                rendered.append(self._get(client, page.url, HTTP_COOKIE=f"{CookieStorage.cookie_name}=bench")[1])
        return PageResult(
            page=page,
            rendered_ms=rendered,
            status=status,
            cold_ms=cold_ms,
            cold_queries=cold_queries,
            warm_queries=warm_queries,
            samples_ms=samples,
            bytes=size,
        )


def time_pages(pages, *, repeat, secure=False, progress=None):
    """PageResult for every page; the test client's host is admitted for the run."""
    from django.conf import settings

    results = []
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]), quiet_request_log():
        timer = PageTimer(secure=secure)
        # Import and compile everything once (URL resolver, templates) before the first timing.
        timer.client_for(None).get("/healthz", secure=secure)
        # As a server process does on start (gzpartybuild.wsgi): what is loaded so far stays out
        # of the garbage collector's walks, which otherwise land, 40–60 ms each, in random requests.
        settle()
        for page in pages:
            result = timer.time_page(page, repeat)
            results.append(result)
            if progress:
                progress(result)
    return results
