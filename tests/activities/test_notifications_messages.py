"""Bureau staff can leave a message for the secretaries of an activity from its review page:
a notification each (counted in the header, listed in /my/notifications/, marked seen), and an
e-mail with the activity's link unless a secretary turned e-mails off."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from activities.models import Notification, NotificationPreference
from tests.conftest import PASSWORD
from tests.helpers import factories

pytestmark = pytest.mark.django_db

MESSAGE = "请在活动内容中补充参加活动的志愿者人数，并上传签到表照片。"


def message_url(activity):
    return reverse("admin:activities_activity_message", args=[activity.pk])


def review_url(activity):
    return reverse("admin:activities_activity_review", args=[activity.pk])


@pytest.fixture
def activity(branch_a, secretary_a):
    return factories.ActivityFactory(organizer=branch_a, published=True, created_by=secretary_a, title="甲支部主题党日")


def send(client, activity, text, capture):
    with capture(execute=True):
        return client.post(message_url(activity), {"text": text})


def test_the_review_page_offers_a_message_to_the_activitys_secretaries(staff_client, activity):
    page = staff_client.get(review_url(activity)).content.decode()
    assert "给书记留言" in page
    assert f'action="{message_url(activity)}"' in page
    assert re.search(r"留言将发给：secretary_a<", page)


def test_a_message_notifies_the_secretary_who_sees_it_in_my(
    client, staff_client, activity, secretary_a, staff_user, django_capture_on_commit_callbacks
):
    response = send(staff_client, activity, MESSAGE, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == review_url(activity)
    notice = staff_client.get(response["Location"]).content.decode()
    assert "已给 secretary_a 留言" in notice

    (notification,) = Notification.objects.all()
    assert (notification.recipient, notification.activity, notification.kind, notification.actor) == (
        secretary_a,
        activity,
        Notification.Kind.MESSAGE,
        staff_user,
    )
    assert notification.reason == MESSAGE and notification.seen_at is None

    client.force_login(secretary_a)
    dashboard = client.get(reverse("my:dashboard")).content.decode()
    assert re.search(r"我的通知 <span class=\"[^\"]*notification-badge\">1<", dashboard)
    assert "您有 1 条新通知" in dashboard
    page = client.get(reverse("my:notifications")).content.decode()
    (item,) = re.findall(r"<li class=\"list-group-item notification-new\">(.*?)</li>", page, re.S)
    assert "局工作人员就“甲支部主题党日”给您留言" in item and f"留言：{MESSAGE}" in item
    notification.refresh_from_db()
    assert notification.seen_at is not None
    again = client.get(reverse("my:dashboard")).content.decode()
    assert "notification-badge" not in again and "新通知" not in again


def test_the_message_email_links_to_the_activity_for_its_secretary_only(
    client, staff_client, activity, secretary_a, secretary_b, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://partybuild.example.gov.cn"
    send(staff_client, activity, MESSAGE, django_capture_on_commit_callbacks)

    (email,) = mail.outbox
    assert email.to == ["a@example.com"]
    assert email.subject == "【工作人员留言】甲支部主题党日"
    assert MESSAGE in email.body
    url = re.search(r"查看该活动：https://partybuild\.example\.gov\.cn(/\S+)", email.body).group(1)
    assert url == reverse("my:activity_detail", args=[activity.pk])
    client.force_login(secretary_a)
    opened = client.get(url)
    assert opened.status_code == 200 and "甲支部主题党日" in opened.content.decode()
    client.force_login(secretary_b)
    assert client.get(url).status_code == 404


def test_a_message_is_visible_only_to_its_secretary(
    client, staff_client, activity, secretary_a, secretary_b, django_capture_on_commit_callbacks
):
    send(staff_client, activity, MESSAGE, django_capture_on_commit_callbacks)
    notification = Notification.objects.get()

    client.force_login(secretary_b)
    listed = client.get(reverse("my:notifications")).content.decode()
    assert MESSAGE not in listed and "甲支部主题党日" not in listed
    assert "notification-badge" not in client.get(reverse("my:dashboard")).content.decode()
    assert client.get(notification.get_absolute_url()).status_code == 404
    notification.refresh_from_db()
    assert notification.seen_at is None


def test_every_secretary_of_the_organization_is_told_and_the_email_respects_their_choice(
    staff_client, activity, branch_a, secretary_a, django_capture_on_commit_callbacks
):
    second = User.objects.create_user("secretary_a2", "a2@example.com", PASSWORD, first_name="王小明")
    branch_a.secretaries.add(second)
    NotificationPreference.objects.create(user=secretary_a, email=False)

    response = send(staff_client, activity, MESSAGE, django_capture_on_commit_callbacks)
    assert "已给 secretary_a、王小明 留言" in staff_client.get(response["Location"]).content.decode()
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == [
        "secretary_a",
        "secretary_a2",
    ]
    assert [email.to for email in mail.outbox] == [["a2@example.com"]]


@pytest.mark.parametrize("text", ["", "   \n ", "留" * 2001])
def test_an_empty_or_overlong_message_is_refused_in_chinese(staff_client, activity, text):
    response = staff_client.post(message_url(activity), {"text": text})
    assert response.status_code == 302
    page = staff_client.get(response["Location"]).content.decode()
    assert "请填写留言内容。" in page or "留言最多 2000 字。" in page
    assert not Notification.objects.exists() and mail.outbox == []


def test_an_activity_without_a_secretary_to_tell(staff_client, branch_b, staff_user):
    orphan = factories.ActivityFactory(organizer=branch_b, published=True, created_by=staff_user)
    assert "没有可接收留言的书记账号" in staff_client.get(review_url(orphan)).content.decode()
    response = staff_client.post(message_url(orphan), {"text": MESSAGE})
    assert "没有可接收留言的书记账号" in staff_client.get(response["Location"]).content.decode()
    assert not Notification.objects.exists()


def test_only_staff_who_may_change_the_activity_can_send(client, client_a, activity):
    assert client_a.post(message_url(activity), {"text": MESSAGE}).status_code == 302  # to the admin sign-in
    viewer = User.objects.create_user("viewer", "v@example.com", PASSWORD, is_staff=True)
    client.force_login(viewer)
    assert client.post(message_url(activity), {"text": MESSAGE}).status_code == 403
    assert not Notification.objects.exists()


def test_the_message_url_takes_only_post_and_unknown_activities_404(staff_client, activity):
    assert staff_client.get(message_url(activity))["Location"] == review_url(activity)
    unknown = reverse("admin:activities_activity_message", args=[999999])
    assert staff_client.post(unknown, {"text": "x"}).status_code == 404
    assert not Notification.objects.exists()


@pytest.mark.parametrize("secretaries", [1, 6])
def test_the_review_page_runs_a_fixed_number_of_queries(
    staff_client, activity, branch_a, secretaries, django_assert_num_queries
):
    for number in range(1, secretaries):
        branch_a.secretaries.add(User.objects.create_user(f"secretary_extra{number}", password=PASSWORD))
    staff_client.get(reverse("admin:index"))
    # session, user, the activity, the user's and the group's permissions, co-organizers,
    # photos, the organizer, the organizer's secretaries (the message's recipients), the creator
    with django_assert_num_queries(10):
        response = staff_client.get(review_url(activity))
    assert response.status_code == 200
    (recipients,) = re.findall(r"留言将发给：([^<]*)<", response.content.decode())
    assert len(recipients.split("、")) == secretaries
