"""Sign-in lockout: 5 failures for one username from one address lock it for 15 minutes."""

import datetime

import pytest
import time_machine
from django.contrib.auth import SESSION_KEY
from django.utils import timezone

from tests.conftest import PASSWORD

SIGN_IN_PAGES = ["/accounts/login/", "/admin/login/"]
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


def sign_in(client, url, password, username="bureau_staff", address="10.1.1.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, url, times, **kwargs):
    return [sign_in(client, url, "wrong-password", **kwargs) for _ in range(times)]


def signed_in(client):
    return SESSION_KEY in client.session


@pytest.fixture
def at_start():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.mark.parametrize("url", SIGN_IN_PAGES)
def test_fifth_failure_locks_the_username_at_that_address_with_a_chinese_message(client, staff_user, url, at_start):
    failures = fail(client, url, 4)
    assert [r.status_code for r in failures] == [200] * 4

    locked = fail(client, url, 1)[0]

    assert locked.status_code == 429
    page = locked.content.decode()
    assert "已暂时锁定 15 分钟" in page
    assert "连续 5 次登录失败" in page
    # The right password does not help while locked.
    assert sign_in(client, url, PASSWORD).status_code == 429
    assert not signed_in(client)


@pytest.mark.parametrize("url", SIGN_IN_PAGES)
def test_lock_ends_after_fifteen_minutes(client, staff_user, url, at_start):
    fail(client, url, 5)

    at_start.move_to(START + datetime.timedelta(minutes=14, seconds=59))
    assert sign_in(client, url, PASSWORD).status_code == 429

    at_start.move_to(START + datetime.timedelta(minutes=15, seconds=1))
    response = sign_in(client, url, PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_retrying_while_locked_does_not_extend_the_lock(client, staff_user, at_start):
    fail(client, "/accounts/login/", 5)

    at_start.move_to(START + datetime.timedelta(minutes=10))
    assert fail(client, "/accounts/login/", 3)[-1].status_code == 429

    at_start.move_to(START + datetime.timedelta(minutes=15, seconds=1))
    assert sign_in(client, "/accounts/login/", PASSWORD).status_code == 302


def test_lock_is_keyed_on_username_and_address(client, staff_user, secretary_a, at_start):
    fail(client, "/accounts/login/", 5)

    # The same username from another address, and another username from the same one, still sign in.
    assert sign_in(client, "/accounts/login/", PASSWORD, address="10.2.2.2").status_code == 302
    client.logout()
    assert sign_in(client, "/accounts/login/", PASSWORD, username="secretary_a").status_code == 302


def test_lock_covers_both_sign_in_pages(client, staff_user, at_start):
    fail(client, "/accounts/login/", 5)

    assert sign_in(client, "/admin/login/", PASSWORD).status_code == 429


def test_successful_sign_in_resets_the_count(client, staff_user, at_start):
    fail(client, "/accounts/login/", 4)
    assert sign_in(client, "/accounts/login/", PASSWORD).status_code == 302
    client.logout()

    assert [r.status_code for r in fail(client, "/accounts/login/", 4)] == [200] * 4
    assert sign_in(client, "/accounts/login/", PASSWORD).status_code == 302


def test_failures_older_than_the_cooloff_no_longer_count(client, staff_user, at_start):
    fail(client, "/accounts/login/", 4)

    at_start.move_to(START + datetime.timedelta(minutes=16))
    assert fail(client, "/accounts/login/", 1)[0].status_code == 200


def test_lockout_sees_the_client_behind_the_proxy(client, staff_user, settings, at_start):
    settings.PROXY_COUNT = 1
    for _ in range(5):
        client.post(
            "/accounts/login/",
            {"username": "bureau_staff", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )

    # Another client behind the same proxy is not locked out; a spoofed left-most entry changes nothing.
    other = client.post(
        "/accounts/login/",
        {"username": "bureau_staff", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9, 198.51.100.7",
    )
    assert other.status_code == 302
    assert timezone.now() == START


def test_sign_in_without_a_request_is_left_to_the_password_check(client, staff_user):
    """The test client's login() and management commands authenticate without a request."""
    assert client.login(username="bureau_staff", password=PASSWORD)
    assert not client.login(username="bureau_staff", password="wrong")
