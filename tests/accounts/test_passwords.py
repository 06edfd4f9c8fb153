"""The password policy: 12 characters and three kinds of character, none of the last five
passwords again, a password staff set changed at the first sign-in, an optional expiry;
each change in the security audit log with how it was made."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import PasswordRecord, SecurityEvent
from tests.conftest import PASSWORD
from tests.helpers.admin import admin_url

pytestmark = pytest.mark.django_db

CHANGE = "/accounts/password_change/"
STRONG = "Baiyun-Shan-2026"


def change(client, old, new):
    return client.post(CHANGE, {"old_password": old, "new_password1": new, "new_password2": new}, follow=True)


def sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password}, follow=True)


def messages_of(error):
    return " ".join(error.messages)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Bai-2026-yun", None),  # 12 characters, four kinds
        ("Baiyunshan26", None),  # capitals, small letters, digits
        ("baiyun-shan-", "现在只有：小写字母、符号"),
        ("baiyunshan2026", "现在只有：小写字母、数字"),
        ("BAIYUNSHAN2026", "现在只有：大写字母、数字"),
        ("Bai-2026-yu", "密码太短，至少需要 12 个字符。"),
        ("201620162016", "密码只包含数字"),
        ("Password1234", "这个密码太常见了"),
    ],
)
def test_password_needs_twelve_characters_of_three_kinds(secretary_a, password, message):
    if message is None:
        validate_password(password, secretary_a)
        return
    with pytest.raises(ValidationError) as error:
        validate_password(password, secretary_a)
    assert message in messages_of(error.value)


def test_the_change_page_lists_the_rules_and_refuses_a_simple_password_in_chinese(client_a, secretary_a):
    page = client_a.get(CHANGE).content.decode()
    assert "至少包含大写字母、小写字母、数字、符号中的 3 类" in page
    assert "不能与最近 5 次使用过的密码相同" in page

    response = change(client_a, PASSWORD, "baiyunshan2026")

    assert "密码须至少包含大写字母、小写字母、数字、符号中的 3 类（现在只有：小写字母、数字）" in (
        response.content.decode()
    )
    secretary_a.refresh_from_db()
    assert secretary_a.check_password(PASSWORD)


def test_none_of_the_last_five_passwords_is_taken_again(client_a, secretary_a):
    passwords = [f"Baiyun-Shan-{year}" for year in range(2022, 2027)]
    current = PASSWORD
    for password in passwords:
        assert "密码已修改" in change(client_a, current, password).content.decode()
        current = password

    # The current password and the four before it are refused.
    for password in passwords:
        response = change(client_a, current, password)
        assert "新密码不能与最近 5 次使用过的密码相同" in response.content.decode()
    secretary_a.refresh_from_db()
    assert secretary_a.check_password(current)
    assert PasswordRecord.objects.filter(user=secretary_a).count() == 5
    # The sixth back is allowed again; then the oldest of the five leaves the memory in turn.
    assert "密码已修改" in change(client_a, current, PASSWORD).content.decode()
    assert "密码已修改" in change(client_a, PASSWORD, passwords[0]).content.decode()
    # Remembered now: passwords[0], PASSWORD, passwords[4], [3], [2].
    assert "新密码不能与最近 5 次使用过的密码相同" in change(client_a, passwords[0], passwords[2]).content.decode()
    assert "密码已修改" in change(client_a, passwords[0], passwords[1]).content.decode()


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def test_a_user_staff_created_changes_the_password_at_first_sign_in(client, admin_client):
    response = admin_client.post(
        admin_url(User, "add"),
        {"username": "new_secretary", "usable_password": "true", "password1": STRONG, "password2": STRONG},
        follow=True,
    )
    assert response.status_code == 200
    created = User.objects.get(username="new_secretary")
    client.logout()

    page = sign_in(client, "new_secretary", STRONG)

    assert page.redirect_chain[-1][0] == CHANGE
    assert "您的密码是由工作人员设置或重设的，请先设置一个只有您自己知道的新密码" in page.content.decode()
    # Every other page leads back to the change page until it is done; signing out stays open.
    for path in ("/my/", "/", "/organizations/"):
        assert client.get(path).url == CHANGE
    assert "密码已修改" in change(client, STRONG, "Conghua-Liuxi-2026").content.decode()
    assert client.get("/my/").status_code == 200
    # The next sign-in is not sent there again.
    client.logout()
    assert sign_in(client, "new_secretary", "Conghua-Liuxi-2026").redirect_chain[-1][0] == "/my/"

    details = list(
        SecurityEvent.objects.filter(kind="password_changed", object="new_secretary")
        .order_by("pk")
        .values_list("detail", flat=True)
    )
    assert details == ["本人修改"]
    assert PasswordRecord.objects.filter(user=created).count() == 2


def test_a_password_staff_set_in_the_admin_is_changed_at_the_next_sign_in(client, admin_client, secretary_a):
    admin_client.post(
        reverse("admin:auth_user_password_change", args=[secretary_a.pk]),
        {"usable_password": "true", "password1": STRONG, "password2": STRONG},
    )
    event = SecurityEvent.objects.filter(kind="password_changed", object="secretary_a").latest("pk")
    assert event.detail == "由 root_admin 设置，须在下次登录时修改"
    client.logout()

    assert sign_in(client, "secretary_a", STRONG).redirect_chain[-1][0] == CHANGE


def test_a_reset_link_sent_by_staff_requires_a_change_until_the_link_is_used(client, staff_client, secretary_a):
    staff_client.post(reverse("admin:auth_user_send_reset_link", args=[secretary_a.pk]))
    client.logout()

    # Signing in with the old password before using the link leads to the change page.
    assert sign_in(client, "secretary_a", PASSWORD).redirect_chain[-1][0] == CHANGE
    assert "密码已修改" in change(client, PASSWORD, STRONG).content.decode()
    client.logout()
    assert sign_in(client, "secretary_a", STRONG).redirect_chain[-1][0] == "/my/"


def test_demo_and_command_line_passwords_are_not_flagged(client, secretary_a):
    secretary_a.set_password(STRONG)
    secretary_a.save()

    assert not PasswordRecord.objects.get(user=secretary_a).must_change
    assert sign_in(client, "secretary_a", STRONG).redirect_chain[-1][0] == "/my/"
    event = SecurityEvent.objects.filter(kind="password_changed", object="secretary_a").latest("pk")
    assert event.detail == "命令行或程序"


def test_expiry_is_off_by_default_and_asks_for_a_change_when_set(client, secretary_a, settings):
    secretary_a.set_password(STRONG)
    secretary_a.save()
    PasswordRecord.objects.filter(user=secretary_a).update(set_at=timezone.now() - datetime.timedelta(days=91))

    assert settings.PASSWORD_MAX_AGE_DAYS == 0
    assert sign_in(client, "secretary_a", STRONG).redirect_chain[-1][0] == "/my/"
    client.logout()

    settings.PASSWORD_MAX_AGE_DAYS = 90
    page = sign_in(client, "secretary_a", STRONG)
    assert page.redirect_chain[-1][0] == CHANGE
    assert "您的密码已使用超过 90 天，请先设置新密码" in page.content.decode()
    change(client, STRONG, "Conghua-Liuxi-2026")
    assert client.get("/my/").status_code == 200

    settings.PASSWORD_MAX_AGE_DAYS = 100
    client.logout()
    PasswordRecord.objects.filter(user=secretary_a).update(set_at=timezone.now() - datetime.timedelta(days=91))
    assert sign_in(client, "secretary_a", "Conghua-Liuxi-2026").redirect_chain[-1][0] == "/my/"


def test_a_password_the_user_changes_is_recorded_in_the_audit_log_as_their_own(client_a, secretary_a):
    change(client_a, PASSWORD, STRONG)

    event = SecurityEvent.objects.filter(kind="password_changed", object="secretary_a").latest("pk")
    assert (event.username, event.detail, event.outcome) == ("secretary_a", "本人修改", "success")
    assert event.address == "127.0.0.1"
