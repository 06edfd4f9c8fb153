"""Two-factor sign-in: staff cannot open any admin page without it; enrolment with a QR
code and backup codes; a colleague with the permission resets a lost phone."""

import time

import pytest
from django.contrib.auth.models import Permission, User
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD
from tests.helpers.twofactor import current_code

pytestmark = [pytest.mark.real_two_factor, pytest.mark.django_db]

ADMIN_PAGES = [
    "/admin/",
    "/admin/activities/activity/",
    "/admin/organizations/socialorganization/",
    "/admin/auth/user/",
    "/admin/reports/",
    "/admin/reports/risk/",
    "/admin/organizations/socialorganization/export/xlsx/",
]


def sign_in(client, username):
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return response


def enrolled(user):
    device = TOTPDevice.objects.create(user=user, name="手机", confirmed=True)
    return device


@pytest.mark.parametrize("page", ADMIN_PAGES)
def test_a_password_alone_opens_no_admin_page(client, staff_user, page):
    sign_in(client, staff_user.username)

    response = client.get(page)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/two-factor/?next={page}"


def test_the_page_asked_for_is_kept_whole_through_the_code_page(client, staff_user):
    sign_in(client, staff_user.username)

    response = client.get("/admin/activities/activity/", {"state__exact": "submitted", "kind__exact": "volunteer"})

    assert response["Location"] == (
        "/accounts/two-factor/?next=/admin/activities/activity/%3Fstate__exact%3Dsubmitted%26kind__exact%3Dvolunteer"
    )
    device = enrolled(staff_user)
    passed = client.post(
        "/accounts/two-factor/",
        {
            "token": current_code(device),
            "next": "/admin/activities/activity/?state__exact=submitted&kind__exact=volunteer",
        },
    )
    assert passed["Location"] == "/admin/activities/activity/?state__exact=submitted&kind__exact=volunteer"


def test_a_superuser_also_needs_the_second_factor(client, superuser):
    sign_in(client, superuser.username)

    assert client.get("/admin/").status_code == 302


def test_staff_without_a_device_enrol_with_a_qr_code_and_get_backup_codes(client, staff_user):
    sign_in(client, staff_user.username)

    asked = client.get("/accounts/two-factor/?next=/admin/activities/activity/", follow=True)
    page = asked.content.decode()
    assert asked.redirect_chain[-1][0].startswith("/accounts/two-factor/enrol/")
    assert "<svg" in page and "设置两步验证" in page
    device = TOTPDevice.objects.get(user=staff_user)
    assert not device.confirmed

    wrong = client.post(
        "/accounts/two-factor/enrol/", {"token": "000000" if current_code(device) != "000000" else "111111"}
    )
    assert "验证码不正确" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302
    time.sleep(1.1)  # a wrong code makes the next attempt wait a second

    done = client.post(
        "/accounts/two-factor/enrol/", {"token": current_code(device), "next": "/admin/activities/activity/"}
    )

    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    for code in codes:
        assert code in done.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert StaticDevice.objects.get(user=staff_user).token_set.count() == 10
    assert client.get("/admin/activities/activity/").status_code == 200


def test_an_enrolled_staff_member_passes_with_the_current_code(client, staff_user):
    device = enrolled(staff_user)
    sign_in(client, staff_user.username)

    wrong = client.post("/accounts/two-factor/", {"token": "12345"})
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    response = client.post("/accounts/two-factor/", {"token": current_code(device), "next": "/admin/reports/"})

    assert response.status_code == 302 and response["Location"] == "/admin/reports/"
    assert client.get("/admin/reports/").status_code == 200


def test_a_code_cannot_be_guessed_repeatedly(client, staff_user):
    device = enrolled(staff_user)
    sign_in(client, staff_user.username)
    right = current_code(device)
    wrong = "000000" if right != "000000" else "999999"

    for _ in range(3):
        client.post("/accounts/two-factor/", {"token": wrong})
    response = client.post("/accounts/two-factor/", {"token": right})

    assert "错误次数过多" in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_a_backup_code_works_once(client, staff_user):
    enrolled(staff_user)
    backup = StaticDevice.objects.create(user=staff_user, name="备用码")
    backup.token_set.create(token="abcd2345")
    sign_in(client, staff_user.username)

    response = client.post("/accounts/two-factor/", {"token": "ABCD 2345"})

    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
    client.post("/admin/logout/")
    sign_in(client, staff_user.username)
    again = client.post("/accounts/two-factor/", {"token": "abcd2345"})
    assert again.status_code == 200 and "验证码不正确" in again.content.decode()


def test_the_code_page_never_sends_anyone_to_another_site(client, staff_user):
    device = enrolled(staff_user)
    sign_in(client, staff_user.username)

    response = client.post("/accounts/two-factor/", {"token": current_code(device), "next": "https://evil.example/"})

    assert response["Location"] == "/admin/"


def test_a_secretary_is_not_asked_until_they_enrol(client, secretary_a):
    sign_in(client, secretary_a.username)
    assert client.get("/my/").status_code == 200

    client.get("/accounts/two-factor/enrol/")
    device = TOTPDevice.objects.get(user=secretary_a)
    client.post("/accounts/two-factor/enrol/", {"token": current_code(device)})
    client.post("/accounts/logout/")
    sign_in(client, secretary_a.username)

    assert client.get("/my/").status_code == 302
    client.post("/accounts/two-factor/", {"token": current_code(device, offset_steps=1)})
    assert client.get("/my/").status_code == 200


@pytest.fixture
def colleague(db):
    user = User.objects.create_user("colleague", "c@example.com", PASSWORD, is_staff=True)
    enrolled(user)
    return user


def reset(client, *users):
    return client.post(
        "/admin/auth/user/",
        {"action": "reset_second_factor", "_selected_action": [user.pk for user in users]},
        follow=True,
    )


def signed_in_with_code(client, user):
    sign_in(client, user.username)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    assert client.post("/accounts/two-factor/", {"token": current_code(device)}).status_code == 302


def test_a_colleague_with_the_permission_resets_a_lost_phone(client, staff_user, colleague, django_user_model):
    from django.test import Client

    staff_user.user_permissions.add(Permission.objects.get(codename="delete_totpdevice"))
    staff_user.user_permissions.add(Permission.objects.get(codename="view_user"))
    enrolled(staff_user)
    signed_in_with_code(client, staff_user)
    lost = Client()
    signed_in_with_code(lost, colleague)
    assert lost.get("/admin/").status_code == 200

    response = reset(client, colleague)

    assert "已重置 colleague 的两步验证" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert not StaticDevice.objects.filter(user=colleague).exists()
    assert lost.get("/admin/").status_code == 302  # signed out everywhere
    sign_in(lost, colleague.username)
    assert (
        lost.get("/accounts/two-factor/", follow=True).redirect_chain[-1][0].startswith("/accounts/two-factor/enrol/")
    )


def test_without_the_permission_no_reset_is_possible(client, staff_user, colleague):
    enrolled(staff_user)
    signed_in_with_code(client, staff_user)

    reset(client, colleague)

    assert TOTPDevice.objects.filter(user=colleague).exists()


def test_no_one_resets_their_own_second_factor(client, staff_user):
    staff_user.user_permissions.add(Permission.objects.get(codename="delete_totpdevice"))
    enrolled(staff_user)
    signed_in_with_code(client, staff_user)

    response = reset(client, staff_user)

    assert "不能重置自己的两步验证" in response.content.decode()
    assert TOTPDevice.objects.filter(user=staff_user).exists()
