"""What the demo's terminal ends with: the accounts, their role, the password in force."""

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from devtools.demo.accounts import ensure_accounts
from devtools.demo.welcome import welcome_lines

pytestmark = pytest.mark.django_db


def test_lists_every_account_with_its_role_and_the_password_in_force(settings):
    settings.DEMO_PASSWORD = "in-force-2026"
    ensure_accounts("in-force-2026")

    text = "\n".join(welcome_lines("http://127.0.0.1:8123"))

    assert "The demo portal is running:  http://127.0.0.1:8123/" in text
    assert "密码 password: in-force-2026" in text
    for username, role in (("bureau", "局工作人员"), ("secretary1", "党组织书记"), ("secretary2", "党组织书记")):
        line = next(line for line in text.splitlines() if line.strip().startswith(username + " "))
        assert role in line and "！" not in line
    assert "http://127.0.0.1:8123/admin/reports/" in text
    assert "Press Ctrl+C to stop." in text


def test_says_when_a_password_was_changed_or_the_accounts_are_missing(settings):
    settings.DEMO_PASSWORD = "in-force-2026"
    ensure_accounts("in-force-2026")
    secretary = User.objects.get(username="secretary1")
    secretary.set_password("changed-by-hand")
    secretary.save()
    User.objects.filter(username="secretary2").delete()

    lines = welcome_lines("http://127.0.0.1:8000/")

    assert "密码已改" in next(line for line in lines if line.strip().startswith("secretary1 "))
    assert "尚未创建" in next(line for line in lines if line.strip().startswith("secretary2 "))
    assert "！" not in next(line for line in lines if line.strip().startswith("bureau "))


def test_wait_gives_up_with_a_clear_message_when_nothing_answers():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(CommandError, match="没有响应"):
        call_command("demo_welcome", url=f"http://127.0.0.1:{port}/", wait=0.5)
