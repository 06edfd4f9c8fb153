"""Only bureau staff reach import, export and the reports; a secretary or the public never do."""

import pytest
from django.contrib.auth.models import User

from organizations.models import SocialOrganization
from tests.helpers.spreadsheets import ORG_IMPORT_URL, org_row, xlsx_file

STAFF_PAGES = [
    ORG_IMPORT_URL,
    "/admin/organizations/socialorganization/import/template.xlsx",
    "/admin/organizations/socialorganization/export/xlsx/",
    "/admin/organizations/socialorganization/export/csv/",
    "/admin/partybranches/partyorganization/import/",
    "/admin/activities/pairing/import/",
    "/admin/towns/characteristictown/import/",
    "/admin/activities/activity/export/xlsx/",
    "/admin/reports/",
    "/admin/reports/coverage/",
    "/admin/reports/coverage/?format=xlsx",
    "/admin/reports/risk/",
    "/admin/reports/stars/",
    "/admin/reports/activities/?format=xlsx",
]


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_secretary_is_sent_to_the_admin_login(client_a, url):
    response = client_a.get(url)

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_anonymous_is_sent_to_the_admin_login(client, db, url):
    response = client.get(url)

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_staff_reaches_every_page(staff_client, url):
    assert staff_client.get(url).status_code == 200


def test_secretary_cannot_import_by_posting(client_a):
    before = SocialOrganization.objects.count()

    response = client_a.post(ORG_IMPORT_URL, {"file": xlsx_file([org_row(1)])})

    assert response.status_code == 302
    assert SocialOrganization.objects.count() == before


def test_staff_without_add_and_change_permission_gets_403_on_import(client, db):
    viewer = User.objects.create_user("viewer", password="x-pass-2026", is_staff=True)
    client.force_login(viewer)

    assert client.get(ORG_IMPORT_URL).status_code == 403
    assert client.post(ORG_IMPORT_URL, {"file": xlsx_file([org_row(1)])}).status_code == 403
    assert client.get("/admin/organizations/socialorganization/export/xlsx/").status_code == 403
    assert SocialOrganization.objects.count() == 0


def test_import_page_refuses_other_methods(staff_client):
    assert staff_client.put(ORG_IMPORT_URL).status_code == 405
    assert staff_client.post("/admin/reports/coverage/").status_code == 405


def test_activities_have_no_import(staff_client):
    assert staff_client.get("/admin/activities/activity/import/").status_code in {302, 404}
    page = staff_client.get("/admin/activities/activity/").content.decode()
    assert "/admin/activities/activity/import/" not in page
    assert "/admin/activities/activity/export/xlsx/" in page
