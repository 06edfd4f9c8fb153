"""Pictures of the public face at desk and phone widths, left in tests/artifacts/screenshots/ for
people to look at: the home page, the three halls of the 云展馆, the directory of party
organizations and a party committee's tree. Each page is also measured as a reader would see
it: every card of a row as tall as its neighbours, no picture repeated beside or above a card,
nothing sticking out sideways."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.pages import sideways_scroll

pytestmark = pytest.mark.browser

PAGES = {
    "home": "home",
    "hall-seed": "hall_seed",
    "hall-sapling": "hall_sapling",
    "hall-forest": "hall_forest",
    "branches": "party_organizations",
    "branch-tree": "party_committee",
}

# Each card grid's cards: their top, height and picture, in reading order.
CARDS = """() => [...document.querySelectorAll("main ul.row")].map(grid =>
    [...grid.querySelectorAll(":scope > li > .card")].map(card => {
        const box = card.getBoundingClientRect();
        const picture = card.querySelector("[data-picture]");
        return {top: Math.round(box.top + window.scrollY), height: Math.round(box.height),
                left: Math.round(box.left), picture: picture && picture.dataset.picture};
    })
).filter(cards => cards.length)"""


def rows(cards):
    by_top = {}
    for card in cards:
        by_top.setdefault(card["top"], []).append(card)
    return list(by_top.values())


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "375"])
def test_screenshots_of_the_public_face(browsing, portal, viewport):
    page = browsing.new_page(viewport, phone=viewport is PHONE)
    width = viewport["width"]
    for picture, name in PAGES.items():
        browsing.visit(page, portal.public_pages[name])
        page.wait_for_load_state("networkidle")
        assert sideways_scroll(page) is None, (name, sideways_scroll(page))
        for grid in page.evaluate(CARDS):
            grid_rows = rows(grid)
            for row in grid_rows:
                assert len({card["height"] for card in row}) == 1, (name, row)
            # A card's neighbours: the one before it in its row and the one above it.
            for above, row in zip([[]] + grid_rows, grid_rows, strict=False):
                for index, card in enumerate(row):
                    if card["picture"] is None:  # a card without a picture (a hall's, a town's text card)
                        continue
                    neighbours = row[max(0, index - 1) : index] + [c for c in above if c["left"] == card["left"]]
                    assert card["picture"] not in {n["picture"] for n in neighbours}, (name, card, neighbours)
        # Scroll through the page so that its lazily loaded photos are drawn in the picture.
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("networkidle")
        page.evaluate("window.scrollTo(0, 0)")
        path = browsing.screenshot(page, f"{picture}-{width}")
        assert path.stat().st_size > 10_000
    browsing.assert_no_problems()
