"""On a phone (375×667) no page makes the reader scroll sideways, in either display mode."""

import pytest

from tests.browser.conftest import PHONE
from tests.browser.pages import public_pages, secretary_pages, sideways_scroll

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder-mode"])
def test_no_page_scrolls_sideways_on_a_phone(browsing, portal, elder):
    page = browsing.new_page(PHONE, phone=True, elder=elder)
    too_wide = {}
    pages = public_pages(portal)
    pages += secretary_pages(browsing, page, portal)
    for name, path, status in pages:
        browsing.visit(page, path, status)
        if overflow := sideways_scroll(page):
            too_wide[name] = overflow
    browsing.screenshot(page, f"phone-layout-{'elder-mode' if elder else 'standard'}")
    assert too_wide == {}
    browsing.assert_no_problems()


def test_the_sideways_check_sees_a_page_that_is_too_wide(browsing):
    page = browsing.new_page(PHONE, phone=True)
    browsing.visit(page, "/")
    assert sideways_scroll(page) is None
    # A 600 px wide block (sized through the CSSOM, which the CSP allows).
    page.evaluate(
        """() => {
            const block = document.createElement("div");
            block.className = "too-wide";
            block.style.width = "600px";
            block.style.height = "1rem";
            document.querySelector("main").append(block);
        }"""
    )
    overflow = sideways_scroll(page)
    assert overflow["scrollWidth"] > overflow["clientWidth"] == 375
    assert any(element.startswith("div.too-wide") for element in overflow["elements"])
