"""Social organizations: every rule refused in the admin form (Chinese, on the field) and by the database."""

from decimal import Decimal

import pytest

from organizations.models import SocialOrganization
from organizations.validators import make_credit_code
from tests.helpers.admin import admin_url, db_refuses, form_errors, post_admin_form
from tests.helpers.factories import SocialOrganizationFactory

pytestmark = pytest.mark.django_db


def _change(client, org, **changes):
    return post_admin_form(client, admin_url(SocialOrganization, "change", org.pk), **changes)


def _unchanged(org):
    before = {field.attname: getattr(org, field.attname) for field in org._meta.concrete_fields}
    org.refresh_from_db()
    after = {field.attname: getattr(org, field.attname) for field in org._meta.concrete_fields}
    return before == after


# Through the admin form.


def test_admin_refuses_a_name_already_registered(staff_client):
    SocialOrganizationFactory(name="广州市社会组织联合会")
    org = SocialOrganizationFactory()
    response = _change(staff_client, org, name="广州市社会组织联合会")
    assert form_errors(response) == {"name": ["具有 名称 的 社会组织 已存在。"]}
    assert _unchanged(org)


def test_admin_refuses_a_credit_code_already_registered(staff_client):
    other = SocialOrganizationFactory()
    org = SocialOrganizationFactory()
    response = _change(staff_client, org, credit_code=other.credit_code)
    assert form_errors(response) == {"credit_code": ["具有 统一社会信用代码 的 社会组织 已存在。"]}
    assert _unchanged(org)


def test_admin_refuses_negative_registered_funds(staff_client):
    org = SocialOrganizationFactory()
    response = _change(staff_client, org, registered_funds="-1")
    assert form_errors(response) == {"registered_funds": ["注册资金不能为负数。"]}
    assert _unchanged(org)


def test_admin_refuses_a_negative_party_member_count(staff_client):
    org = SocialOrganizationFactory()
    response = _change(staff_client, org, party_member_count="-3")
    assert form_errors(response) == {"party_member_count": ["确保该值大于或等于0。"]}
    assert _unchanged(org)


def test_admin_refuses_a_code_of_the_wrong_length(staff_client):
    org = SocialOrganizationFactory()
    response = _change(staff_client, org, credit_code="51440104MJ00001", credit_code_verified="on")
    assert form_errors(response) == {"credit_code": ["统一社会信用代码应为18位，当前为15位。"]}
    assert _unchanged(org)


def test_admin_saves_a_valid_change(staff_client):
    org = SocialOrganizationFactory()
    response = _change(staff_client, org, registered_funds="500000.00", district="440117", level="city")
    # A code issued in 越秀区 no longer agrees with 从化区.
    assert "不一致" in form_errors(response)["credit_code"][0]
    code = make_credit_code("1", "440117", "MJ0000099")
    response = _change(staff_client, org, registered_funds="500000.00", district="440117", credit_code=code)
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.registered_funds, org.district, org.credit_code) == (Decimal("500000.00"), "440117", code)


# Directly against the database.


def test_database_refuses_a_duplicate_name():
    org = SocialOrganizationFactory()
    with db_refuses():
        SocialOrganizationFactory(name=org.name)


def test_database_refuses_a_duplicate_credit_code():
    org = SocialOrganizationFactory()
    with db_refuses():
        SocialOrganizationFactory(credit_code=org.credit_code)


def test_database_refuses_negative_funds():
    org = SocialOrganizationFactory()
    with db_refuses("organizations_socialorganization_funds_nonnegative"):
        SocialOrganization.objects.filter(pk=org.pk).update(registered_funds=Decimal("-0.01"))


@pytest.mark.parametrize(
    "code",
    ["51440104mj0000001X", "51440104MJ000000I1", "51440104MJ00000O1Z", "51440104MJ000001", "51440104MJ 000001A"],
)
def test_database_refuses_a_malformed_credit_code(code):
    with db_refuses("organizations_socialorganization_credit_code_charset"):
        SocialOrganization.objects.bulk_create([SocialOrganizationFactory.build(credit_code=code)])


def test_database_refuses_a_negative_party_member_count():
    org = SocialOrganizationFactory()
    with db_refuses():
        SocialOrganization.objects.filter(pk=org.pk).update(party_member_count=-1)


def test_database_keeps_a_verified_code_that_fails_the_check_digit():
    # The check digit is the admin's business (人工核实); the database only holds the format.
    org = SocialOrganizationFactory(credit_code="51420000MJH200395M", credit_code_verified=True)
    assert SocialOrganization.objects.get(pk=org.pk).credit_code == "51420000MJH200395M"
