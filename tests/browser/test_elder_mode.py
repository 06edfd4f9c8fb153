"""The age-friendly mode (长者模式, 适老化): a switch in every public page's header turns on large
text and high contrast, which stays on from page to page until switched off.

(axe in this mode, with the enhanced 7:1 contrast, is in test_accessibility; the phone layout
in this mode in test_phone_layout.)"""

import pytest
from playwright.sync_api import expect

from gzpartybuild.context_processors import ELDER_MODE_COOKIE
from tests.browser.conftest import PHONE
from tests.browser.journeys import tab_to
from tests.browser.pages import public_pages

pytestmark = pytest.mark.browser

ELDER_HTML = '<html lang="zh-Hans" class="elder-mode">'
STANDARD_HTML = '<html lang="zh-Hans">'


def switch(page):
    return page.locator("header").get_by_role("button", name="长者模式")


def looks(page):
    """What the reader sees change: the text size, the text colour, the colour of links."""
    return page.evaluate(
        """() => ({
            rootSize: getComputedStyle(document.documentElement).fontSize,
            textColor: getComputedStyle(document.body).color,
            paragraphSize: getComputedStyle(document.querySelector("main p") || document.body).fontSize,
        })"""
    )


def elder_cookie(page):
    return {c["name"]: c["value"] for c in page.context.cookies()}.get(ELDER_MODE_COOKIE)


def test_elder_mode_switch_turns_on_large_text_and_high_contrast_and_stays_on_across_pages(browsing, portal):
    page = browsing.new_page(PHONE, phone=True)
    browsing.visit(page, "/")
    toggle = switch(page)
    expect(toggle).to_be_in_viewport()  # at the top of a phone's screen, not folded into the menu
    expect(toggle).to_have_attribute("aria-pressed", "false")
    standard = looks(page)
    assert standard["rootSize"] == "16px"

    toggle.click()
    expect(page.locator("html")).to_have_class("elder-mode")
    expect(toggle).to_have_attribute("aria-pressed", "true")
    elder = looks(page)
    assert elder["rootSize"] == "20px"
    assert float(elder["paragraphSize"][:-2]) >= 1.25 * float(standard["paragraphSize"][:-2])
    assert elder["textColor"] == "rgb(0, 0, 0)"
    assert elder_cookie(page) == "1"

    # Every page now arrives in the mode from the server, switch shown pressed: no flash of small text.
    for name, path, status in public_pages(portal):
        if name == "admin_login":
            continue  # Django's admin has its own look
        response = browsing.visit(page, path, status)
        assert ELDER_HTML in response.text(), name
        expect(switch(page)).to_be_visible()
        expect(switch(page)).to_have_attribute("aria-pressed", "true")
        assert looks(page)["rootSize"] == "20px", name

    # And off again.
    browsing.visit(page, portal.public_pages["activity"])
    switch(page).click()
    expect(page.locator("html")).not_to_have_class("elder-mode")
    expect(switch(page)).to_have_attribute("aria-pressed", "false")
    assert looks(page)["rootSize"] == "16px"
    assert elder_cookie(page) is None
    page.get_by_role("button", name="展开导航").click()
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="特色小镇", exact=True).click()
    expect(switch(page)).to_have_attribute("aria-pressed", "false")
    assert looks(page)["rootSize"] == "16px"

    switch(page).click()
    browsing.screenshot(page, "elder-mode")
    browsing.assert_no_problems()


def test_elder_mode_switch_works_from_the_keyboard(browsing):
    page = browsing.new_page()
    browsing.visit(page, "/")
    tab_to(page, switch(page), max_tabs=2)  # right after the skip link
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_class("elder-mode")
    page.keyboard.press("Space")
    expect(page.locator("html")).not_to_have_class("elder-mode")
    browsing.assert_no_problems()
