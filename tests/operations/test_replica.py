"""The read replica's router: where reads and writes go, fallback, read-your-writes, /healthz.

The replica here is a second connection to the test database (what a caught-up streaming
replica looks like to the portal); an unreachable one is a connection that cannot open.
scripts/scaleout runs the same routing against a real PostgreSQL streaming replica.
"""

import copy

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity
from operations import replica
from tests.conftest import PASSWORD
from tests.helpers import factories
from tests.helpers.activities import edit_form_data
from tests.helpers.world import build_world

# The replica's connection must see the rows the test wrote: committed data, no wrapping transaction.
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", replica.REPLICA])


def _replica_settings(reachable):
    settings_dict = copy.deepcopy(connections["default"].settings_dict)
    # Like DATABASE_REPLICA_URL's alias: a mirror of the primary in tests (never created nor flushed).
    settings_dict["TEST"] = {**settings_dict.get("TEST", {}), "MIRROR": "default"}
    if not reachable:
        if settings_dict["ENGINE"].endswith("sqlite3"):
            settings_dict["NAME"] = "/nonexistent-folder/replica.sqlite3"
            settings_dict["OPTIONS"] = {}
        else:
            settings_dict["PORT"] = "1"
            settings_dict["OPTIONS"] = {"connect_timeout": 2}
    return settings_dict


@pytest.fixture(scope="module", autouse=True)
def _replica_alias(django_db_setup, django_db_blocker):
    """The `replica` alias exists for this module's tests (before their database access is set up)."""
    connections.settings[replica.REPLICA] = _replica_settings(reachable=True)
    yield
    connections[replica.REPLICA].close()
    del connections[replica.REPLICA]
    del connections.settings[replica.REPLICA]
    replica.state.reset()


@pytest.fixture
def add_replica():
    """Point the `replica` alias at the test database, or (reachable=False) at one that cannot open."""

    def add(reachable=True):
        connections[replica.REPLICA].close()
        connections.settings[replica.REPLICA] = _replica_settings(reachable)
        del connections[replica.REPLICA]
        replica.state.reset()
        return connections[replica.REPLICA]

    yield add
    connections[replica.REPLICA].close()
    connections.settings[replica.REPLICA] = _replica_settings(reachable=True)
    del connections[replica.REPLICA]
    replica.state.reset()


class Queries:
    """The queries each database ran during a block."""

    def __init__(self, replica_reachable=True):
        self.primary = CaptureQueriesContext(connections["default"])
        # Capturing connects first, which an unreachable replica cannot.
        self.replica = CaptureQueriesContext(connections[replica.REPLICA]) if replica_reachable else None

    def __enter__(self):
        self.primary.__enter__()
        if self.replica is not None:
            self.replica.__enter__()
        return self

    def __exit__(self, *exc):
        if self.replica is not None:
            self.replica.__exit__(*exc)
        self.primary.__exit__(*exc)
        # Counted now: the next request clears the connections' query logs.
        self.on_primary = len(self.primary.captured_queries)
        self.on_replica = len(self.replica.captured_queries) if self.replica is not None else 0


def published_activity():
    build_world()
    return Activity.objects.filter(state=Activity.State.PUBLISHED).first()


def test_anonymous_public_pages_read_from_the_replica(add_replica):
    add_replica()
    activity = published_activity()
    visitor = Client()

    for url in ["/", "/organizations/", reverse("activities:detail", args=[activity.pk])]:
        with Queries() as queries:
            response = visitor.get(url)
        assert response.status_code == 200, url
        assert queries.on_replica > 0, url
        assert queries.on_primary == 0, url
    assert activity.title in response.content.decode()


def test_the_secretary_and_the_admin_read_and_write_on_the_primary(add_replica, secretary_a, branch_a, staff_user):
    add_replica()
    draft = factories.ActivityFactory(organizer=branch_a, draft=True, created_by=secretary_a)
    secretary = Client()
    secretary.login(username="secretary_a", password=PASSWORD)
    staff = Client()
    staff.login(username="bureau_staff", password=PASSWORD)

    with Queries() as queries:
        assert secretary.get(reverse("my:dashboard")).status_code == 200
        saved = secretary.post(
            reverse("my:activity_edit", args=[draft.pk]), edit_form_data(draft, title="在主库保存的标题")
        )
        assert saved.status_code == 302
        # A signed-in secretary on a public page reads the primary too.
        assert secretary.get("/").status_code == 200
        assert staff.get("/admin/").status_code == 200
        assert staff.get("/admin/activities/activity/").status_code == 200

    assert queries.on_primary > 0
    assert queries.on_replica == 0
    draft.refresh_from_db()
    assert draft.title == "在主库保存的标题"


def test_a_secretary_reads_their_own_write_at_once(add_replica, secretary_a, branch_a):
    add_replica()
    draft = factories.ActivityFactory(organizer=branch_a, draft=True, created_by=secretary_a)
    secretary = Client()
    secretary.login(username="secretary_a", password=PASSWORD)

    saved = secretary.post(reverse("my:activity_edit", args=[draft.pk]), edit_form_data(draft, title="刚刚保存的标题"))
    with Queries() as queries:
        page = secretary.get(saved.url)

    assert "刚刚保存的标题" in page.content.decode()
    assert queries.on_replica == 0
    # The write pins the visitor to the primary for a short window, on any app server.
    pin = saved.cookies[replica.PIN_COOKIE]
    assert int(pin["max-age"]) == 15
    assert pin["httponly"]


