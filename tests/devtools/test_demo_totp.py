"""The demo's bureau account has a known authenticator seed; demo_totp prints its code."""

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from devtools.demo.accounts import DEFAULT_PASSWORD, ensure_accounts

pytestmark = [pytest.mark.real_two_factor, pytest.mark.django_db]


def test_the_printed_code_opens_the_admin_for_the_demo_bureau_account(client):
    ensure_accounts(DEFAULT_PASSWORD)
    ensure_accounts(DEFAULT_PASSWORD)  # idempotent: still one device
    client.post("/accounts/login/", {"username": "bureau", "password": DEFAULT_PASSWORD})
    assert client.get("/admin/").status_code == 302

    out = io.StringIO()
    call_command("demo_totp", "bureau", stdout=out)
    [code] = re.findall(r"\b\d{6}\b", out.getvalue())
    response = client.post("/accounts/two-factor/", {"token": code})

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_only_demo_accounts_have_a_printable_code(secretary_a):
    ensure_accounts(DEFAULT_PASSWORD)

    with pytest.raises(CommandError, match="no demo authenticator"):
        call_command("demo_totp", "secretary1", stdout=io.StringIO())
    with pytest.raises(CommandError, match="No account"):
        call_command("demo_totp", "nobody", stdout=io.StringIO())
