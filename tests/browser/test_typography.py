"""Chinese text sets its punctuation and digits in a Chinese face (static/css/site.css, "Type"):
the curly quotes are full-width and no Latin face draws any glyph of a Chinese heading."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE
from tests.helpers import factories

pytestmark = pytest.mark.browser

TITLE = "孵化党建“红种子”——2020年第3期‘党务知识课堂’…"

# The width of each character of the <h1>'s text, measured on the page as laid out.
WIDTHS = """() => {
    const text = document.querySelector("main h1").firstChild;
    const range = document.createRange();
    const widths = {};
    for (let i = 0; i < text.length; i++) {
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        widths[text.data[i]] = range.getBoundingClientRect().width;
    }
    return widths;
}"""


def platform_fonts(page, selector):
    """The faces Chromium actually drew the element's text with, by family (DevTools protocol)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    return {font["familyName"]: font["glyphCount"] for font in fonts}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_quotes_dashes_and_digits_of_a_chinese_heading_are_set_in_the_chinese_face(
    browsing, transactional_db, viewport
):
    announcement = factories.AnnouncementFactory(title=TITLE)
    page = browsing.new_page(viewport, phone=viewport is PHONE)
    browsing.visit(page, announcement.get_absolute_url())

    widths = page.evaluate(WIDTHS)
    em = widths["党"]
    for mark in "“”‘’—…":
        assert widths[mark] == pytest.approx(em, rel=0.05), (mark, widths[mark], em)
    # Digits are the Chinese face's: half the width of a character, as the characters beside them expect.
    assert widths["2"] == pytest.approx(em / 2, rel=0.15)

    fonts = platform_fonts(page, "main h1")
    assert sum(fonts.values()) == len(TITLE)
    latin = {family for family in fonts if "DejaVu" in family or "Liberation" in family}
    assert latin == set(), fonts
    browsing.screenshot(page, f"typography-{viewport['width']}")
    browsing.assert_no_problems()
