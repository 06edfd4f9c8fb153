import pytest
from django.urls import reverse

from activities import services
from activities.models import Activity
from tests.helpers.activities import edit_form_data, image_bytes, make_photo, snapshot, upload
from tests.helpers.factories import ActivityFactory

pytestmark = pytest.mark.django_db

State = Activity.State


def url(activity):
    return reverse("my:activity_edit", args=[activity.pk])


def test_edit_page_shows_the_activity_with_hours_and_minutes(client_a, draft_a):
    draft_a.service_minutes = 150
    draft_a.save()
    make_photo(draft_a, 1, "第一张照片")
    response = client_a.get(url(draft_a))
    assert response.status_code == 200
    page = response.content.decode()
    assert "修改活动" in page
    assert f'value="{draft_a.title}"' in page
    assert 'name="service_hours" value="2"' in page
    assert 'name="service_minutes_part" value="30"' in page
    assert f'name="version" value="{draft_a.version}"' in page
    assert 'value="第一张照片"' in page
    assert "保存草稿" in page and "保存并提交审核" in page


def test_secretary_edits_a_draft(client_a, draft_a, secretary_a, branch_b):
    data = edit_form_data(draft_a, title="改过的标题", service_hours="1", service_minutes_part="45")
    data["co_organizers"] = [branch_b.pk]
    response = client_a.post(url(draft_a), data)
    assert response.status_code == 302
    assert response.url == reverse("my:activity_detail", args=[draft_a.pk])
    draft_a.refresh_from_db()
    assert draft_a.title == "改过的标题"
    assert draft_a.service_minutes == 105
    assert draft_a.state == State.DRAFT
    assert draft_a.version == 2
    assert list(draft_a.co_organizers.all()) == [branch_b]
    assert draft_a.history.latest().history_user == secretary_a
    assert "的修改已保存" in client_a.get(response.url).content.decode()


def test_save_and_submit_from_the_edit_form(client_a, draft_a):
    client_a.post(url(draft_a), edit_form_data(draft_a, action="submit"))
    draft_a.refresh_from_db()
    assert draft_a.state == State.SUBMITTED


def test_photos_captions_order_and_removal_from_the_form(client_a, draft_a):
    one, two, three = (make_photo(draft_a, n, f"照片{n}") for n in (1, 2, 3))
    data = edit_form_data(draft_a, [one, two, three])
    data.update({"photos-0-position": "3", "photos-2-position": "1", "photos-1-caption": "新的说明"})
    data["new_photos"] = [upload("new.jpg", image_bytes("JPEG"))]
    data["new_photo_caption"] = ["新照片"]
    response = client_a.post(url(draft_a), data)
    assert response.status_code == 302
    assert list(draft_a.photos.values_list("caption", "position")) == [
        ("照片3", 1),
        ("新的说明", 2),
        ("照片1", 3),
        ("新照片", 4),
    ]
    photos = list(draft_a.photos.order_by("position"))
    draft_a.refresh_from_db()
    data = edit_form_data(draft_a, photos)
    data["photos-1-DELETE"] = "on"
    client_a.post(url(draft_a), data)
    assert list(draft_a.photos.values_list("caption", "position")) == [("照片3", 1), ("照片1", 2), ("新照片", 3)]


def test_returned_activity_shows_the_reason_and_stays_returned_until_resubmitted(client_a, branch_a):
    returned = ActivityFactory(organizer=branch_a, returned=True, review_reason="请补充服务对象人数。")
    page = client_a.get(url(returned)).content.decode()
    assert "请补充服务对象人数。" in page
    assert "保存修改（暂不提交）" in page
    client_a.post(url(returned), edit_form_data(returned, people_served="120"))
    returned.refresh_from_db()
    assert returned.state == State.RETURNED and returned.people_served == 120
    client_a.post(url(returned), edit_form_data(returned, action="submit"))
    returned.refresh_from_db()
    assert returned.state == State.SUBMITTED