def test_after_a_write_and_signing_out_public_pages_still_read_the_primary(add_replica, secretary_a, settings):
    add_replica()
    settings.REPLICA_PIN_SECONDS = 30
    activity = published_activity()
    visitor = Client()
    visitor.login(username="secretary_a", password=PASSWORD)

    signed_out = visitor.post(reverse("logout"))
    assert int(signed_out.cookies[replica.PIN_COOKIE]["max-age"]) == 30
    assert not visitor.cookies[settings.SESSION_COOKIE_NAME].value
    with Queries() as pinned:
        assert visitor.get(reverse("activities:detail", args=[activity.pk])).status_code == 200
    # The pin expires with its cookie; then the same visitor reads the replica again.
    del visitor.cookies[replica.PIN_COOKIE]
    cache.clear()
    with Queries() as unpinned:
        assert visitor.get(reverse("activities:detail", args=[activity.pk])).status_code == 200

    assert pinned.on_replica == 0 and pinned.on_primary > 0
    assert unpinned.on_replica > 0 and unpinned.on_primary == 0


def test_a_public_read_never_sets_the_pin(add_replica):
    add_replica()
    published_activity()

    response = Client().get("/")

    assert replica.PIN_COOKIE not in response.cookies


def test_writes_go_to_the_primary_and_later_reads_in_that_request_follow(add_replica):
    add_replica()
    router = replica.ReplicaRouter()
    token = replica._route.set(replica.REPLICA)
    try:
        assert router.db_for_read(Activity) == "replica"
        assert router.db_for_write(Activity) == "default"
        assert router.db_for_read(Activity) == "default"
    finally:
        replica._route.reset(token)
    # Outside a request (commands, shells) everything is the primary.
    assert router.db_for_read(Activity) == "default"
    assert router.allow_migrate("replica", "activities") is False
    assert router.allow_migrate("default", "activities") is True


def test_an_unreachable_replica_falls_back_to_the_primary_and_healthz_says_degraded(add_replica):
    add_replica(reachable=False)
    activity = published_activity()
    visitor = Client()

    with Queries(replica_reachable=False) as queries:
        response = visitor.get(reverse("activities:detail", args=[activity.pk]))
    health = visitor.get("/healthz")

    assert response.status_code == 200
    assert activity.title in response.content.decode()
    assert queries.on_primary > 0
    assert health.status_code == 200
    assert health.json() == {"status": "degraded", "replica": "unreachable"}


def test_a_lagging_replica_falls_back_to_the_primary(add_replica, settings, monkeypatch):
    add_replica()
    settings.REPLICA_MAX_LAG_SECONDS = 10
    published_activity()
    real_probe = replica.ReplicaState.probe

    def lagging_probe(self):
        real_probe(self)
        self.lag = 42.0  # what pg_last_xact_replay_timestamp() gives on a replica 42 s behind
        return self

    monkeypatch.setattr(replica.ReplicaState, "probe", lagging_probe)

    with Queries() as queries:
        assert Client().get("/organizations/").status_code == 200
    health = Client().get("/healthz")

    assert queries.on_replica == 1  # the probe alone
    assert queries.on_primary > 0
    assert health.json() == {"status": "degraded", "replica": "lagging"}


def test_healthz_with_a_healthy_replica(add_replica):
    add_replica()

    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "replica": "ok"}


def test_the_replica_serves_no_reads_before_it_has_replayed_the_last_change(add_replica, monkeypatch):
    add_replica()
    published_activity()
    # The replica reports the WAL position it has replayed; the last change was written further on.
    monkeypatch.setattr(replica, "written_lsn", lambda: replica._lsn("0/3000100"))
    real_probe = replica.ReplicaState.probe

    def behind(self):
        real_probe(self)
        self.replayed = replica._lsn("0/3000000")
        return self

    monkeypatch.setattr(replica.ReplicaState, "probe", behind)
    with Queries() as queries:
        assert Client().get("/organizations/").status_code == 200
    assert queries.on_replica == 2  # the probe, and one more look before giving up
    assert queries.on_primary > 0

    def caught_up(self):
        real_probe(self)
        self.replayed = replica._lsn("0/3000100")
        return self

    monkeypatch.setattr(replica.ReplicaState, "probe", caught_up)
    replica.state.reset()
    cache.clear()
    with Queries() as queries:
        assert Client().get("/organizations/").status_code == 200
    assert queries.on_replica > 1
    assert queries.on_primary == 0


def test_wal_positions_order_as_postgresql_orders_them():
    assert replica._lsn("0/FFFFFFFF") < replica._lsn("1/0") < replica._lsn("1/10") < replica._lsn("16/B374D848")
    assert replica._lsn(None) is None


@pytest.mark.skipif(not connections["default"].vendor == "postgresql", reason="WAL positions exist on PostgreSQL only")
def test_a_committed_change_stores_the_primarys_wal_position(add_replica):
    from django.core.cache import caches

    add_replica()
    caches["versions"].delete(replica.LSN_KEY)

    build_world()
    first = caches["versions"].get(replica.LSN_KEY)
    factories.ActivityFactory(organizer=Activity.objects.first().organizer, draft=True)
    second = caches["versions"].get(replica.LSN_KEY)

    assert first is not None and second > first
