"""The admin as bureau staff see it: axe-core finds no WCAG 2.1 A/AA violation on the index,
a list, a change form and its history, and the review page (the portal's theme fixes
Django's low-contrast colours); pictures of them, and of a secretary's new notification,
are left in tests/artifacts/screenshots/."""

import json

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from activities import services
from activities.models import Activity
from tests.browser.conftest import DESKTOP
from tests.browser.journeys import enter_two_factor_code, sign_in
from tests.browser.portal import SECRETARY, STAFF
from tests.browser.test_accessibility import run_axe

pytestmark = pytest.mark.browser

State = Activity.State


def admin_pages(portal):
    submitted = portal.secretary_activities(State.SUBMITTED).first()
    published = Activity.objects.published().order_by("pk").first()
    return {
        "admin-index": "/admin/",
        "admin-changelist": "/admin/activities/activity/",
        "admin-change-form": f"/admin/activities/activity/{published.pk}/change/",
        "admin-history": f"/admin/activities/activity/{published.pk}/history/",
        "admin-review": f"/admin/activities/activity/{submitted.pk}/review/",
        "admin-users": "/admin/auth/user/",
    }


def test_axe_finds_no_violation_on_the_admin_pages(axe_js, browsing, portal):
    page = browsing.new_page(DESKTOP, bypass_csp=True)
    browsing.visit(page, "/admin/login/")
    sign_in(page, STAFF)
    enter_two_factor_code(page, STAFF)
    expect(page.get_by_role("link", name="广州市社会组织党建管理平台")).to_be_visible()
    violations = {}
    for name, path in admin_pages(portal).items():
        browsing.visit(page, path)
        if found := run_axe(page, axe_js):
            violations[name] = found
        if name != "admin-users":
            browsing.screenshot(page, name)
    assert violations == {}, json.dumps(violations, ensure_ascii=False, indent=1)
    browsing.assert_no_problems()


def test_a_secretary_sees_a_new_notification(browsing, portal):
    staff = get_user_model().objects.get(username=STAFF)
    activity = portal.secretary_activities(State.SUBMITTED).first()
    services.activity_return(activity=activity, user=staff, reason="请补充活动照片的文字说明。")

    # staff leave a message from the activity's review page
    desk = browsing.new_page(DESKTOP)
    browsing.visit(desk, "/admin/login/")
    sign_in(desk, STAFF)
    enter_two_factor_code(desk, STAFF)
    expect(desk.get_by_role("link", name="广州市社会组织党建管理平台")).to_be_visible()
    browsing.visit(desk, f"/admin/activities/activity/{activity.pk}/review/")
    desk.get_by_label("留言内容").fill("退回意见已发出，如有疑问请致电局党建科。")
    desk.get_by_role("button", name="发送留言").click()
    expect(desk.locator(".messagelist")).to_contain_text("留言，对方会在“我的通知”中看到")

    page = browsing.new_page(DESKTOP)
    browsing.visit(page, "/accounts/login/")
    sign_in(page, SECRETARY)
    page.wait_for_url("**/my/")
    page.get_by_role("link", name="我的通知").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的通知")
    expect(page.locator(".notification-new").first).to_contain_text(activity.title)
    expect(page.locator(".notification-new").first).to_contain_text("退回意见已发出，如有疑问请致电局党建科。")
    expect(page.locator(".notification-new").nth(1)).to_contain_text("请补充活动照片的文字说明。")
    browsing.screenshot(page, "my-notifications")
    browsing.assert_no_problems()
