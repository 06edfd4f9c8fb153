import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from activities.models import Activity, ActivityPhoto
from tests.helpers import factories
from tests.helpers.activities import activity_form_data, image_bytes, upload

pytestmark = pytest.mark.django_db

URL = reverse("my:activity_create")


def test_form_page_offers_only_own_organizations_and_preselects_the_only_one(client_a, branch_a, branch_b):
    response = client_a.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "登记新活动" in page
    assert f'<option value="{branch_a.pk}" selected>' in page
    organizer_field = response.context["form"].fields["organizer"]
    assert list(organizer_field.queryset) == [branch_a]
    assert 'name="submission_key"' in page
    assert 'type="file" name="new_photos"' in page and "multiple" in page


def test_secretary_saves_a_draft(client_a, secretary_a, branch_a):
    response = client_a.post(URL, activity_form_data(branch_a))
    activity = Activity.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("my:activity_detail", args=[activity.pk])
    assert activity.state == Activity.State.DRAFT
    assert activity.organizer == branch_a
    assert activity.created_by == secretary_a
    assert activity.service_minutes == 3 * 60 + 30
    assert str(activity.funds) == "1500.00"
    assert activity.history.latest().history_user == secretary_a
    page = client_a.get(response.url).content.decode()
    assert "已保存为草稿" in page
    assert "3 小时 30 分" in page
    assert "1,500元" in page


def test_secretary_saves_and_submits(client_a, secretary_a, branch_a):
    client_a.post(URL, activity_form_data(branch_a, action="submit"))
    activity = Activity.objects.get()
    assert activity.state == Activity.State.SUBMITTED
    assert activity.submitted_at is not None
    assert [h.state for h in activity.history.order_by("history_id")] == ["draft", "submitted"]
    assert {h.history_user for h in activity.history.all()} == {secretary_a}


def test_co_organizers_and_own_pairing_are_saved(client_a, branch_a, branch_b, pairing_a):
    data = activity_form_data(branch_a, pairing=pairing_a.pk, co_organizers=[branch_b.pk])
    client_a.post(URL, data)
    activity = Activity.objects.get()
    assert activity.pairing == pairing_a
    assert list(activity.co_organizers.all()) == [branch_b]


def test_photos_are_uploaded_at_once_with_captions_in_order(client_a, branch_a):
    data = activity_form_data(branch_a)
    data["new_photos"] = [
        upload("第一张.jpg", image_bytes("JPEG", color="red")),
        upload("second.png", image_bytes("PNG", color="blue"), "image/png"),
        upload("third.webp", image_bytes("WEBP", color="green"), "image/webp"),
    ]
    data["new_photo_caption"] = ["义诊现场", "法律咨询", ""]
    response = client_a.post(URL, data)
    assert response.status_code == 302
    photos = list(ActivityPhoto.objects.order_by("position"))
    assert [(p.position, p.caption) for p in photos] == [(1, "义诊现场"), (2, "法律咨询"), (3, "")]
    for photo in photos:
        assert photo.image.name.endswith(".jpg") and photo.thumbnail.name.endswith(".jpg")
        assert "第一张" not in photo.image.name and "second" not in photo.image.name
        assert photo.image.storage.exists(photo.image.name)
        assert photo.thumbnail.storage.exists(photo.thumbnail.name)
        assert (photo.width, photo.height) == (64, 48)


def test_double_click_creates_one_activity(client_a, branch_a):
    data = activity_form_data(branch_a, action="submit")
    first = client_a.post(URL, data)
    second = client_a.post(URL, data)
    activity = Activity.objects.get()
    assert first.url == second.url == reverse("my:activity_detail", args=[activity.pk])
    assert "这张表单已经保存过" in client_a.get(second.url).content.decode()
    # A fresh form (a new key) creates a second one.
    client_a.post(URL, activity_form_data(branch_a))
    assert Activity.objects.count() == 2


def test_form_without_its_one_time_key_is_refused(client_a, branch_a):
    data = activity_form_data(branch_a)
    del data["submission_key"]
    response = client_a.post(URL, data)
    assert response.status_code == 200
    assert "表单已失效" in response.content.decode()
    assert not Activity.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, branch_a):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    response = client.post(URL, activity_form_data(branch_a))
    assert response.url.startswith(reverse("login"))
    assert not Activity.objects.exists()


