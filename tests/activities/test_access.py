"""Secretary A against every activity and photo of secretary B, on every /my/ URL: 404, nothing changed."""

import pytest
from django.urls import reverse

from activities.models import Activity, ActivityPhoto
from tests.helpers.activities import edit_form_data, image_bytes, snapshot, upload

pytestmark = pytest.mark.django_db

ACTIVITY_URLS = ["activity_detail", "activity_edit", "activity_submit", "activity_withdraw"]
PHOTO_URLS = ["photo_delete", "photo_move"]


def post_data(activity, photos):
    data = edit_form_data(activity, photos, title="甲书记的篡改", action="submit")
    data.update({"direction": "up", "new_photos": [upload("x.jpg", image_bytes("JPEG"))]})
    return data


def everything_of(activities):
    return [snapshot(activity) for activity in activities.values()], sorted(
        ActivityPhoto.objects.values_list("pk", "caption", "position", "image")
    )


@pytest.mark.parametrize("state", list(Activity.State))
@pytest.mark.parametrize("name", ACTIVITY_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_secretary_a_cannot_reach_b_activities(client_a, activity_b_states, state, name, method):
    activity = activity_b_states[state]
    photos = list(activity.photos.all())
    before = everything_of(activity_b_states)
    url = reverse(f"my:{name}", args=[activity.pk])
    response = getattr(client_a, method)(url, post_data(activity, photos) if method == "post" else None)
    assert response.status_code == 404
    assert "乙中心" not in response.content.decode()
    assert everything_of(activity_b_states) == before


@pytest.mark.parametrize("state", list(Activity.State))
@pytest.mark.parametrize("name", PHOTO_URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_secretary_a_cannot_reach_b_photos(client_a, activity_b_states, state, name, method):
    activity = activity_b_states[state]
    before = everything_of(activity_b_states)
    for photo in activity.photos.all():
        url = reverse(f"my:{name}", args=[photo.pk])
        data = {"version": activity.version, "direction": "down"} if method == "post" else None
        response = getattr(client_a, method)(url, data)
        assert response.status_code == 404
    assert everything_of(activity_b_states) == before


def test_b_activities_do_not_appear_on_a_pages(client_a, activity_b_states, branch_a, branch_b, pairing_b):
    for url in (reverse("my:dashboard"), reverse("my:activity_create")):
        page = client_a.get(url).content.decode()
        assert "乙中心活动" not in page
        assert pairing_b.partner_name not in page
    # B's organization may be a co-organizer, but never the organizer of A's activity.
    form = client_a.get(reverse("my:activity_create")).context["form"]
    assert branch_b not in form.fields["organizer"].queryset
    assert pairing_b not in form.fields["pairing"].queryset


def test_b_reaches_their_own(client, secretary_b, activity_b_states):
    client.force_login(secretary_b)
    for activity in activity_b_states.values():
        assert client.get(reverse("my:activity_detail", args=[activity.pk])).status_code == 200


def test_unbound_secretary_reaches_nothing(client, activity_b_states, branch_b, secretary_b):
    branch_b.secretaries.remove(secretary_b)
    client.force_login(secretary_b)
    for activity in activity_b_states.values():
        assert client.get(reverse("my:activity_detail", args=[activity.pk])).status_code == 404


def test_archived_organization_is_out_of_reach(client, activity_b_states, branch_b, secretary_b):
    branch_b.is_archived = True
    branch_b.save()
    client.force_login(secretary_b)
    for activity in activity_b_states.values():
        assert client.get(reverse("my:activity_detail", args=[activity.pk])).status_code == 404