@pytest.mark.parametrize("state", [State.SUBMITTED, State.PUBLISHED, State.OFFLINE])
def test_submitted_or_published_activity_is_not_editable(client_a, branch_a, state):
    activity = ActivityFactory(organizer=branch_a, **{state.value: True})
    before = snapshot(activity)
    response = client_a.get(url(activity))
    assert response.status_code == 302
    assert response.url == reverse("my:activity_detail", args=[activity.pk])
    assert "的活动不能修改" in client_a.get(response.url).content.decode()
    response = client_a.post(url(activity), edit_form_data(activity, title="不应保存"))
    assert response.status_code == 200
    assert "不能修改" in response.content.decode()
    assert snapshot(activity) == before


@pytest.mark.parametrize(
    "change",
    [
        lambda activity, staff, secretary: services.activity_submit(activity=activity, user=secretary),
        lambda activity, staff, secretary: services.activity_update(
            activity=activity, user=secretary, expected_version=activity.version, data={"title": "另一个窗口的修改"}
        ),
    ],
    ids=["submitted-meanwhile", "edited-in-another-tab"],
)
def test_edit_of_an_activity_that_changed_meanwhile_is_refused(client_a, draft_a, secretary_a, staff_user, change):
    form_loaded = edit_form_data(draft_a, title="我在旧页面上的修改")
    change(Activity.objects.get(pk=draft_a.pk), staff_user, secretary_a)
    before = snapshot(draft_a)
    response = client_a.post(url(draft_a), form_loaded)
    assert response.status_code == 200
    page = response.content.decode()
    assert "已被修改" in page and "本次操作没有执行" in page
    assert 'value="我在旧页面上的修改"' in page  # what was typed is not lost
    assert snapshot(draft_a) == before


def test_returned_then_approved_meanwhile_is_not_overwritten(client_a, branch_a, secretary_a, staff_user):
    activity = ActivityFactory(organizer=branch_a, returned=True)
    form_loaded = edit_form_data(activity, title="旧页面")
    services.activity_submit(activity=activity, user=secretary_a)
    services.activity_approve(activity=activity, user=staff_user)
    before = snapshot(activity)
    response = client_a.post(url(activity), form_loaded)
    assert "已被修改" in response.content.decode()
    assert snapshot(activity) == before


def test_invalid_edit_rerenders_and_changes_nothing(client_a, draft_a, branch_a):
    photo = make_photo(draft_a)
    before = snapshot(draft_a)
    data = edit_form_data(draft_a, [photo], title="", volunteers="-2", ends_at="2000-01-01T00:00")
    data["co_organizers"] = [branch_a.pk]
    data["photos-0-caption"] = "说" * 201
    response = client_a.post(url(draft_a), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"title", "volunteers", "ends_at", "co_organizers"} <= set(errors)
    assert response.context["photo_formset"].errors[0]["caption"]
    assert snapshot(draft_a) == before


def test_missing_version_is_refused(client_a, draft_a):
    before = snapshot(draft_a)
    data = edit_form_data(draft_a)
    del data["version"]
    response = client_a.post(url(draft_a), data)
    assert response.status_code == 200
    assert "表单已失效" in response.content.decode()
    assert snapshot(draft_a) == before


def test_photo_of_another_activity_cannot_be_slipped_into_the_formset(client_a, draft_a, branch_b):
    own = make_photo(draft_a, 1, "自己的")
    foreign = make_photo(ActivityFactory(organizer=branch_b, draft=True), 1, "别人的")
    before_foreign = snapshot(foreign.activity)
    data = edit_form_data(draft_a, [own])
    data["photos-0-id"] = str(foreign.pk)
    data["photos-0-DELETE"] = "on"
    response = client_a.post(url(draft_a), data)
    assert response.status_code == 200
    assert snapshot(foreign.activity) == before_foreign
    assert draft_a.photos.get() == own


def test_anonymous_is_sent_to_sign_in(client, draft_a):
    before = snapshot(draft_a)
    for response in (client.get(url(draft_a)), client.post(url(draft_a), edit_form_data(draft_a, title="x"))):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert snapshot(draft_a) == before


def test_outsider_gets_404(client, secretary_b, draft_a):
    client.force_login(secretary_b)
    before = snapshot(draft_a)
    assert client.get(url(draft_a)).status_code == 404
    assert client.post(url(draft_a), edit_form_data(draft_a, title="x")).status_code == 404
    assert snapshot(draft_a) == before
