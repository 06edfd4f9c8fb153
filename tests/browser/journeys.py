"""What people do on the portal, step by step, with the mouse (or a finger) and with the keyboard alone."""

import io
import re

from django.core.management import call_command
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.browser.portal import PASSWORD

# What a secretary types for a new activity (the article's 2021-04-22 volunteer service).
ACTIVITY = {
    "kind": "志愿服务",
    "district": "越秀区",
    "starts_at": "2021-04-22T09:00",
    "ends_at": "2021-04-22T12:00",
    "street": "农林街",
    "place": "农林街党群服务中心",
    "party_members": "12",
    "volunteers": "20",
    "service_hours": "3",
    "service_minutes_part": "30",
    "people_served": "300",
    "funds": "1500",
    "description": "党员志愿者为辖区居民提供义诊、法律咨询和家电维修服务。",
}
PHOTO_CAPTIONS = ["党员志愿者为居民义诊", "志愿者合影"]


def camera_photos(folder, count=2):
    """Small real JPEGs, as a phone would leave them, named as people name them."""
    paths = []
    for index in range(count):
        image = Image.new("RGB", (640, 480), (200 - 60 * index, 40, 40))
        draw = ImageDraw.Draw(image)
        draw.rectangle((80, 80, 560, 400), outline=(255, 255, 255), width=12)
        draw.ellipse((260, 180, 380, 300), fill=(255, 215, 0))
        path = folder / f"现场照片{index + 1}.jpg"
        image.save(path, "JPEG", quality=85)
        paths.append(path)
    return paths


# -- with the mouse -----------------------------------------------------------------


def sign_in(page, username, password=PASSWORD):
    """Fill in the sign-in form that is on the page (the portal's or the admin's) and send it."""
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.locator("main").get_by_role("button", name=re.compile("登录")).click()


def enter_two_factor_code(page, username):
    """Staff pass the second factor with the code their authenticator shows now: for the demo
    account, the one `manage.py demo_totp` prints (the demo's known seed)."""
    printed = io.StringIO()
    call_command("demo_totp", username, stdout=printed)
    code = re.search(r"\b(\d{6})\b", printed.getvalue()).group(1)
    expect(page.get_by_role("heading", level=1)).to_have_text("两步验证")
    page.get_by_label("验证码").fill(code)
    page.locator("main").get_by_role("button", name="验证").click()


def fill_activity_form(page, title, photos):
    """Fill in the new-activity form as a secretary does and choose `photos` through the file input."""
    page.get_by_label("活动名称").fill(title)
    page.get_by_label("活动类型").select_option(label=ACTIVITY["kind"])
    page.get_by_label("开始时间").fill(ACTIVITY["starts_at"])
    page.get_by_label("结束时间").fill(ACTIVITY["ends_at"])
    page.get_by_label("所在区").select_option(label=ACTIVITY["district"])
    page.get_by_label("街道（镇）").fill(ACTIVITY["street"])
    page.get_by_label("地点").fill(ACTIVITY["place"])
    page.get_by_label("参与党员（人）").fill(ACTIVITY["party_members"])
    page.get_by_label("志愿者（人）").fill(ACTIVITY["volunteers"])
    page.get_by_label("服务时长（小时）").fill(ACTIVITY["service_hours"])
    page.get_by_label("服务时长（分钟）").fill(ACTIVITY["service_minutes_part"])
    page.get_by_label("服务群众（人次）").fill(ACTIVITY["people_served"])
    page.get_by_label("投入资金（元）").fill(ACTIVITY["funds"])
    page.get_by_label("活动内容").fill(ACTIVITY["description"])
    page.get_by_label("添加照片").set_input_files([str(path) for path in photos])
    # The page adds a caption field per chosen photo.
    for path, caption in zip(photos, PHOTO_CAPTIONS, strict=False):
        page.get_by_label(f"照片“{path.name}”的说明").fill(caption)


def submitted_section(page):
    """The 待审核 group of the secretary's dashboard (a region named by its heading)."""
    return page.get_by_role("region", name=re.compile(r"^待审核（\d+）$"))


def returned_section(page):
    """The 已退回 group of the secretary's dashboard."""
    return page.get_by_role("region", name=re.compile(r"^已退回（\d+）$"))


# -- with the keyboard alone ------------------------------------------------------------

MAX_TABS = 120


def is_focused(locator):
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, locator, max_tabs=MAX_TABS):
    """Press Tab until `locator` has the focus, as a keyboard user does; it must show that it has it."""
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        if is_focused(locator):
            break
    else:
        raise AssertionError(f"{locator} was not reached with {max_tabs} presses of Tab")
    assert shows_focus(locator), f"{locator} has the focus but shows no focus indicator"


def shows_focus(locator):
    """A visible focus indicator: an outline or a box shadow (WCAG 2.4.7)."""
    return locator.evaluate(
        """element => {
            const style = getComputedStyle(element);
            const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
            return outline || (style.boxShadow && style.boxShadow !== "none");
        }"""
    )


def type_datetime(page, value):
    """Type an ISO "YYYY-MM-DDTHH:MM" into the focused date-time field, segment by segment
    (Chromium's en-US order: month, day, year, then hour, minute, AM/PM)."""
    date, time = value.split("T")
    year, month, day = date.split("-")
    hour, minute = (int(part) for part in time.split(":"))
    page.keyboard.type(f"{month}{day}{year}")
    page.keyboard.press("ArrowRight")  # a year may have more digits: move on by hand
    page.keyboard.type(f"{(hour % 12) or 12:02d}{minute:02d}")
    page.keyboard.type("P" if hour >= 12 else "A")


def choose_option(page, select, label):
    """Move through a focused single-choice list with the arrow keys until `label` is chosen."""
    for _ in range(60):
        if select.evaluate("element => element.selectedOptions[0] && element.selectedOptions[0].text") == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"no option {label!r} reached with the arrow keys")


def replace_text(page, text):
    """Select what the focused field holds and type over it."""
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def expect_heading(page, text):
    expect(page.get_by_role("heading", level=1)).to_have_text(text)
