"""Secretaries are told of every review outcome: a notification each, a count in the header,
a list in /my/notifications/ marking what is new, and an e-mail with the activity's link
unless they turned e-mails off."""

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from activities import services
from activities.models import Activity, Notification, NotificationPreference
from tests.conftest import PASSWORD
from tests.helpers import factories

pytestmark = pytest.mark.django_db

State = Activity.State

OUTCOMES = {
    "approved": (State.SUBMITTED, lambda activity, user: services.activity_approve(activity=activity, user=user)),
    "returned": (
        State.SUBMITTED,
        lambda activity, user: services.activity_return(activity=activity, user=user, reason="请补充活动照片。"),
    ),
    "offline": (
        State.PUBLISHED,
        lambda activity, user: services.activity_take_offline(activity=activity, user=user, reason="照片涉及隐私。"),
    ),
}


def decide(outcome, activity, staff_user, capture):
    with capture(execute=True):
        OUTCOMES[outcome][1](activity, staff_user)


@pytest.mark.parametrize("outcome", OUTCOMES)
def test_each_outcome_notifies_each_secretary_of_the_organization(
    outcome, branch_a, secretary_a, staff_user, django_capture_on_commit_callbacks
):
    second = User.objects.create_user("secretary_a2", "a2@example.com", PASSWORD)
    branch_a.secretaries.add(second)
    activity = factories.ActivityFactory(organizer=branch_a, **{OUTCOMES[outcome][0]: True}, created_by=secretary_a)

    decide(outcome, activity, staff_user, django_capture_on_commit_callbacks)

    notifications = Notification.objects.filter(activity=activity).order_by("recipient__username")
    assert [(n.recipient, n.kind, n.actor, n.seen_at) for n in notifications] == [
        (secretary_a, outcome, staff_user, None),
        (second, outcome, staff_user, None),
    ]
    activity.refresh_from_db()
    assert {n.reason for n in notifications} == {activity.review_reason}
    (message,) = mail.outbox
    assert sorted(message.to) == ["a2@example.com", "a@example.com"]


def test_no_notification_when_the_decision_is_refused(branch_a, secretary_a, staff_user):
    draft = factories.ActivityFactory(organizer=branch_a, draft=True, created_by=secretary_a)
    with pytest.raises(services.ActivityActionRefused):
        services.activity_approve(activity=draft, user=staff_user)
    assert not Notification.objects.exists()


def test_the_email_link_opens_the_activity_for_its_secretary_and_404s_for_another(
    client, branch_a, secretary_a, secretary_b, staff_user, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://partybuild.example.gov.cn"
    activity = factories.ActivityFactory(organizer=branch_a, submitted=True, created_by=secretary_a)
    decide("returned", activity, staff_user, django_capture_on_commit_callbacks)

    (message,) = mail.outbox
    url = re.search(r"https://partybuild\.example\.gov\.cn(/\S+)", message.body).group(1)
    assert url == reverse("my:activity_detail", args=[activity.pk])
    client.force_login(secretary_a)
    page = client.get(url)
    assert page.status_code == 200 and "请补充活动照片。" in page.content.decode()
    client.force_login(secretary_b)
    assert client.get(url).status_code == 404


def test_the_list_marks_what_is_new_and_the_visit_marks_it_seen(
    client_a, branch_a, secretary_a, staff_user, django_capture_on_commit_callbacks
):
    first = factories.ActivityFactory(organizer=branch_a, submitted=True, created_by=secretary_a, title="第一次活动")
    decide("approved", first, staff_user, django_capture_on_commit_callbacks)
    client_a.get(reverse("my:notifications"))  # seen

    second = factories.ActivityFactory(organizer=branch_a, submitted=True, created_by=secretary_a, title="第二次活动")
    decide("returned", second, staff_user, django_capture_on_commit_callbacks)
    dashboard = client_a.get(reverse("my:dashboard")).content.decode()
    assert re.search(r"我的通知 <span class=\"[^\"]*notification-badge\">1<", dashboard)
    assert "您有 1 条新通知" in dashboard

    page = client_a.get(reverse("my:notifications")).content.decode()
    items = re.findall(r"<li class=\"list-group-item( notification-new)?\">(.*?)</li>", page, re.S)
    assert [(bool(new), "第二次活动" in text, "第一次活动" in text) for new, text in items] == [
        (True, True, False),
        (False, False, True),
    ]
    assert "“第二次活动”已退回" in page and "“第一次活动”审核通过" in page
    assert not Notification.objects.filter(recipient=secretary_a, seen_at__isnull=True).exists()

    again = client_a.get(reverse("my:notifications")).content.decode()
    assert "notification-new" not in again and "notification-badge" not in again


def test_a_notification_is_visible_only_to_its_secretary(
    client, branch_a, secretary_a, secretary_b, staff_user, django_capture_on_commit_callbacks
):
    activity = factories.ActivityFactory(
        organizer=branch_a, submitted=True, created_by=secretary_a, title="甲支部主题党日"
    )
    decide("approved", activity, staff_user, django_capture_on_commit_callbacks)
    notification = Notification.objects.get(recipient=secretary_a)

    client.force_login(secretary_b)
    assert "甲支部主题党日" not in client.get(reverse("my:notifications")).content.decode()
    assert client.get(notification.get_absolute_url()).status_code == 404
    notification.refresh_from_db()
    assert notification.seen_at is None

    client.force_login(secretary_a)
    opened = client.get(notification.get_absolute_url())
    assert opened.status_code == 302 and opened["Location"] == reverse("my:activity_detail", args=[activity.pk])
    notification.refresh_from_db()
    assert notification.seen_at is not None


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("my:notifications"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_secretary_can_turn_emails_off_and_still_gets_notified(
    client_a, branch_a, secretary_a, staff_user, django_capture_on_commit_callbacks
):
    response = client_a.post(reverse("my:notification_settings"), {})
    assert response.status_code == 302
    preference = NotificationPreference.objects.get(user=secretary_a)
    assert preference.email is False
    assert preference.history.latest().history_user == secretary_a
    assert "不再发送邮件" in client_a.get(reverse("my:notifications")).content.decode()

    activity = factories.ActivityFactory(organizer=branch_a, submitted=True, created_by=secretary_a)
    decide("approved", activity, staff_user, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=secretary_a, activity=activity).count() == 1

    client_a.post(reverse("my:notification_settings"), {"email": "on"})
    other = factories.ActivityFactory(organizer=branch_a, submitted=True, created_by=secretary_a)
    decide("approved", other, staff_user, django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [["a@example.com"]]


def test_the_settings_form_takes_only_post(client_a):
    assert client_a.get(reverse("my:notification_settings")).status_code == 405


@pytest.mark.parametrize("size", [1, 8])
def test_the_notifications_page_runs_a_fixed_number_of_queries(
    client_a, branch_a, secretary_a, staff_user, django_assert_num_queries, size
):
    for _ in range(size):
        activity = factories.ActivityFactory(organizer=branch_a, submitted=True, created_by=secretary_a)
        services.activity_return(activity=activity, user=staff_user, reason="请补充。")
    client_a.get(reverse("my:dashboard"))  # the session's first request stamps its clock
    # session, user, the list, mark seen, preference, header count
    with django_assert_num_queries(6):
        response = client_a.get(reverse("my:notifications"))
    assert response.content.decode().count("notification-new") == size
