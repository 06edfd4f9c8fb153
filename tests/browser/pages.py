"""Walking a list of pages in the browser and measuring what a person would notice on each."""

from tests.browser.journeys import sign_in
from tests.browser.portal import NOT_FOUND_PAGE, SECRETARY

# The sign-in pages, for everyone.
SIGN_IN_PAGES = {"login": "/accounts/login/", "admin_login": "/admin/login/"}


def public_pages(portal):
    """Every public page as (name, path, status), the not-found page and the sign-in pages included."""
    pages = [(name, path, 200) for name, path in portal.public_pages.items()]
    pages.append(("not_found", NOT_FOUND_PAGE, 404))
    pages += [(name, path, 200) for name, path in SIGN_IN_PAGES.items()]
    return pages


def secretary_pages(browsing, page, portal):
    """Sign `page` in as the secretary; their workspace's pages as (name, path, status)."""
    browsing.visit(page, SIGN_IN_PAGES["login"])
    sign_in(page, SECRETARY)
    page.wait_for_url("**/my/")
    return [(name, path, 200) for name, path in portal.secretary_pages().items()]


SIDEWAYS = """() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return null;
    // Name the elements that stick out, to say what to fix.
    const out = [];
    for (const element of document.body.querySelectorAll("*")) {
        const box = element.getBoundingClientRect();
        if (box.right > root.clientWidth + 1 && out.length < 5) {
            const classes = (element.getAttribute("class") || "").trim().split(/\\s+/).filter(Boolean);
            out.push([element.tagName.toLowerCase(), ...classes].join(".") + " right=" + Math.round(box.right));
        }
    }
    return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, elements: out};
}"""


def sideways_scroll(page):
    """None if the page fits its viewport's width, else how far it sticks out and what does."""
    return page.evaluate(SIDEWAYS)
