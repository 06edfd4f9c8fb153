"""Bureau staff review in the admin: what they approve goes public, what they return goes back with the reason."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from activities.models import Activity
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.journeys import (
    PHOTO_CAPTIONS,
    camera_photos,
    enter_two_factor_code,
    expect_heading,
    fill_activity_form,
    returned_section,
    sign_in,
    submitted_section,
)
from tests.browser.portal import SECRETARY, STAFF

pytestmark = pytest.mark.browser

State = Activity.State
REASON = "服务群众人次与照片不符，请核实后补充现场照片说明。"


def open_review(page, title):
    """From the admin's start page to the review page of `title`, through the 待审核 queue (the
    newest of the same title: the queue runs oldest first)."""
    page.get_by_role("link", name="广州市社会组织党建管理平台").click()
    page.get_by_role("link", name="活动", exact=True).click()
    page.get_by_role("link", name="待审核（按提交先后）").click()
    page.get_by_role("row").filter(has_text=title).get_by_role("link", name="审核", exact=True).last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"审核：{title}")


def test_staff_approve_one_activity_and_return_another_with_a_reason(browsing, portal, tmp_path):
    # The secretary submits an activity from a phone.
    secretary = browsing.new_page(PHONE, phone=True)
    browsing.visit(secretary, "/accounts/login/")
    sign_in(secretary, SECRETARY)
    secretary.get_by_role("link", name="登记新活动").click()
    title = "光塔街困难残障家庭探访慰问"
    fill_activity_form(secretary, title, camera_photos(tmp_path))
    secretary.get_by_role("button", name="保存并提交审核").click()
    expect_heading(secretary, title)
    activity = Activity.objects.get(title=title)
    other = portal.secretary_activities(State.SUBMITTED).exclude(pk=activity.pk).first()

    # Nothing of it is public while it waits: not in the gallery of its year and district, nor at its address.
    public = browsing.new_page(DESKTOP)
    browsing.visit(public, activity.get_absolute_url(), status=404)
    browsing.visit(public, "/activities/")
    public.get_by_label("年份").select_option("2021")
    public.get_by_label("所在区").select_option(label="越秀区")
    public.get_by_role("button", name="查询").click()
    expect(public.get_by_role("heading", level=1)).to_be_visible()
    expect(public.get_by_role("link", name=title)).to_have_count(0)

    # Bureau staff approve it from the review queue.
    staff = browsing.new_page(DESKTOP)
    browsing.visit(staff, "/admin/")
    sign_in(staff, STAFF)
    enter_two_factor_code(staff, STAFF)
    expect(staff.get_by_role("heading", level=1)).to_have_text("业务管理")
    open_review(staff, title)
    expect(staff.get_by_role("heading", name="照片（2）")).to_be_visible()
    staff.get_by_role("button", name="审核通过并发布").click()
    expect(staff.get_by_text(f"“{title}”已审核通过并发布。")).to_be_visible()

    # The public now finds it, with its photos.
    public.reload()
    public.get_by_role("link", name=title).click()
    expect_heading(public, title)
    for caption in PHOTO_CAPTIONS:
        expect(public.get_by_role("img", name=caption)).to_be_visible()

    # Staff return another submitted activity, saying why.
    open_review(staff, other.title)
    staff.get_by_label("退回理由").fill(REASON)
    staff.get_by_role("button", name="退回", exact=True).click()
    expect(staff.get_by_text(f"“{other.title}”已退回。")).to_be_visible()
    other.refresh_from_db()
    assert other.state == State.RETURNED and other.review_reason == REASON
    # Both decisions reached the secretary by e-mail too.
    notified = {message.subject for message in mail.outbox if message.to == [f"{SECRETARY}@example.com"]}
    assert any(title in subject for subject in notified) and any(other.title in subject for subject in notified)

    # The secretary sees the reason on the dashboard, next to the activity, and on its edit form.
    browsing.visit(secretary, "/my/")
    returned = returned_section(secretary).get_by_role("listitem").filter(has_text=other.title)
    expect(returned.get_by_text(REASON)).to_be_visible()
    expect(submitted_section(secretary).get_by_role("link", name=title)).to_have_count(0)
    returned.get_by_role("link", name="修改").click()
    expect_heading(secretary, "修改活动")
    expect(secretary.get_by_text(REASON)).to_be_visible()

    browsing.screenshot(secretary, "review-journey")
    browsing.assert_no_problems()
