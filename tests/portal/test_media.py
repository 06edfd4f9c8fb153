"""Uploads served from the media storage in force, with the check of who may see an unpublished photo."""

import pytest
from django.test import Client

from activities.models import Activity
from tests.helpers import factories
from tests.helpers.activities import make_photo

pytestmark = pytest.mark.django_db

State = Activity.State


def fetch(client, name):
    response = client.get(f"/media/{name}")
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response.status_code, body


def test_a_published_activitys_photo_is_public(client, branch_a):
    photo = make_photo(factories.ActivityFactory(organizer=branch_a, published=True))

    status, body = fetch(client, photo.image.name)

    assert status == 200
    assert body == photo.image.open("rb").read() and body[:2] == b"\xff\xd8"
    assert fetch(client, photo.thumbnail.name)[0] == 200
    # Pages link it where it is served.
    assert photo.image.url == f"/media/{photo.image.name}"


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.RETURNED, State.OFFLINE])
def test_an_unpublished_photo_is_refused_to_the_public_and_other_secretaries(state, client, branch_a, secretary_b):
    photo = make_photo(factories.ActivityFactory(organizer=branch_a, **{state: True}))
    other = Client()
    other.force_login(secretary_b)

    assert fetch(client, photo.image.name)[0] == 404
    assert fetch(client, photo.thumbnail.name)[0] == 404
    assert fetch(other, photo.image.name)[0] == 404


def test_its_secretary_and_the_bureau_see_an_unpublished_photo(client_a, branch_a, staff_user):
    photo = make_photo(factories.ActivityFactory(organizer=branch_a, submitted=True))
    staff = Client()
    staff.force_login(staff_user)

    response = client_a.get(f"/media/{photo.image.name}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert fetch(staff, photo.image.name)[0] == 200


def test_a_photo_becomes_public_when_published_and_leaves_when_taken_offline(client, branch_a):
    activity = factories.ActivityFactory(organizer=branch_a, submitted=True)
    photo = make_photo(activity)
    assert fetch(client, photo.image.name)[0] == 404

    activity.state = State.PUBLISHED
    activity.save()
    assert fetch(client, photo.image.name)[0] == 200

    activity.state = State.OFFLINE
    activity.save()
    assert fetch(client, photo.image.name)[0] == 404


@pytest.mark.parametrize(
    "name", ["../settings.py", "activities/../../x", "activities//x.jpg", "/etc/passwd", "activities/missing.jpg"]
)
def test_paths_outside_the_storage_or_missing_answer_404(client, name):
    assert client.get(f"/media/{name}").status_code == 404


def test_media_refuses_post(client, branch_a):
    photo = make_photo(factories.ActivityFactory(organizer=branch_a, published=True))
    assert client.post(f"/media/{photo.image.name}").status_code == 405
