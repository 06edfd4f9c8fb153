"""Sign in, sign out and change password, in Chinese; secretaries stay out of the admin."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_is_in_chinese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "党务登录" in page and "用户名" in page and "密码" in page


def test_secretary_signs_in_and_lands_on_the_dashboard(client, secretary_a, branch_a):
    response = client.post(reverse("login"), {"username": "secretary_a", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("my:dashboard")
    assert branch_a.name in client.get(response.url).content.decode()


def test_sign_in_follows_next_but_never_off_site(client, secretary_a, draft_a):
    target = reverse("my:activity_detail", args=[draft_a.pk])
    response = client.post(
        f"{reverse('login')}?next={target}", {"username": "secretary_a", "password": PASSWORD, "next": target}
    )
    assert response.url == target
    client.logout()
    data = {"username": "secretary_a", "password": PASSWORD, "next": "https://evil.example/"}
    response = client.post(reverse("login"), data)
    assert response.url == reverse("my:dashboard")


def test_wrong_password_is_refused_in_chinese(client, secretary_a):
    response = client.post(reverse("login"), {"username": "secretary_a", "password": "wrong"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_post_only(client_a):
    assert client_a.get(reverse("logout")).status_code == 405
    assert "_auth_user_id" in client_a.session
    response = client_a.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client_a.session
    assert client_a.get(reverse("my:dashboard")).status_code == 302


def test_logged_out_template_is_in_chinese(client_a, settings):
    settings.LOGOUT_REDIRECT_URL = None
    response = client_a.post(reverse("logout"))
    assert response.status_code == 200
    assert "已退出登录" in response.content.decode()


def test_change_password(client_a, secretary_a):
    url = reverse("password_change")
    page = client_a.get(url).content.decode()
    assert "修改密码" in page and "旧密码" in page
    new = "Gz-party-2026-new"
    response = client_a.post(url, {"old_password": PASSWORD, "new_password1": new, "new_password2": new})
    assert response.status_code == 302
    assert response.url == reverse("password_change_done")
    assert "密码已修改" in client_a.get(response.url).content.decode()
    secretary_a.refresh_from_db()
    assert secretary_a.check_password(new)


def test_change_password_refuses_bad_input_and_keeps_the_old_one(client_a, secretary_a):
    url = reverse("password_change")
    response = client_a.post(url, {"old_password": "wrong", "new_password1": "123", "new_password2": "456"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "你的旧密码不正确" in page or "旧密码不正确" in page
    secretary_a.refresh_from_db()
    assert secretary_a.check_password(PASSWORD)


def test_change_password_needs_sign_in(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_secretary_cannot_enter_the_admin(client_a, draft_a):
    for url in (reverse("admin:index"), reverse("admin:index") + f"activities/activity/{draft_a.pk}/change/"):
        response = client_a.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))


def test_admin_login_refuses_a_secretary(client, secretary_a):
    response = client.post(reverse("admin:login"), {"username": "secretary_a", "password": PASSWORD})
    assert response.status_code == 200
    assert not User.objects.get(username="secretary_a").is_staff
