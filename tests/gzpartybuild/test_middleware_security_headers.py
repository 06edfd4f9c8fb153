"""Security headers on every response, cookies' flags, and pages that keep within the CSP."""

import base64
import hashlib
from unittest import mock

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from tests.helpers.crawl import PUBLIC_URL_NAMES, admin_page_urls, detail_urls, parse_page, reverse_existing

SIGN_IN_AND_PUBLIC = ["/", "/accounts/login/", "/admin/login/", "/healthz", "/no-such-page/"]


def csp_directives(response):
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("path", SIGN_IN_AND_PUBLIC)
def test_every_response_carries_the_security_headers(client, path):
    response = client.get(path)

    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["style-src"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_error_and_lockout_responses_carry_the_headers_too(client, staff_user):
    for _ in range(5):
        response = client.post("/accounts/login/", {"username": "bureau_staff", "password": "wrong"})
    assert response.status_code == 429
    assert csp_directives(response)["frame-ancestors"] == ["'none'"]

    bad_host = client.get("/", HTTP_HOST="intruder.example.com")
    assert bad_host.status_code == 400
    assert "Content-Security-Policy" in bad_host


@pytest.mark.django_db
def test_https_responses_pin_https_for_a_year_with_subdomains(client):
    response = client.get("/", secure=True)

    hsts = [part.strip() for part in response["Strict-Transport-Security"].split(";")]
    max_age = int(hsts[0].removeprefix("max-age="))
    assert max_age >= 365 * 24 * 3600
    assert "includeSubDomains" in hsts


@pytest.mark.django_db
def test_deployment_redirects_http_to_https_except_the_health_check(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    response = client.get("/accounts/login/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/accounts/login/"
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
def test_https_seen_by_the_proxy_counts_as_https(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

    response = client.get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")

    assert response.status_code == 200


@pytest.mark.django_db
def test_cookies_are_httponly_and_samesite_and_secure_when_deployed(client, staff_user, settings):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True

    page = client.get("/accounts/login/", secure=True)
    csrf = page.cookies["csrftoken"]
    signed_in = client.post("/accounts/login/", {"username": "bureau_staff", "password": "test-pass-2026"}, secure=True)
    session = signed_in.cookies["sessionid"]

    for cookie in (csrf, session):
        assert cookie["httponly"] is True
        assert cookie["samesite"] == "Lax"
        assert cookie["secure"] is True


@pytest.mark.django_db
def test_embedded_demo_cookies_work_over_plain_http(client, staff_user):
    signed_in = client.post("/accounts/login/", {"username": "bureau_staff", "password": "test-pass-2026"})

    assert signed_in.status_code == 302
    assert signed_in.cookies["sessionid"]["secure"] == ""
    assert signed_in.cookies["sessionid"]["httponly"] is True


def _allowed_style_hashes(response):
    return {word for word in csp_directives(response)["style-src"] if word.startswith("'sha256-")}


def _style_hash(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def assert_page_keeps_to_the_policy(url, response, *, check_style_attributes):
    page = parse_page(response)
    executable = [s for s in page.inline_scripts if s["type"] not in {"application/json", "application/ld+json"}]
    assert executable == [], f"{url}: inline <script> blocks are blocked by the CSP"
    assert page.handler_attributes == [], f"{url}: on* handler attributes are blocked by the CSP"
    assert page.javascript_urls == [], f"{url}: javascript: URLs are blocked by the CSP"
    allowed = _allowed_style_hashes(response)
    for block in page.style_blocks:
        assert _style_hash(block) in allowed, f"{url}: an inline <style> block is blocked by the CSP"
    if check_style_attributes:
        assert page.style_attributes == [], f"{url}: style attributes are blocked by the CSP"


@pytest.mark.django_db
def test_public_and_sign_in_pages_need_no_inline_script_or_style(client, published_records):
    urls = reverse_existing(PUBLIC_URL_NAMES) + detail_urls(published_records) + ["/accounts/login/"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_page_keeps_to_the_policy(url, response, check_style_attributes=True)


@pytest.mark.django_db
def test_admin_pages_run_under_the_policy(superuser, published_records):
    client = Client()
    login_page = client.get(reverse("admin:login"))
    assert_page_keeps_to_the_policy("admin:login", login_page, check_style_attributes=False)
    client.force_login(superuser)

    for url in admin_page_urls(superuser):
        response = client.get(url)
        assert response.status_code == 200, url
        # Style attributes in third-party admin templates only lose some cosmetics.
        assert_page_keeps_to_the_policy(url, response, check_style_attributes=False)


@pytest.mark.django_db
def test_admin_changelist_inline_style_is_the_one_the_policy_admits(superuser, client, settings):
    """Django's change list carries one <style> block when it shows no bulk-action bar."""
    group_admin = admin.site._registry[Group]
    client.force_login(superuser)

    with mock.patch.object(group_admin, "actions_on_top", False):
        response = client.get(reverse("admin:auth_group_changelist"))

    blocks = parse_page(response).style_blocks
    assert len(blocks) == 1
    assert _style_hash(blocks[0]) == settings.ADMIN_CHANGELIST_STYLE_HASH


@pytest.mark.django_db
@pytest.mark.parametrize("path", SIGN_IN_AND_PUBLIC)
def test_every_response_denies_the_browser_features_no_page_uses(client, path):
    policy = client.get(path)["Permissions-Policy"]

    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in policy


NUL_REQUESTS = [
    ("/admin/activities/activity/", {"state": "\x00"}),
    ("/admin/activities/activity/", {"kind": "\x00"}),
    ("/admin/organizations/socialorganization/", {"district": "\x00"}),
    ("/admin/organizations/socialorganization/", {"q": "协会\x00"}),
    (
        "/admin/autocomplete/",
        {"app_label": "activities", "model_name": "activity", "field_name": "organizer", "term": "\x00"},
    ),
    ("/admin/activities/activity/", {"state\x00": "draft"}),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "query"), NUL_REQUESTS)
def test_a_nul_byte_in_an_admin_query_is_refused_with_400(staff_client, path, query):
    response = staff_client.get(path, query)

    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/organizations/?q=%00", "/activities/?page=%00", "/organizations/%00/"])
def test_a_nul_byte_in_a_public_address_is_refused_with_400(client, path):
    assert client.get(path).status_code == 400


@pytest.mark.django_db
def test_a_nul_byte_in_a_posted_form_is_refused_with_400(staff_client):
    from urllib.parse import urlencode

    response = staff_client.post(
        "/admin/activities/activity/",
        urlencode({"action": "delete_selected\x00", "_selected_action": "1"}),
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 400
