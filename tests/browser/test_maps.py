"""The maps as a browser draws them, at desk and phone widths: no label overlaps another as
rendered (the browser's own text boxes, not the server's estimate), the page does not scroll
sideways, and pictures of the towns map and the statistics maps are left in
tests/artifacts/screenshots/ (map-towns-*.png, map-stats-*.png, map-directory-*.png).

axe-core and the Nu HTML Checker cover these pages with every other public page
(test_accessibility.py, test_html_valid.py)."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS
from tests.browser.pages import sideways_scroll

pytestmark = pytest.mark.browser

# Every map's labels, as the screen shows them: [{text, box: [left, top, right, bottom]}] per map.
RENDERED_LABELS = """selector => Array.from(document.querySelectorAll(selector)).map(svg =>
    Array.from(svg.querySelectorAll("text[font-size]")).map(text => {
        const box = text.getBoundingClientRect();
        return {text: text.textContent, box: [box.left, box.top, box.right, box.bottom]};
    }))"""

LINKS = """selector => Array.from(document.querySelectorAll(selector + " a")).map(a => a.getAttribute("href"))"""


def overlaps(a, b):
    # Half a pixel of tolerance: anti-aliased glyph edges may touch.
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5


def overlapping(labels):
    return [
        (first["text"], second["text"])
        for index, first in enumerate(labels)
        for second in labels[index + 1 :]
        if overlaps(first["box"], second["box"])
    ]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "375px"])
def test_maps_render_without_overlapping_labels_or_sideways_scroll(browsing, portal, viewport):
    width = viewport["width"]
    page = browsing.new_page(viewport, phone=viewport is PHONE)
    pages = [
        ("towns", portal.public_pages["towns"], ".town-map-svg", 1, 9),
        ("town", portal.public_pages["town"], ".town-map-svg", 1, 9),
        ("stats", portal.public_pages["stats"], ".district-map-svg", 3, 11),
        ("directory", portal.public_pages["organizations"], ".district-map-svg", 1, 11),
    ]
    for name, path, selector, maps, places in pages:
        browsing.visit(page, path)
        drawn = page.evaluate(RENDERED_LABELS, selector)
        assert len(drawn) == maps, name
        for labels in drawn:
            assert len(labels) == places, (name, [label["text"] for label in labels])
            assert overlapping(labels) == [], (name, width)
        links = page.evaluate(LINKS, selector)
        assert len(links) == maps * places and all(links), name
        assert sideways_scroll(page) is None, (name, width)
        if name != "town":
            # A picture of each map with its legend (the figure), for people to look at.
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            figures = page.locator(".town-map" if selector == ".town-map-svg" else ".district-map")
            for index in range(figures.count()):
                figure = figures.nth(index)
                metric = figure.get_attribute("data-metric")
                suffix = f"-{metric}" if metric and name == "stats" else ""
                figure.screenshot(path=str(SCREENSHOTS / f"map-{name}{suffix}-{width}.png"))
    browsing.assert_no_problems()


def test_a_district_on_the_map_opens_the_directory_filtered_by_it(browsing, portal):
    page = browsing.new_page(DESKTOP)
    browsing.visit(page, portal.public_pages["stats"])
    page.locator('.district-map[data-metric="organizations"] a[data-district="440117"]').click()
    page.wait_for_url("**/organizations/?district=440117")
    assert page.locator("select[name=district]").input_value() == "440117"
    browsing.assert_no_problems()
