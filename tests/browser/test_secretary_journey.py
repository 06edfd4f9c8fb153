"""A secretary records an activity: on a phone with a finger, and at a desk with the keyboard alone."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from activities.models import Activity
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.journeys import (
    ACTIVITY,
    PHOTO_CAPTIONS,
    camera_photos,
    choose_option,
    expect_heading,
    fill_activity_form,
    replace_text,
    sign_in,
    submitted_section,
    tab_to,
    type_datetime,
)
from tests.browser.portal import PASSWORD, SECRETARY

pytestmark = pytest.mark.browser


def assert_submitted_with_photos(title, kind=Activity.Kind.VOLUNTEER):
    activity = Activity.objects.get(title=title)
    assert activity.state == Activity.State.SUBMITTED
    assert activity.created_by.username == SECRETARY
    assert activity.kind == kind
    local = timezone.localtime(activity.starts_at)
    assert (local.date(), local.time()) == (datetime.date(2021, 4, 22), datetime.time(9, 0))
    assert activity.service_minutes == 3 * 60 + 30 and activity.people_served == 300
    assert list(activity.photos.order_by("position").values_list("caption", flat=True)) == PHOTO_CAPTIONS
    return activity


def test_secretary_on_a_phone_records_an_activity_with_two_photos_and_finds_it_waiting(browsing, portal, tmp_path):
    page = browsing.new_page(PHONE, phone=True)
    browsing.visit(page, "/")

    # The menu is folded away on a phone.
    sign_in_link = page.get_by_role("link", name="党务登录")
    expect(sign_in_link).to_be_hidden()
    page.get_by_role("button", name="展开导航").click()
    sign_in_link.click()
    expect_heading(page, "党务登录")
    sign_in(page, SECRETARY)
    expect_heading(page, "我的工作台")

    page.get_by_role("link", name="登记新活动").click()
    expect_heading(page, "登记新活动")
    title = "农林街“我为群众办实事”义诊志愿服务"
    fill_activity_form(page, title, camera_photos(tmp_path))
    page.get_by_role("button", name="保存并提交审核").click()

    expect_heading(page, title)
    expect(page.get_by_text(f"活动“{title}”已保存并提交审核。")).to_be_visible()
    expect(page.get_by_role("heading", name="照片（2）")).to_be_visible()
    for caption in PHOTO_CAPTIONS:
        expect(page.get_by_role("img", name=caption)).to_be_visible()

    page.get_by_role("navigation", name="位置").get_by_role("link", name="我的工作台").click()
    waiting = submitted_section(page)
    expect(waiting.get_by_role("link", name=title)).to_be_visible()
    expect(waiting.get_by_role("listitem").filter(has_text=title).get_by_text("照片 2 张")).to_be_visible()
    assert_submitted_with_photos(title)

    browsing.screenshot(page, "secretary-journey-phone")
    browsing.assert_no_problems()


def test_secretary_records_an_activity_with_the_keyboard_alone(browsing, portal, tmp_path):
    page = browsing.new_page(DESKTOP)
    keys = page.keyboard
    browsing.visit(page, "/")

    tab_to(page, page.get_by_role("link", name="党务登录"))
    keys.press("Enter")
    expect_heading(page, "党务登录")
    tab_to(page, page.get_by_label("用户名"))
    keys.type(SECRETARY)
    tab_to(page, page.get_by_label("密码"))
    keys.type(PASSWORD)
    keys.press("Enter")
    expect_heading(page, "我的工作台")

    tab_to(page, page.get_by_role("link", name="登记新活动"))
    keys.press("Enter")
    expect_heading(page, "登记新活动")

    title = "红苗计划党务知识课堂（键盘填报）"
    tab_to(page, page.get_by_label("活动名称"))
    keys.type(title)
    kind = page.get_by_label("活动类型")
    tab_to(page, kind)
    choose_option(page, kind, "学习培训")
    tab_to(page, page.get_by_label("开始时间"))
    type_datetime(page, ACTIVITY["starts_at"])
    tab_to(page, page.get_by_label("结束时间"))
    type_datetime(page, ACTIVITY["ends_at"])
    district = page.get_by_label("所在区")
    tab_to(page, district)
    choose_option(page, district, ACTIVITY["district"])
    for label, field in [
        ("街道（镇）", "street"),
        ("地点", "place"),
        ("参与党员（人）", "party_members"),
        ("志愿者（人）", "volunteers"),
        ("服务时长（小时）", "service_hours"),
        ("服务时长（分钟）", "service_minutes_part"),
        ("服务群众（人次）", "people_served"),
        ("投入资金（元）", "funds"),
        ("活动内容", "description"),
    ]:
        tab_to(page, page.get_by_label(label, exact=label == "地点"))
        replace_text(page, ACTIVITY[field])

    # Space on the file input opens the file dialog, where the photos are chosen.
    photos = camera_photos(tmp_path)
    tab_to(page, page.get_by_label("添加照片"))
    with page.expect_file_chooser() as chooser:
        keys.press("Space")
    chooser.value.set_files([str(path) for path in photos])
    for path, caption in zip(photos, PHOTO_CAPTIONS, strict=True):
        tab_to(page, page.get_by_label(f"照片“{path.name}”的说明"))
        keys.type(caption)

    tab_to(page, page.get_by_role("button", name="保存并提交审核"))
    keys.press("Enter")
    expect_heading(page, title)
    expect(page.get_by_text(f"活动“{title}”已保存并提交审核。")).to_be_visible()

    tab_to(page, page.get_by_role("navigation", name="位置").get_by_role("link", name="我的工作台"))
    keys.press("Enter")
    expect_heading(page, "我的工作台")
    tab_to(page, page.get_by_role("link", name=re.compile(r"^待审核 \d+$")))
    keys.press("Enter")
    assert page.url.endswith("#state-submitted")
    expect(submitted_section(page).get_by_role("link", name=title)).to_be_visible()
    assert_submitted_with_photos(title, kind=Activity.Kind.STUDY)

    browsing.screenshot(page, "secretary-journey-keyboard")
    browsing.assert_no_problems()
