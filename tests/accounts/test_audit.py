"""The security audit log: every event recorded with time, user, address, outcome and
object; append-only from the application; read, filtered and exported by auditors only."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from accounts.models import AppendOnly, SecurityEvent
from tests.conftest import PASSWORD
from tests.helpers import factories
from tests.helpers.spreadsheets import ORG_IMPORT_URL, org_row, read_xlsx, upload_and_confirm, xlsx_file
from tests.helpers.twofactor import current_code

pytestmark = pytest.mark.django_db

AUDIT_LIST = "/admin/accounts/securityevent/"
_baseline = {}


@pytest.fixture(autouse=True)
def _only_this_tests_events(db):
    # `migrate` itself records the staff group's permissions (rights changed, by no one).
    _baseline["pk"] = SecurityEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def new_events():
    return SecurityEvent.objects.filter(pk__gt=_baseline["pk"])


def events(kind):
    return list(new_events().filter(kind=kind).order_by("pk"))


def auditor(user):
    user.user_permissions.add(Permission.objects.get(codename="audit_securityevent"))
    return User.objects.get(pk=user.pk)


def test_a_sign_in_and_a_sign_out_are_recorded(client, secretary_a):
    client.post("/accounts/login/", {"username": "secretary_a", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    client.post("/accounts/logout/", REMOTE_ADDR="10.1.2.3")

    [signed_in] = events("sign_in")
    [signed_out] = events("sign_out")
    for event in (signed_in, signed_out):
        assert (event.user, event.username, event.address, event.outcome) == (
            secretary_a,
            "secretary_a",
            "10.1.2.3",
            "success",
        )
    assert timezone.now() - signed_in.at < datetime.timedelta(minutes=1)


def test_a_failed_sign_in_is_recorded_with_the_name_tried(client, secretary_a):
    client.post("/accounts/login/", {"username": "secretary_a", "password": "wrong"}, REMOTE_ADDR="10.9.9.9")

    [failed] = events("sign_in_failed")
    assert (failed.user, failed.username, failed.address, failed.outcome) == (
        None,
        "secretary_a",
        "10.9.9.9",
        "failure",
    )
    assert "wrong" not in failed.detail


def test_a_lockout_is_recorded(client, secretary_a):
    for _ in range(6):
        client.post("/accounts/login/", {"username": "secretary_a", "password": "wrong"}, REMOTE_ADDR="10.9.9.8")

    locked = events("locked_out")[0]
    assert (locked.username, locked.address, locked.outcome) == ("secretary_a", "10.9.9.8", "failure")


@pytest.mark.real_two_factor
def test_second_factor_enrolment_failure_and_reset_are_recorded(client, staff_user):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.post("/accounts/login/", {"username": staff_user.username, "password": PASSWORD})
    client.get("/accounts/two-factor/enrol/")
    device = TOTPDevice.objects.get(user=staff_user)
    client.post("/accounts/two-factor/enrol/", {"token": current_code(device)})
    client.post("/accounts/logout/")
    client.post("/accounts/login/", {"username": staff_user.username, "password": PASSWORD})
    client.post("/accounts/two-factor/", {"token": "abcdefgh"})

    [enrolled] = events("second_factor_enrolled")
    assert enrolled.user == staff_user
    [refused] = events("second_factor")
    assert (refused.user, refused.outcome) == (staff_user, "failure")

    colleague = User.objects.create_user("colleague", password=PASSWORD, is_staff=True)
    from accounts.twofactor import reset_second_factor

    reset_second_factor(user=staff_user, by=colleague)
    [reset] = events("second_factor_reset")
    assert (reset.user, reset.object) == (colleague, staff_user.username)


def test_a_password_change_is_recorded(client, secretary_a):
    client.force_login(secretary_a)

    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "a-new-pass-2026!", "new_password2": "a-new-pass-2026!"},
        REMOTE_ADDR="10.4.4.4",
    )

    assert response.status_code == 302
    [changed] = events("password_changed")
    assert (changed.user, changed.object, changed.address) == (secretary_a, "secretary_a", "10.4.4.4")


def test_group_and_permission_changes_in_the_admin_are_recorded(superuser, secretary_a):
    client = Client()
    client.force_login(superuser)
    group = Group.objects.create(name="审计员")
    from tests.helpers.admin import admin_form_data

    url = f"/admin/auth/user/{secretary_a.pk}/change/"
    data = admin_form_data(client, url)
    data["groups"] = [str(group.pk)]
    data["is_staff"] = "on"

    assert client.post(url, data, REMOTE_ADDR="10.5.5.5").status_code == 302
    changes = events("rights_changed")
    assert {event.user for event in changes} == {superuser}
    assert {event.address for event in changes} == {"10.5.5.5"}
    details = " ".join(event.detail for event in changes)
    assert "审计员" in details and "is_staff: False → True" in details

    group.permissions.add(Permission.objects.get(codename="view_user"))
    assert "Can view user" in events("rights_changed")[-1].detail


def test_exports_and_imports_are_recorded(staff_client, staff_user):
    factories.SocialOrganizationFactory()
    staff_client.get("/admin/organizations/socialorganization/export/xlsx/", {"district__exact": "440104"})
    staff_client.get("/admin/reports/risk/", {"format": "xlsx"})
    upload_and_confirm(staff_client, ORG_IMPORT_URL, xlsx_file([org_row(1)]))

    exports = events("export")
    assert [event.object for event in exports] == ["社会组织", exports[1].object]
    assert "district__exact=440104" in exports[0].detail and exports[0].user == staff_user
    [imported] = events("import")
    assert (imported.user, imported.outcome, imported.object) == (staff_user, "success", "社会组织")
    assert "新增1条" in imported.detail


# pg_dump's snapshot is taken at the start of the backup's own transaction: outside a test's.
@pytest.mark.django_db(transaction=True)
def test_a_backup_is_recorded(tmp_path):
    archive = tmp_path / "b.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())

    [backup] = events("backup")
    assert backup.object == str(archive) and backup.outcome == "success"


def test_records_cannot_be_changed_or_deleted_by_the_application(secretary_a):
    from accounts import audit

    event = audit.record("sign_in", user=secretary_a)
    event.detail = "changed"

    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        SecurityEvent.objects.update(detail="changed")
    with pytest.raises(AppendOnly):
        SecurityEvent.objects.all().delete()
    assert SecurityEvent.objects.get(pk=event.pk).detail == ""


def test_not_even_a_superuser_changes_or_deletes_a_record_in_the_admin(superuser):
    from accounts import audit

    client = Client()
    client.force_login(superuser)
    event = audit.record("sign_in", user=superuser)

    assert client.get(AUDIT_LIST).status_code == 200
    assert client.get(f"{AUDIT_LIST}add/").status_code == 403
    assert client.post(f"{AUDIT_LIST}{event.pk}/change/", {"detail": "x"}).status_code == 403
    assert client.post(f"{AUDIT_LIST}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert SecurityEvent.objects.filter(pk=event.pk, detail="").exists()


def test_only_auditors_read_filter_and_export_the_log(client, staff_user, secretary_a):
    from accounts import audit

    audit.record("sign_in", user=secretary_a)
    audit.record("sign_in_failed", username='=HYPERLINK("http://evil")', outcome="failure")
    client.force_login(staff_user)
    assert client.get(AUDIT_LIST).status_code == 403

    auditor(staff_user)
    page = client.get(AUDIT_LIST, {"outcome__exact": "failure"})
    assert page.status_code == 200
    assert [event.kind for event in page.context["cl"].result_list] == ["sign_in_failed"]

    export = client.get(f"{AUDIT_LIST}export/xlsx/", {"outcome__exact": "failure"})
    assert export.status_code == 200
    [sheet] = read_xlsx(export.content).values()
    assert len(sheet) == 2
    assert any(str(cell).startswith("'=HYPERLINK") for cell in sheet[1])


def test_old_records_are_pruned_after_180_days(secretary_a):
    from accounts import audit

    audit.record("sign_in", user=secretary_a)
    SecurityEvent.objects.create(kind="sign_in", at=timezone.now() - datetime.timedelta(days=181))
    SecurityEvent.objects.create(kind="sign_in", at=timezone.now() - datetime.timedelta(days=179))

    out = io.StringIO()
    call_command("prune_security_events", stdout=out)

    assert new_events().count() == 2
    assert "已删除 1 条" in out.getvalue()
    with pytest.raises(CommandError, match="at least 180"):
        call_command("prune_security_events", days=30, stdout=io.StringIO())
