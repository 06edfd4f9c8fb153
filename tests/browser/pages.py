"""Walking a list of pages in the browser and measuring what a person would notice on each."""

from tests.browser.journeys import sign_in
from tests.browser.portal import NOT_FOUND_PAGE, PASSWORD, SECRETARY

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


def account_security_pages(browsing, page):
    """Walk the second factor's and the password policy's pages in `page` (signed out first:
    the session cookie goes, the age-friendly mode's stays),
    yielding each page's name while the page shows it: a secretary's enrolment (the QR
    code, the backup codes, "already enrolled"), the bureau's code page (and a wrong code),
    and a password change required at sign-in (and a too simple new password)."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from playwright.sync_api import expect

    from accounts.passwords import require_change
    from tests.browser.portal import STAFF
    from tests.helpers.twofactor import current_code

    users = get_user_model().objects
    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    browsing.visit(page, SIGN_IN_PAGES["login"])
    sign_in(page, "secretary2")
    page.wait_for_url("**/my/")
    browsing.visit(page, "/accounts/two-factor/enrol/")
    yield "two_factor_enrol"
    device = TOTPDevice.objects.get(user=users.get(username="secretary2"), confirmed=False)
    page.get_by_label("验证码").fill(current_code(device))
    page.locator("main").get_by_role("button", name="完成设置").click()
    expect(page.locator("main")).to_contain_text("备用码")
    yield "two_factor_backup_codes"
    browsing.visit(page, "/accounts/two-factor/enrol/")
    yield "two_factor_enrolled"

    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    browsing.visit(page, SIGN_IN_PAGES["login"])
    sign_in(page, STAFF)
    browsing.visit(page, "/accounts/two-factor/")
    yield "two_factor_verify"
    page.get_by_label("验证码").fill("000000")
    page.locator("main").get_by_role("button", name="验证").click()
    expect(page.locator(".invalid-feedback, .is-invalid").first).to_be_visible()
    yield "two_factor_verify_wrong_code"

    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    require_change(user=users.get(username=SECRETARY))
    browsing.visit(page, SIGN_IN_PAGES["login"])
    sign_in(page, SECRETARY)
    page.wait_for_url("**/accounts/password_change/")
    expect(page.get_by_role("alert")).to_contain_text("请先设置一个只有您自己知道的新密码")
    yield "password_change_required"
    page.get_by_label("旧密码").fill(PASSWORD)
    page.locator("#id_new_password1").fill("baiyunshan2026")
    page.locator("#id_new_password2").fill("baiyunshan2026")
    page.locator("main").get_by_role("button", name="修改密码").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("至少包含大写字母")
    yield "password_change_too_simple"
