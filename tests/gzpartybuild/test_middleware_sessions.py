"""Sessions end after a working day without activity, and sign-out ends them server-side."""

import datetime

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.conftest import PASSWORD

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


def sign_in(client, url="/accounts/login/", username="bureau_staff"):
    response = client.post(url, {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client.cookies["sessionid"].value


def can_open_workspace(client):
    response = client.get(reverse("my:dashboard"))
    return response.status_code == 200


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def test_session_ends_after_eight_hours_without_activity(client, secretary_a, clock):
    key = sign_in(client, username="secretary_a")

    clock.move_to(START + 8 * HOUR + datetime.timedelta(seconds=1))

    assert not can_open_workspace(client)
    assert not Session.objects.filter(session_key=key, expire_date__gt=START + 8 * HOUR).exists()


def test_activity_keeps_the_session_alive_through_a_long_day(client, secretary_a, clock):
    sign_in(client, username="secretary_a")

    for hour in (7, 14, 21):
        clock.move_to(START + hour * HOUR)
        assert can_open_workspace(client), f"signed out after {hour} hours of steady work"


def test_session_cookie_lives_a_working_day(client, staff_user):
    response = client.post("/accounts/login/", {"username": "bureau_staff", "password": PASSWORD})

    assert response.cookies["sessionid"]["max-age"] == 8 * 3600


def test_reading_pages_extends_the_session_at_most_every_five_minutes(client, secretary_a, clock):
    key = sign_in(client, username="secretary_a")
    expiry = Session.objects.get(session_key=key).expire_date

    clock.move_to(START + datetime.timedelta(minutes=2))
    assert can_open_workspace(client)
    assert Session.objects.get(session_key=key).expire_date == expiry

    clock.move_to(START + datetime.timedelta(minutes=6))
    assert can_open_workspace(client)
    assert Session.objects.get(session_key=key).expire_date == expiry + datetime.timedelta(minutes=6)


@pytest.mark.parametrize(
    ("sign_in_url", "sign_out_url"),
    [("/accounts/login/", "/accounts/logout/"), ("/admin/login/", "/admin/logout/")],
)
def test_sign_out_deletes_the_session_row(client, staff_user, sign_in_url, sign_out_url):
    key = sign_in(client, sign_in_url)
    assert Session.objects.filter(session_key=key).exists()

    client.post(sign_out_url)

    assert not Session.objects.filter(session_key=key).exists()
    # Replaying the old cookie gets nobody in.
    client.cookies["sessionid"] = key
    assert client.get(reverse("admin:index")).status_code == 302
