"""Every /my/ page runs the same number of queries with a little data and with a lot."""

import pytest
from django.urls import reverse

from activities.models import Activity
from tests.helpers import factories
from tests.helpers.activities import make_photo
from tests.helpers.factories import ActivityFactory

pytestmark = pytest.mark.django_db

State = Activity.State


def populate(branch, secretary, size):
    """`size` activities in every state, each with `size` photos and co-organizers; `size` pairings."""
    others = [factories.PartyOrganizationFactory() for _ in range(size)]
    for _ in range(size):
        factories.PairingFactory(party_organization=branch)
    activities = []
    for state in State:
        for _ in range(size):
            activity = ActivityFactory(organizer=branch, **{state.value: True}, created_by=secretary)
            activity.co_organizers.add(*others)
            for position in range(1, size + 1):
                make_photo(activity, position)
            activities.append(activity)
    return activities


def pages(activity):
    return [
        reverse("my:dashboard"),
        reverse("my:activity_create"),
        reverse("my:activity_detail", args=[activity.pk]),
        reverse("my:activity_edit", args=[activity.pk]),
    ]


# Each count includes the session and the user (2 queries) and the header's count of
# unseen notifications (1).
EXPECTED = {
    # organizations, counts by state, the newest of each state (one query)
    "dashboard": 6,
    # the header's notification count, has an organization?, preselect, organizer and pairing
    # choices (the co-organizer picker
    # lists only the chosen ones and a search's matches: none here)
    "activity_create": 7,
    # activity, co-organizers, photos
    "activity_detail": 6,
    # activity, organizer choices, current co-organizers, pairing choices, photos; the
    # co-organizer choices come from the cache the form above filled
    "activity_edit": 8,
}


@pytest.mark.parametrize("size", [1, 6])
def test_my_pages_run_a_fixed_number_of_queries(client_a, branch_a, secretary_a, django_assert_num_queries, size):
    activities = populate(branch_a, secretary_a, size)
    draft = next(a for a in activities if a.state == State.DRAFT)
    # The first request of a session stamps its idle-timeout clock (one session write); count steady state.
    client_a.get(reverse("my:dashboard"))
    for name, url in zip(EXPECTED, pages(draft), strict=True):
        with django_assert_num_queries(EXPECTED[name]):
            response = client_a.get(url)
        assert response.status_code == 200, name
