"""Every public and secretary page, as the server renders it, is valid HTML to the Nu HTML Checker.

The pages are rendered through the test client (no browser) and checked in one run of
vnu.jar, since the JVM takes seconds to start."""

import json
import subprocess
from urllib.parse import unquote, urlparse

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.passwords import require_change
from gzpartybuild.context_processors import ELDER_MODE_COOKIE
from tests.browser.pages import SIGN_IN_PAGES
from tests.browser.portal import NOT_FOUND_PAGE, PASSWORD, SECRETARY, STAFF, seed_portal
from tests.helpers.twofactor import current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def render_pages(portal):
    """name -> (status, html) of every page to check."""
    public = Client()
    pages = {name: public.get(path) for name, path in portal.public_pages.items()}
    pages["not_found"] = public.get(NOT_FOUND_PAGE)
    for name, path in SIGN_IN_PAGES.items():
        pages[name] = public.get(path)
    pages["login_refused"] = public.post(reverse("login"), {"username": SECRETARY, "password": "wrong"})

    elder = Client()
    elder.cookies[ELDER_MODE_COOKIE] = "1"
    pages["home_elder_mode"] = elder.get(reverse("home"))

    secretary = Client()
    secretary.force_login(get_user_model().objects.get(username=SECRETARY))
    for name, path in portal.secretary_pages().items():
        pages[name] = secretary.get(path)
    # The form again with the secretary's mistakes marked (what a browser can send: no title,
    # the end before the start, a negative count).
    pages["my_activity_create_errors"] = secretary.post(
        reverse("my:activity_create"),
        {
            "title": "",
            "action": "submit",
            "starts_at": "2021-04-22T12:00",
            "ends_at": "2021-04-22T09:00",
            "party_members": "-1",
        },
    )

    pages.update(render_account_security_pages())

    # Too many wrong passwords: the lockout page.
    locked = Client()
    for _ in range(6):
        lockout = locked.post(reverse("login"), {"username": "bureau", "password": "wrong"})
    pages["lockout"] = lockout
    return pages


def render_account_security_pages():
    """The second factor's pages (enrolment: the QR code, the backup codes, already enrolled;
    the code page and a wrong code) and a password change required at sign-in, as people
    reach them through the sign-in page."""
    users = get_user_model().objects
    pages = {}
    enrolling = Client()
    enrolling.post(reverse("login"), {"username": "secretary2", "password": PASSWORD})
    pages["two_factor_enrol"] = enrolling.get(reverse("two_factor_enrol"))
    device = TOTPDevice.objects.get(user=users.get(username="secretary2"), confirmed=False)
    pages["two_factor_backup_codes"] = enrolling.post(reverse("two_factor_enrol"), {"token": current_code(device)})
    pages["two_factor_enrolled"] = enrolling.get(reverse("two_factor_enrol"))

    staff = Client()
    staff.post(reverse("login"), {"username": STAFF, "password": PASSWORD})
    pages["two_factor_verify"] = staff.get(reverse("two_factor"))
    pages["two_factor_verify_wrong_code"] = staff.post(reverse("two_factor"), {"token": "000000"})

    require_change(user=users.get(username=SECRETARY))
    changing = Client()
    pages["password_change_required"] = changing.post(
        reverse("login"), {"username": SECRETARY, "password": PASSWORD}, follow=True
    )
    simple = {"old_password": PASSWORD, "new_password1": "baiyunshan2026", "new_password2": "baiyunshan2026"}
    pages["password_change_too_simple"] = changing.post(reverse("password_change"), simple)
    return pages


def expected_status(name):
    return {"not_found": 404, "lockout": 429}.get(name, 200)


def test_every_public_and_secretary_page_is_valid_html(vnu_command, tmp_path):
    portal = seed_portal()
    pages = render_pages(portal)
    files = {}
    for name, response in pages.items():
        assert response.status_code == expected_status(name), f"{name} answered {response.status_code}"
        assert response["Content-Type"].startswith("text/html"), name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files[path.name] = name
    # The pages with mistakes do show them.
    assert "is-invalid" in pages["my_activity_create_errors"].content.decode()
    assert "alert-danger" in pages["login_refused"].content.decode()
    assert "<svg" in pages["two_factor_enrol"].content.decode()
    assert "is-invalid" in pages["two_factor_verify_wrong_code"].content.decode()
    assert "请先设置一个只有您自己知道的新密码" in pages["password_change_required"].content.decode()
    assert "至少包含大写字母" in pages["password_change_too_simple"].content.decode()

    run = subprocess.run([*vnu_command, *sorted(map(str, tmp_path.glob("*.html")))], capture_output=True, timeout=300)
    # vnu writes its JSON report to stderr and exits 1 when it found errors.
    report = json.loads(run.stderr.decode() or run.stdout.decode())
    errors = {}
    for message in report["messages"]:
        name = files.get(unquote(urlparse(message.get("url", "")).path).rsplit("/", 1)[-1], message.get("url"))
        errors.setdefault(name, []).append(
            f"line {message.get('lastLine')}: {message['message']} [{message.get('extract', '').strip()}]"
        )
    assert errors == {}, json.dumps(errors, ensure_ascii=False, indent=1)
    assert len(files) == len(pages) >= 25
