"""axe-core finds no WCAG 2.1 A/AA violation on any page people reach without staff rights,
at desk and phone widths, in the standard display and in the age-friendly mode (长者模式),
where the text colours must also meet the enhanced contrast of 7:1 (WCAG 1.4.6)."""

import json

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.pages import account_security_pages, public_pages, secretary_pages

pytestmark = pytest.mark.browser

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The admin's sign-in page is Django's and has no age-friendly mode.
WITHOUT_ELDER_MODE = {"admin_login"}


def run_axe(page, axe_js, *, enhanced_contrast=False):
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_js))
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    if enhanced_contrast:
        options["rules"] = {"color-contrast-enhanced": {"enabled": True}}
    result = page.evaluate("options => axe.run(document, options)", options)
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "where": [" ".join(map(str, node["target"])) for node in violation["nodes"][:5]],
            "why": violation["nodes"][0]["failureSummary"].splitlines()[1:3],
        }
        for violation in result["violations"]
    ]


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder-mode"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "375px"])
def test_axe_finds_no_violation_on_any_public_or_secretary_page(axe_js, browsing, portal, viewport, elder):
    # axe is injected as a script of the page; the portal's CSP refuses that (see the test
    # below), so this context alone bypasses the CSP.
    page = browsing.new_page(viewport, phone=viewport is PHONE, elder=elder, bypass_csp=True)
    violations = {}

    def check(pages):
        for name, path, status in pages:
            browsing.visit(page, path, status)
            enhanced = elder and name not in WITHOUT_ELDER_MODE
            if found := run_axe(page, axe_js, enhanced_contrast=enhanced):
                violations[name] = found

    check(public_pages(portal))  # as the public sees them
    check(secretary_pages(browsing, page, portal))
    assert violations == {}, json.dumps(violations, ensure_ascii=False, indent=1)
    browsing.assert_no_problems()


@pytest.mark.parametrize("elder", [False, True], ids=["standard", "elder-mode"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280px", "375px"])
def test_axe_finds_no_violation_on_the_second_factor_and_password_change_pages(
    axe_js, browsing, portal, viewport, elder
):
    page = browsing.new_page(viewport, phone=viewport is PHONE, elder=elder, bypass_csp=True)
    violations = {}
    names = []
    for name in account_security_pages(browsing, page):
        names.append(name)
        if found := run_axe(page, axe_js, enhanced_contrast=elder):
            violations[name] = found
    assert violations == {}, json.dumps(violations, ensure_ascii=False, indent=1)
    assert len(names) == 7
    browsing.assert_no_problems()


def test_the_csp_refuses_a_script_injected_into_the_page(axe_js, browsing):
    page = browsing.new_page(DESKTOP)
    browsing.visit(page, "/")
    with pytest.raises(PlaywrightError, match="Content Security Policy"):
        page.add_script_tag(path=str(axe_js))
    assert page.evaluate("typeof window.axe") == "undefined"
    assert any("Content Security Policy" in problem for problem in browsing.problems)
