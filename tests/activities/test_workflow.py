"""The whole loop through the test client: secretary → bureau staff → public, and back when returned."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from activities.models import Activity
from tests.conftest import PASSWORD
from tests.helpers.activities import activity_form_data, edit_form_data, image_bytes, upload

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.helpers.review_admin")]

State = Activity.State


def signed_in(username):
    client = Client()
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client, response.url


def review(staff, activity, **data):
    return staff.post(
        reverse("review_admin:activities_activity_review", args=[activity.pk]),
        {"version": Activity.objects.get(pk=activity.pk).version, **data},
    )


def test_created_submitted_approved_and_public(secretary_a, staff_user, branch_a, django_capture_on_commit_callbacks):
    secretary, landing = signed_in("secretary_a")
    assert landing == reverse("my:dashboard")
    title = "2021年4月22日农林街我为群众办实事志愿服务"

    data = activity_form_data(branch_a, title=title, action="submit")
    data["new_photos"] = [upload("现场.jpg", image_bytes("JPEG"))]
    data["new_photo_caption"] = ["党员志愿者为居民义诊"]
    response = secretary.post(reverse("my:activity_create"), data)
    activity = Activity.objects.get(title=title)
    assert response.url == reverse("my:activity_detail", args=[activity.pk])
    assert activity.state == State.SUBMITTED
    dashboard = secretary.get(reverse("my:dashboard")).content.decode()
    assert "待审核（1）" in dashboard and title in dashboard

    # Not public while it waits.
    public = Client()
    assert public.get(activity.get_absolute_url()).status_code == 404
    assert title not in public.get(reverse("activities:list")).content.decode()

    staff, _ = signed_in("bureau_staff")
    queue = staff.get(reverse("review_admin:activities_activity_changelist"), {"review": "pending"})
    assert title in queue.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = review(staff, activity, decision="approve")
    assert response.status_code == 302

    page = public.get(activity.get_absolute_url())
    assert page.status_code == 200 and title in page.content.decode()
    assert title in public.get(reverse("activities:list")).content.decode()
    dashboard = secretary.get(reverse("my:dashboard")).content.decode()
    assert "已发布（1）" in dashboard
    (message,) = mail.outbox
    assert message.to == ["a@example.com"] and title in message.subject

    activity.refresh_from_db()
    assert activity.reviewed_by == staff_user
    users = [h.history_user.username for h in activity.history.order_by("history_id")]
    assert users == ["secretary_a", "secretary_a", "bureau_staff"]


def test_returned_seen_edited_resubmitted_then_approved(
    secretary_a, staff_user, branch_a, django_capture_on_commit_callbacks
):
    secretary, _ = signed_in("secretary_a")
    title = "红联共建学习大讲堂"
    secretary.post(reverse("my:activity_create"), activity_form_data(branch_a, title=title, action="submit"))
    activity = Activity.objects.get(title=title)

    staff, _ = signed_in("bureau_staff")
    with django_capture_on_commit_callbacks(execute=True):
        review(staff, activity, decision="return", **{"return-reason": "服务群众人次与照片不符，请核实。"})
    activity.refresh_from_db()
    assert activity.state == State.RETURNED
    assert "服务群众人次与照片不符" in mail.outbox[0].body

    dashboard = secretary.get(reverse("my:dashboard")).content.decode()
    assert "已退回（1）" in dashboard and "服务群众人次与照片不符，请核实。" in dashboard
    edit_url = reverse("my:activity_edit", args=[activity.pk])
    assert edit_url in dashboard
    form = secretary.get(edit_url)
    assert "服务群众人次与照片不符，请核实。" in form.content.decode()

    response = secretary.post(edit_url, edit_form_data(activity, people_served="80", action="submit"))
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.state == State.SUBMITTED and activity.people_served == 80
    assert "待审核（1）" in secretary.get(reverse("my:dashboard")).content.decode()
    # Not editable while it waits again.
    assert secretary.get(edit_url).status_code == 302

    review(staff, activity, decision="approve")
    activity.refresh_from_db()
    assert activity.state == State.PUBLISHED and activity.review_reason == ""
    assert title in Client().get(reverse("activities:list")).content.decode()
