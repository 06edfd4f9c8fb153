"""The review workflow in the admin, through ActivityReviewAdminMixin (mounted on a test admin site)."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from tests.helpers.activities import snapshot
from tests.helpers.factories import ActivityFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.helpers.review_admin")]

State = Activity.State
CHANGELIST = "review_admin:activities_activity_changelist"


def changelist():
    return reverse(CHANGELIST)


def review_url(activity):
    return reverse("review_admin:activities_activity_review", args=[activity.pk])


def run_action(client, action, activities, **extra):
    data = {"action": action, "_selected_action": [a.pk for a in activities], "index": 0, **extra}
    return client.post(changelist(), data)


@pytest.fixture
def queue(branch_a, branch_b, secretary_a):
    now = timezone.now()
    older = ActivityFactory(organizer=branch_a, submitted=True, created_by=secretary_a, title="先提交的活动")
    newer = ActivityFactory(organizer=branch_b, submitted=True, title="后提交的活动")
    Activity.objects.filter(pk=older.pk).update(submitted_at=now - datetime.timedelta(days=2))
    Activity.objects.filter(pk=newer.pk).update(submitted_at=now - datetime.timedelta(days=1))
    draft = ActivityFactory(organizer=branch_a, draft=True, title="还是草稿的活动")
    published = ActivityFactory(organizer=branch_a, published=True, title="已经发布的活动")
    return {"older": older, "newer": newer, "draft": draft, "published": published}


def test_pending_queue_lists_submitted_oldest_first(staff_client, queue):
    response = staff_client.get(changelist(), {"review": "pending"})
    assert response.status_code == 200
    shown = [activity.title for activity in response.context["cl"].result_list]
    assert shown == ["先提交的活动", "后提交的活动"]
    page = response.content.decode()
    assert "审核队列" in page and "待审核（按提交先后）" in page
    assert review_url(queue["older"]) in page


def test_bulk_approve_publishes_submitted_and_names_the_refused(
    staff_client, staff_user, queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(staff_client, "approve_selected", [queue["older"], queue["newer"], queue["draft"]])
    assert response.status_code == 302
    for key in ("older", "newer"):
        queue[key].refresh_from_db()
        assert queue[key].state == State.PUBLISHED
        assert queue[key].reviewed_by == staff_user
        assert queue[key].history.latest().history_user == staff_user
    queue["draft"].refresh_from_db()
    assert queue["draft"].state == State.DRAFT
    page = staff_client.get(response.url).content.decode()
    assert "已审核通过并发布 2 项活动" in page
    assert "还是草稿的活动" in page and "尚未提交审核" in page
    assert [message.to for message in mail.outbox] == [["a@example.com"]]


def test_approving_twice_in_the_admin_is_refused(staff_client, queue):
    run_action(staff_client, "approve_selected", [queue["older"]])
    before = snapshot(queue["older"])
    response = run_action(staff_client, "approve_selected", [queue["older"]])
    assert "不能重复审核通过" in staff_client.get(response.url).content.decode()
    assert snapshot(queue["older"]) == before


def test_bulk_return_asks_for_a_reason_first(staff_client, queue, django_capture_on_commit_callbacks):
    selected = [queue["older"], queue["newer"]]
    response = run_action(staff_client, "return_selected", selected)
    assert response.status_code == 200
    page = response.content.decode()
    assert "退回所选活动" in page and "先提交的活动" in page and 'name="reason"' in page
    before = [snapshot(a) for a in selected]

    response = run_action(staff_client, "return_selected", selected, apply="1", reason="   ")
    assert response.status_code == 200
    assert "退回时必须填写退回理由" in response.content.decode()
    assert [snapshot(a) for a in selected] == before

    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(staff_client, "return_selected", selected, apply="1", reason="请补充照片说明。")
    assert response.status_code == 302
    for activity in selected:
        activity.refresh_from_db()
        assert activity.state == State.RETURNED
        assert activity.review_reason == "请补充照片说明。"
    assert "已退回 2 项活动" in staff_client.get(response.url).content.decode()
    assert len(mail.outbox) == 1 and "请补充照片说明。" in mail.outbox[0].body


def test_bulk_take_offline(staff_client, queue):
    response = run_action(staff_client, "take_offline_selected", [queue["published"], queue["draft"]])
    queue["published"].refresh_from_db()
    assert queue["published"].state == State.OFFLINE
    page = staff_client.get(response.url).content.decode()
    assert "已下线 1 项活动" in page and "只有已发布的活动可以下线" in page


def test_staff_may_submit_on_behalf(staff_client, queue):
    run_action(staff_client, "submit_selected", [queue["draft"]])
    queue["draft"].refresh_from_db()
    assert queue["draft"].state == State.SUBMITTED


def test_review_page_approve(staff_client, queue):
    activity = queue["older"]
    page = staff_client.get(review_url(activity)).content.decode()
    assert activity.title in page and "审核通过并发布" in page and "退回理由" in page
    response = staff_client.post(review_url(activity), {"decision": "approve", "version": activity.version})
    assert response.status_code == 302
    assert response.url == f"{changelist()}?review=pending"
    activity.refresh_from_db()
    assert activity.state == State.PUBLISHED


def test_review_page_return_needs_a_reason(staff_client, queue):
    activity = queue["older"]
    before = snapshot(activity)
    response = staff_client.post(
        review_url(activity), {"decision": "return", "version": activity.version, "return-reason": ""}
    )
    assert response.status_code == 200
    assert "退回时必须填写退回理由" in response.content.decode()
    assert snapshot(activity) == before
    staff_client.post(
        review_url(activity), {"decision": "return", "version": activity.version, "return-reason": "时间有误"}
    )
    activity.refresh_from_db()
    assert activity.state == State.RETURNED and activity.review_reason == "时间有误"


def test_review_page_refuses_a_stale_decision(staff_client, queue, secretary_a):
    from activities import services

    activity = queue["older"]
    shown = activity.version
    services.activity_withdraw(activity=Activity.objects.get(pk=activity.pk), user=secretary_a)
    services.activity_submit(activity=Activity.objects.get(pk=activity.pk), user=secretary_a)
    before = snapshot(activity)
    response = staff_client.post(review_url(activity), {"decision": "approve", "version": shown})
    assert response.status_code == 200
    assert "已被修改" in response.content.decode()
    assert snapshot(activity) == before


def test_review_page_take_offline(staff_client, queue):
    activity = queue["published"]
    staff_client.post(
        review_url(activity), {"decision": "offline", "version": activity.version, "offline-reason": "重复登记"}
    )
    activity.refresh_from_db()
    assert activity.state == State.OFFLINE and activity.review_reason == "重复登记"


def test_review_page_refuses_an_overlong_offline_note_and_keeps_it_on_the_page(staff_client, queue):
    activity = queue["published"]
    before = snapshot(activity)
    note = "重复登记" * 501
    response = staff_client.post(
        review_url(activity), {"decision": "offline", "version": activity.version, "offline-reason": note}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "2000" in page and note in page
    assert snapshot(activity) == before


def test_review_page_with_broken_input_changes_nothing(staff_client, queue):
    activity = queue["older"]
    before = snapshot(activity)
    for data in ({"decision": "publish-everything", "version": 1}, {"decision": "approve", "version": "x"}):
        response = staff_client.post(review_url(activity), data)
        assert response.status_code == 302
    assert snapshot(activity) == before
    assert staff_client.get(reverse("review_admin:activities_activity_review", args=[999999])).status_code == 404


def test_workflow_fields_are_read_only_in_the_change_form_and_edits_bump_the_version(staff_client, queue):
    activity = queue["older"]
    url = reverse("review_admin:activities_activity_change", args=[activity.pk])
    response = staff_client.get(url)
    assert 'name="state"' not in response.content.decode()
    local = timezone.localtime
    data = {
        "title": "局里改过的标题",
        "kind": activity.kind,
        "organizer": activity.organizer_id,
        "starts_at_0": local(activity.starts_at).strftime("%Y-%m-%d"),
        "starts_at_1": local(activity.starts_at).strftime("%H:%M:%S"),
        "ends_at_0": local(activity.ends_at).strftime("%Y-%m-%d"),
        "ends_at_1": local(activity.ends_at).strftime("%H:%M:%S"),
        "district": activity.district,
        "description": activity.description,
        "state": State.PUBLISHED,
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    version = activity.version
    activity.refresh_from_db()
    assert activity.title == "局里改过的标题"
    assert activity.state == State.SUBMITTED
    assert activity.version == version + 1


def test_secretary_cannot_use_the_review_admin(client_a, queue):
    for url in (changelist(), review_url(queue["older"])):
        response = client_a.get(url)
        assert response.status_code == 302 and "login" in response.url
    before = snapshot(queue["older"])
    client_a.post(review_url(queue["older"]), {"decision": "approve", "version": queue["older"].version})
    assert snapshot(queue["older"]) == before


def test_staff_without_change_permission_cannot_review(client, queue):
    viewer = User.objects.create_user("viewer", "", "x", is_staff=True)
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_activity"))
    client.force_login(viewer)
    response = client.get(changelist())
    assert response.status_code == 200
    assert "approve_selected" not in response.content.decode()
    before = snapshot(queue["older"])
    assert client.post(review_url(queue["older"]), {"decision": "approve", "version": 1}).status_code == 403
    run_action(client, "approve_selected", [queue["older"]])
    assert snapshot(queue["older"]) == before


def test_project_admin_puts_review_mixin_in_front_of_activity_admin():
    from django.contrib import admin as django_admin

    from activities.admin_review import ActivityReviewAdminMixin
    from activities.models import Activity as ActivityModel

    assert isinstance(django_admin.site._registry[ActivityModel], ActivityReviewAdminMixin)
