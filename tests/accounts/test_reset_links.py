"""No self-service password reset: the sign-in page says whom to ask, and staff send a
reset link from the user's admin page; the link works for an hour, once."""

import datetime
import re

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.helpers.admin import admin_url

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Hong-Mian-2026-xin"


def send_url(user):
    return reverse("admin:auth_user_send_reset_link", args=[user.pk])


def link_path(message):
    return re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)


def test_there_is_no_self_service_reset_and_the_sign_in_page_says_whom_to_ask(client):
    assert client.get("/accounts/password_reset/").status_code == 404
    assert client.get("/admin/password_reset/").status_code in {302, 404}
    page = client.get(reverse("login")).content.decode()
    assert "忘记密码？" in page and "请联系为您开设账号的局工作人员" in page


def test_staff_send_a_link_the_secretary_uses_once(client, staff_client, staff_user, secretary_a, settings):
    settings.SITE_URL = "https://partybuild.example.gov.cn"
    user_page = staff_client.get(admin_url(User, "change", secretary_a.pk)).content.decode()
    assert send_url(secretary_a) in user_page and "发送重设密码链接" in user_page

    response = staff_client.post(send_url(secretary_a), follow=True)
    assert "已向 a@example.com 发送重设密码链接" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["a@example.com"]
    assert "重设密码" in message.subject and "一小时内" in message.body
    assert "https://partybuild.example.gov.cn/accounts/reset/" in message.body
    entry = LogEntry.objects.get(object_id=str(secretary_a.pk))
    assert (entry.user, entry.change_message) == (staff_user, "发送了重设密码链接")

    form_page = client.get(link_path(message), follow=True)
    assert "设置新密码" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "新密码已设置" in done.content.decode()
    assert client.login(username="secretary_a", password=NEW_PASSWORD)
    client.logout()

    again = client.get(link_path(message), follow=True).content.decode()
    assert "链接已失效" in again and "new_password1" not in again


def test_the_link_expires_after_an_hour(client, staff_client, secretary_a):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        staff_client.post(send_url(secretary_a))
    (message,) = mail.outbox
    with time_machine.travel(start + datetime.timedelta(minutes=59), tick=False):
        assert "new_password1" in client.get(link_path(message), follow=True).content.decode()
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        page = client.get(link_path(message), follow=True).content.decode()
    assert "链接已失效" in page and "new_password1" not in page


def test_staff_may_not_send_a_link_to_another_staff_account(staff_client, superuser):
    other = User.objects.create_user("bureau_other", "other@example.com", PASSWORD, is_staff=True)
    for user in (other, superuser):
        response = staff_client.post(send_url(user), follow=True)
        assert "只能由系统管理员发送" in response.content.decode()
    assert mail.outbox == []


def test_an_account_without_email_gets_a_clear_message(staff_client):
    user = User.objects.create_user("no_mail", "", PASSWORD)
    response = staff_client.post(send_url(user), follow=True)
    assert "没有登记邮箱" in response.content.decode()
    assert mail.outbox == []


def test_sending_takes_post_and_staff_only(staff_client, secretary_a):
    assert staff_client.get(send_url(secretary_a)).status_code == 405
    assert staff_client.post(reverse("admin:auth_user_send_reset_link", args=[999999])).status_code == 404
    secretary = staff_client
    secretary.force_login(secretary_a)
    response = secretary.post(send_url(secretary_a))
    assert response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
    assert mail.outbox == []


def test_staff_see_when_a_secretary_last_signed_in(client, staff_client, secretary_a):
    signed_in = datetime.datetime(2026, 3, 2, 1, 30, tzinfo=datetime.UTC)  # 09:30 in Guangzhou
    User.objects.filter(pk=secretary_a.pk).update(last_login=signed_in)
    page = staff_client.get(admin_url(User, "changelist")).content.decode()
    assert "上次登录" in page
    assert "2026年3月2日 09:30" in page
