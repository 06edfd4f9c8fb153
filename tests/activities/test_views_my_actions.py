"""The POST-only buttons of the secretary's activity page: submit, withdraw, photo up/down/delete."""

import pytest
from django.urls import reverse

from activities import services
from activities.models import Activity
from tests.helpers.activities import make_photo, snapshot
from tests.helpers.factories import ActivityFactory

pytestmark = pytest.mark.django_db

State = Activity.State


def detail(activity):
    return reverse("my:activity_detail", args=[activity.pk])


# -- submit -------------------------------------------------------------------


def test_secretary_submits_from_the_activity_page(client_a, draft_a, secretary_a):
    page = client_a.get(detail(draft_a)).content.decode()
    assert reverse("my:activity_submit", args=[draft_a.pk]) in page
    response = client_a.post(reverse("my:activity_submit", args=[draft_a.pk]), {"version": draft_a.version})
    assert response.status_code == 302 and response.url == detail(draft_a)
    draft_a.refresh_from_db()
    assert draft_a.state == State.SUBMITTED
    assert draft_a.history.latest().history_user == secretary_a
    page = client_a.get(detail(draft_a)).content.decode()
    assert "已提交审核" in page
    assert reverse("my:activity_withdraw", args=[draft_a.pk]) in page
    assert reverse("my:activity_edit", args=[draft_a.pk]) not in page


def test_submit_from_a_stale_page_is_refused(client_a, draft_a, secretary_a):
    shown = draft_a.version
    services.activity_submit(activity=Activity.objects.get(pk=draft_a.pk), user=secretary_a)
    services.activity_withdraw(activity=Activity.objects.get(pk=draft_a.pk), user=secretary_a)
    before = snapshot(draft_a)
    response = client_a.post(reverse("my:activity_submit", args=[draft_a.pk]), {"version": shown})
    assert "已被修改" in client_a.get(response.url).content.decode()
    assert snapshot(draft_a) == before


@pytest.mark.parametrize("version", ["", "abc", "0"])
def test_submit_with_a_broken_version_changes_nothing(client_a, draft_a, version):
    before = snapshot(draft_a)
    response = client_a.post(reverse("my:activity_submit", args=[draft_a.pk]), {"version": version})
    assert response.status_code == 302
    assert "页面已过期" in client_a.get(response.url).content.decode()
    assert snapshot(draft_a) == before


def test_submit_of_a_published_activity_is_refused(client_a, branch_a):
    activity = ActivityFactory(organizer=branch_a, published=True)
    before = snapshot(activity)
    response = client_a.post(reverse("my:activity_submit", args=[activity.pk]), {"version": activity.version})
    assert "只有草稿或已退回的活动可以提交审核" in client_a.get(response.url).content.decode()
    assert snapshot(activity) == before


# -- withdraw -----------------------------------------------------------------


def test_secretary_withdraws_a_submitted_activity_and_may_edit_again(client_a, branch_a):
    activity = ActivityFactory(organizer=branch_a, submitted=True)
    response = client_a.post(reverse("my:activity_withdraw", args=[activity.pk]), {"version": activity.version})
    activity.refresh_from_db()
    assert activity.state == State.DRAFT
    assert "已撤回为草稿" in client_a.get(response.url).content.decode()
    assert client_a.get(reverse("my:activity_edit", args=[activity.pk])).status_code == 200


@pytest.mark.parametrize("state", [State.DRAFT, State.RETURNED, State.PUBLISHED, State.OFFLINE])
def test_withdraw_is_refused_unless_submitted(client_a, branch_a, state):
    activity = ActivityFactory(organizer=branch_a, **{state.value: True})
    before = snapshot(activity)
    response = client_a.post(reverse("my:activity_withdraw", args=[activity.pk]), {"version": activity.version})
    assert "只有待审核的活动可以撤回" in client_a.get(response.url).content.decode()
    assert snapshot(activity) == before


def test_withdraw_after_approval_is_refused(client_a, branch_a, staff_user):
    activity = ActivityFactory(organizer=branch_a, submitted=True)
    shown = activity.version
    services.activity_approve(activity=Activity.objects.get(pk=activity.pk), user=staff_user)
    before = snapshot(activity)
    client_a.post(reverse("my:activity_withdraw", args=[activity.pk]), {"version": shown})
    assert snapshot(activity) == before


# -- photos -------------------------------------------------------------------


@pytest.fixture
def photos_a(draft_a):
    return [make_photo(draft_a, n, f"照片{n}") for n in (1, 2, 3)]