def test_user_without_organization_gets_an_explanation_not_a_form(client, db):
    user = User.objects.create_user("nobody", "", "x-pass-2026")
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    assert "还没有绑定党组织" in response.content.decode()
    assert '<form method="post" enctype' not in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"title": ""}, "title", "这个字段是必填项"),
        ({"description": ""}, "description", "这个字段是必填项"),
        ({"starts_at": "明天"}, "starts_at", "输入一个有效的日期/时间"),
        ({"ends_at": "2021-04-22T08:00"}, "ends_at", "结束时间不能早于开始时间"),
        ({"party_members": "-1"}, "party_members", "确保该值大于或等于0"),
        ({"volunteers": "-5"}, "volunteers", "确保该值大于或等于0"),
        ({"people_served": "-1"}, "people_served", "确保该值大于或等于0"),
        ({"funds": "-0.01"}, "funds", "投入资金不能为负数"),
        ({"service_hours": "-1"}, "service_hours", "确保该值大于或等于0"),
        ({"service_minutes_part": "60"}, "service_minutes_part", "确保该值小于或等于59"),
        ({"district": "999999"}, "district", "选择一个有效的选项"),
    ],
)
def test_invalid_input_rerenders_with_chinese_message_and_keeps_input(client_a, branch_a, overrides, field, message):
    data = activity_form_data(branch_a, **{"title": "保留我输入的标题", **overrides})
    response = client_a.post(URL, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert any(message in error for error in form.errors[field]), form.errors[field]
    page = response.content.decode()
    assert message in page
    if "title" not in overrides:
        assert 'value="保留我输入的标题"' in page
    if "description" not in overrides:
        assert "党员志愿者为辖区居民提供义诊" in page
    assert not Activity.objects.exists()


def test_another_organizations_pairing_is_refused(client_a, branch_a, pairing_b):
    response = client_a.post(URL, activity_form_data(branch_a, pairing=pairing_b.pk))
    assert response.status_code == 200
    assert "只能选择主办党组织自己的结对共建" in response.content.decode()
    assert not Activity.objects.exists()


def test_pairing_of_another_own_organization_is_refused(client_a, branch_a, other_branch_a):
    pairing = factories.PairingFactory(party_organization=other_branch_a)
    response = client_a.post(URL, activity_form_data(branch_a, pairing=pairing.pk))
    assert response.status_code == 200
    assert "只能选择主办党组织自己的结对共建" in response.content.decode()
    assert not Activity.objects.exists()


def test_organizer_as_co_organizer_is_refused(client_a, branch_a):
    response = client_a.post(URL, activity_form_data(branch_a, co_organizers=[branch_a.pk]))
    assert response.status_code == 200
    assert "主办党组织不能同时作为协办党组织" in response.content.decode()
    assert not Activity.objects.exists()


def test_another_organization_as_organizer_is_refused(client_a, branch_b):
    response = client_a.post(URL, activity_form_data(branch_b))
    assert response.status_code == 200
    assert "只能选择您所在的党组织作为主办党组织" in response.content.decode()
    assert not Activity.objects.exists()


def test_secretary_of_two_organizations_chooses_and_pairings_carry_their_owner(
    client_a, branch_a, other_branch_a, pairing_a
):
    response = client_a.get(URL)
    page = response.content.decode()
    organizer_select = page.split('name="organizer"')[1].split("</select>")[0]
    assert f'value="{branch_a.pk}" selected' not in organizer_select
    assert f'value="{other_branch_a.pk}" selected' not in organizer_select
    assert f'data-organizer="{branch_a.pk}"' in page
    client_a.post(URL, activity_form_data(other_branch_a))
    assert Activity.objects.get().organizer == other_branch_a


def test_a_description_of_a_megabyte_is_refused_and_nothing_is_saved(client_a, branch_a):
    response = client_a.post(URL, activity_form_data(branch_a, description="长" * 330_000))  # about 1 MB

    assert response.status_code == 200
    [error] = response.context["form"].errors["description"]
    assert "5000" in error
    assert error in response.content.decode()
    assert not Activity.objects.exists()
