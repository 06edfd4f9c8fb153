"""Two requests at once: a double click creates one activity; two reviewers cannot both decide."""

import threading
import uuid

import pytest
from django.contrib.auth.models import User
from django.db import connection

from activities import services
from activities.models import Activity
from tests.helpers import factories
from tests.helpers.factories import ActivityFactory

State = Activity.State

needs_row_locks = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need a server database (the SQLite test database is one shared in-memory file)",
)


def content(organizer):
    activity = factories.ActivityFactory.build(organizer=organizer)
    return {name: getattr(activity, name) for name in services.CONTENT_FIELDS}


@pytest.mark.django_db
def test_same_key_arriving_while_the_first_is_in_flight_returns_the_first(secretary_a, branch_a, monkeypatch):
    """The first submission commits between the second's look-up and its insert: the unique key decides."""
    key = uuid.uuid4()
    first = services.activity_create(user=secretary_a, data=content(branch_a), submission_key=key)
    real_lookup = services._created_with_key
    calls = []

    def look_up_too_early(submission_key):
        calls.append(submission_key)
        return None if len(calls) == 1 else real_lookup(submission_key)

    monkeypatch.setattr(services, "_created_with_key", look_up_too_early)
    with pytest.raises(services.ActivityAlreadyCreated) as caught:
        services.activity_create(user=secretary_a, data=content(branch_a), submission_key=key, submit=True)
    assert caught.value.activity == first
    assert len(calls) == 2
    assert Activity.objects.count() == 1
    first.refresh_from_db()
    assert first.state == State.DRAFT


def run_together(*calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = ("done", call())
        except Exception as error:
            results[index] = ("refused", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_double_click_at_the_same_moment_creates_one_activity(secretary_a, branch_a):
    key = uuid.uuid4()
    data = content(branch_a)
    results = run_together(
        *[
            lambda: services.activity_create(user=secretary_a, data=data, submission_key=key, submit=True)
            for _ in range(2)
        ]
    )
    assert Activity.objects.count() == 1
    outcomes = sorted(type(value).__name__ for _, value in results)
    assert outcomes == ["Activity", "ActivityAlreadyCreated"], results


@needs_row_locks
@pytest.mark.django_db(transaction=True)
def test_two_reviewers_at_the_same_moment_decide_once(branch_a, staff_user):
    other_reviewer = User.objects.create_user("other_staff", "", "x", is_staff=True)
    activity = ActivityFactory(organizer=branch_a, submitted=True)
    results = run_together(
        lambda: services.activity_approve(activity=Activity.objects.get(pk=activity.pk), user=staff_user),
        lambda: services.activity_return(
            activity=Activity.objects.get(pk=activity.pk), user=other_reviewer, reason="理由"
        ),
    )
    kinds = sorted(kind for kind, _ in results)
    assert kinds == ["done", "refused"], results
    refused = next(value for kind, value in results if kind == "refused")
    assert isinstance(refused, services.ActivityActionRefused)
    activity.refresh_from_db()
    assert activity.version == 2
    assert activity.history.count() == 2  # created, then exactly one decision