def order(activity):
    return list(activity.photos.values_list("caption", flat=True))


def test_photo_moves_up_and_down(client_a, draft_a, photos_a):
    page = client_a.get(detail(draft_a)).content.decode()
    assert reverse("my:photo_move", args=[photos_a[1].pk]) in page
    client_a.post(reverse("my:photo_move", args=[photos_a[2].pk]), {"version": 1, "direction": "up"})
    assert order(draft_a) == ["照片1", "照片3", "照片2"]
    client_a.post(reverse("my:photo_move", args=[photos_a[0].pk]), {"version": 2, "direction": "down"})
    assert order(draft_a) == ["照片3", "照片1", "照片2"]
    # The first one cannot go further up: nothing moves.
    client_a.post(reverse("my:photo_move", args=[photos_a[2].pk]), {"version": 3, "direction": "up"})
    assert order(draft_a) == ["照片3", "照片1", "照片2"]


def test_photo_is_removed(client_a, draft_a, photos_a):
    response = client_a.post(reverse("my:photo_delete", args=[photos_a[0].pk]), {"version": draft_a.version})
    assert response.url == detail(draft_a)
    assert list(draft_a.photos.values_list("caption", "position")) == [("照片2", 1), ("照片3", 2)]
    assert "照片已删除" in client_a.get(response.url).content.decode()


@pytest.mark.parametrize("data", [{"version": "x", "direction": "up"}, {"version": "1", "direction": "sideways"}])
def test_photo_move_with_broken_input_changes_nothing(client_a, draft_a, photos_a, data):
    before = snapshot(draft_a)
    response = client_a.post(reverse("my:photo_move", args=[photos_a[1].pk]), data)
    assert "页面已过期" in client_a.get(response.url).content.decode()
    assert snapshot(draft_a) == before


def test_photos_of_a_submitted_activity_cannot_be_changed(client_a, branch_a):
    activity = ActivityFactory(organizer=branch_a, submitted=True)
    photo, _ = make_photo(activity, 1), make_photo(activity, 2)
    before = snapshot(activity)
    page = client_a.get(detail(activity)).content.decode()
    assert reverse("my:photo_delete", args=[photo.pk]) not in page
    response = client_a.post(reverse("my:photo_delete", args=[photo.pk]), {"version": activity.version})
    assert "不能修改" in client_a.get(response.url).content.decode()
    client_a.post(reverse("my:photo_move", args=[photo.pk]), {"version": activity.version, "direction": "down"})
    assert snapshot(activity) == before


# -- the standard set for every POST-only view ------------------------------


def post_only_urls(activity, photo):
    return [
        (reverse("my:activity_submit", args=[activity.pk]), {"version": activity.version}),
        (reverse("my:activity_withdraw", args=[activity.pk]), {"version": activity.version}),
        (reverse("my:photo_delete", args=[photo.pk]), {"version": activity.version}),
        (reverse("my:photo_move", args=[photo.pk]), {"version": activity.version, "direction": "down"}),
    ]


def test_get_on_post_only_views_is_405(client_a, draft_a):
    photo = make_photo(draft_a)
    make_photo(draft_a, 2)
    before = snapshot(draft_a)
    for url, _ in post_only_urls(draft_a, photo):
        assert client_a.get(url).status_code == 405, url
    assert snapshot(draft_a) == before


def test_anonymous_is_sent_to_sign_in_by_post_only_views(client, draft_a):
    photo = make_photo(draft_a)
    before = snapshot(draft_a)
    for url, data in post_only_urls(draft_a, photo):
        for response in (client.get(url), client.post(url, data)):
            assert response.status_code == 302 and response.url.startswith(reverse("login")), url
    assert snapshot(draft_a) == before


def test_outsider_gets_404_from_post_only_views(client, secretary_b, draft_a):
    photo = make_photo(draft_a)
    client.force_login(secretary_b)
    before = snapshot(draft_a)
    for url, data in post_only_urls(draft_a, photo):
        assert client.post(url, data).status_code == 404, url
    assert snapshot(draft_a) == before


def test_unknown_ids_are_404(client_a, db):
    for name in ("activity_detail", "activity_edit", "activity_submit", "activity_withdraw"):
        assert client_a.get(reverse(f"my:{name}", args=[999999])).status_code == 404
    for name in ("photo_delete", "photo_move"):
        assert client_a.post(reverse(f"my:{name}", args=[999999]), {"version": 1}).status_code == 404
