"""Public reads from a PostgreSQL streaming replica (switched on by DATABASE_REPLICA_URL).

Which database a request reads from is decided once per request by `ReplicaMiddleware`:

- the replica serves GET/HEAD requests of anonymous visitors (no session cookie) to the
  public pages, when it is reachable, lags at most REPLICA_MAX_LAG_SECONDS behind, and has
  replayed every change that made the cached pages stale (see below);
- the primary (`default`) serves everything else: the admin, the secretary's pages, sign-in,
  every request of a signed-in user, every write (`ReplicaRouter.db_for_write`) and every
  read made after a write in the same request;
- a visitor whose request wrote sticks to the primary for REPLICA_PIN_SECONDS (a cookie), so
  that what they just saved is what they read next, on any app server.

Cached pages and the replica: a change bumps the versions of the cached figures and pages
(gzpartybuild.caching) when its transaction commits. The next anonymous request then renders
the page afresh and caches it under the new version; rendered from a replica that had not yet
replayed the change, the stale page would stay cached until the next change. So every commit
that changes a record also stores the primary's WAL position (LSN) in the shared versions
cache, and a request reads from the replica only once the replica has replayed up to it.
"""

import contextvars
import logging
import threading
import time

from django.conf import settings
from django.core.cache import caches
from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger("operations.replica")

REPLICA = "replica"
PRIMARY = "default"
# Set on the response of a request that wrote: the visitor reads from the primary until it expires.
PIN_COOKIE = "gzpb_primary"
# In the versions cache (shared by every app server): the primary's WAL position after the last change.
LSN_KEY = "replica:written-lsn"
# Paths never read from the replica, whoever asks.
PRIMARY_PATHS = ("/admin/", "/my/", "/accounts/", "/healthz")

# The database the reads of the current request go to (None outside a request: the primary).
_route = contextvars.ContextVar("gzpartybuild_replica_route", default=None)
# Whether the current request wrote (it then pins the visitor to the primary).
_wrote = contextvars.ContextVar("gzpartybuild_replica_wrote", default=False)


def configured():
    return REPLICA in connections.settings


def _lsn(text):
    """'16/B374D848' -> an integer that orders like the WAL position."""
    if not text:
        return None
    high, _, low = str(text).partition("/")
    return (int(high, 16) << 32) + int(low, 16)


class ReplicaState:
    """What this process last learnt of the replica: reachable, lag in seconds, replayed LSN.

    Probed at most every REPLICA_CHECK_SECONDS (one short query on the replica), and again
    when a request needs a newer replayed position than the one last seen.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        self.checked_at = None
        self.reachable = False
        self.lag = None
        self.replayed = None

    def probe(self):
        connection = connections[REPLICA]
        try:
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    # Caught up (everything received is replayed): no lag, even when the primary
                    # has been quiet for a while and the last replayed commit is old.
                    cursor.execute(
                        "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
                        " ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0) END,"
                        " pg_last_wal_replay_lsn()::text, pg_is_in_recovery()"
                    )
                    lag, replayed, in_recovery = cursor.fetchone()
                    # A promoted replica (or a primary given as replica) is as fresh as it gets.
                    self.lag = float(lag) if in_recovery else 0.0
                    self.replayed = _lsn(replayed) if in_recovery else None
                else:
                    cursor.execute("SELECT 1")
                    cursor.fetchone()
                    self.lag, self.replayed = 0.0, None
            self.reachable = True
        except Exception:
            logger.warning("Replica unreachable: reads go to the primary", exc_info=True)
            self.reachable, self.lag, self.replayed = False, None, None
            connection.close()
        self.checked_at = time.monotonic()
        return self

    def current(self, force=False):
        with self._lock:
            due = self.checked_at is None or time.monotonic() - self.checked_at >= settings.REPLICA_CHECK_SECONDS
            return self.probe() if force or due else self

    def status(self):
        """'ok', 'lagging' or 'unreachable' (what /healthz reports)."""
        if not self.reachable:
            return "unreachable"
        if self.lag is not None and self.lag > settings.REPLICA_MAX_LAG_SECONDS:
            return "lagging"
        return "ok"

    def has_replayed(self, lsn):
        return lsn is None or self.replayed is None or self.replayed >= lsn


state = ReplicaState()


def written_lsn():
    return caches["versions"].get(LSN_KEY) if "versions" in settings.CACHES else None


def replica_usable():
    """Whether the replica may serve a request's reads now (probing it if due)."""
    current = state.current()
    if current.status() != "ok":
        return False
    needed = written_lsn()
    if current.has_replayed(needed):
        return True
    # Behind the last change: look again (streaming replay on a healthy replica takes milliseconds).
    return state.current(force=True).status() == "ok" and state.has_replayed(needed)


def wants_replica(request):
    """Anonymous GET/HEAD of a public page, not pinned to the primary by a recent write."""
    if request.method not in ("GET", "HEAD"):
        return False
    # An emptied cookie (as signing out leaves it) counts as none.
    if request.COOKIES.get(settings.SESSION_COOKIE_NAME) or request.COOKIES.get(PIN_COOKIE):
        return False
    return not request.path.startswith(PRIMARY_PATHS)


def using():
    """The database the current request reads from."""
    return _route.get() or PRIMARY


class ReplicaRouter:
    """Reads go where the request's middleware decided; writes and migrations to the primary."""

    def db_for_read(self, model, **hints):
        return _route.get() or PRIMARY

    def db_for_write(self, model, **hints):
        if _route.get() == REPLICA:
            # A read after this write must see it: the rest of the request reads the primary.
            _route.set(PRIMARY)
        _wrote.set(True)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReplicaMiddleware:
    """Routes each request's reads (see the module's docstring) and pins writers to the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not configured():
            return self.get_response(request)
        route = REPLICA if wants_replica(request) and replica_usable() else PRIMARY
        route_token = _route.set(route)
        wrote_token = _wrote.set(False)
        try:
            response = self.get_response(request)
            if _wrote.get() or request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
                response.set_cookie(
                    PIN_COOKIE,
                    "1",
                    max_age=settings.REPLICA_PIN_SECONDS,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
            return response
        finally:
            _route.reset(route_token)
            _wrote.reset(wrote_token)


def _record_lsn():
    connection = connections[PRIMARY]
    if connection.vendor != "postgresql":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            lsn = cursor.fetchone()[0]
    except Exception:
        logger.warning("Could not read the primary's WAL position", exc_info=True)
        return
    store = caches["versions"]
    value = _lsn(lsn)
    previous = store.get(LSN_KEY)
    if previous is None or value > previous:
        store.set(LSN_KEY, value, None)


def _on_change(sender, **kwargs):
    """After the commit of a change: the replica must replay up to here before serving reads."""
    if not configured() or "versions" not in settings.CACHES:
        return
    connection = connections[PRIMARY]
    # Once per transaction (a rolled back one drops it); outside a transaction it runs at once.
    if connection.in_atomic_block and any(func is _record_lsn for _, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(_record_lsn, using=PRIMARY)


def connect_signals():
    post_save.connect(_on_change, dispatch_uid="replica-lsn-save")
    post_delete.connect(_on_change, dispatch_uid="replica-lsn-delete")
    m2m_changed.connect(_on_change, dispatch_uid="replica-lsn-m2m")
