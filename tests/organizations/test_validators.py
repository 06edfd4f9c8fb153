"""The unified social credit code (GB 32100-2015) and the 人工核实 override."""

import re

import pytest
from django.core.exceptions import ValidationError

from organizations.models import District, SocialOrganization
from organizations.validators import (
    CHARSET,
    check_character,
    credit_code_errors,
    make_credit_code,
    social_organization_code_errors,
    validate_credit_code,
)
from tests.helpers.admin import admin_url, form_errors, post_admin_form
from tests.helpers.factories import SocialOrganizationFactory

SOCIETY_CODE = "51420000MJH200395N"  # a 社会团体 (second character 1)
FOUNDATION_CODE = "53420000MJH2448303"  # a 基金会 (second character 3)
ENTERPRISE_CODE = "91350100M000100Y43"  # an enterprise: a valid code, but not a social organization's


@pytest.mark.parametrize("code", [SOCIETY_CODE, FOUNDATION_CODE, ENTERPRISE_CODE])
def test_valid_samples_pass_the_check(code):
    assert credit_code_errors(code) == []
    assert check_character(code[:17]) == code[17]
    validate_credit_code(code)


def test_charset_has_31_characters_without_i_o_s_v_z():
    assert len(CHARSET) == 31
    assert not set("IOSVZ") & set(CHARSET)


def test_social_organization_samples_agree_with_their_type():
    assert social_organization_code_errors(SOCIETY_CODE, "1") == []
    assert social_organization_code_errors(FOUNDATION_CODE, "3") == []


def test_enterprise_code_is_valid_but_wrong_for_a_social_organization():
    errors = social_organization_code_errors(ENTERPRISE_CODE, "1")
    assert errors == ["社会组织的统一社会信用代码第1位应为“5”（民政部门登记），实际为“9”。"]


@pytest.mark.parametrize(
    ("code", "length"),
    [("", 0), (SOCIETY_CODE[:17], 17), (SOCIETY_CODE + "1", 19), ("5142", 4)],
)
def test_wrong_length_says_how_long_it_is(code, length):
    assert credit_code_errors(code) == [f"统一社会信用代码应为18位，当前为{length}位。"]


@pytest.mark.parametrize("letter", list("IOSVZ"))
def test_each_illegal_letter_is_named_with_its_position(letter):
    code = SOCIETY_CODE[:8] + letter + SOCIETY_CODE[9:]
    assert credit_code_errors(code) == [f"第9位字符“{letter}”不合法：只能使用数字和除 I、O、S、V、Z 以外的大写字母。"]


def test_every_illegal_character_is_reported():
    errors = credit_code_errors("5142000OMJH20039-N")
    assert len(errors) == 2
    assert "第8位字符“O”" in errors[0]
    assert "第17位字符“-”" in errors[1]


def test_lower_case_and_surrounding_spaces_are_read_as_upper_case():
    assert credit_code_errors(f"  {SOCIETY_CODE.lower()} ") == []
    assert social_organization_code_errors(FOUNDATION_CODE.lower(), "3") == []


def test_wrong_check_character_names_the_expected_one():
    assert credit_code_errors(SOCIETY_CODE[:17] + "M") == ["校验码错误：第18位应为“N”，实际为“M”。"]
    with pytest.raises(ValidationError) as excinfo:
        validate_credit_code(FOUNDATION_CODE[:17] + "4")
    assert excinfo.value.messages == ["校验码错误：第18位应为“3”，实际为“4”。"]


def test_check_character_zero_maps_to_zero_not_thirty_one():
    # Σ mod 31 == 0 gives (31 - 0) mod 31 == 0, the character "0" (53420000MJH2448303 ends so).
    assert check_character(FOUNDATION_CODE[:17]) == "3"
    body = next(f"5142000{n:010d}" for n in range(10_000) if check_character(f"5142000{n:010d}") == "0")
    assert credit_code_errors(body + "0") == []


def test_type_digit_disagreeing_with_type_says_both():
    assert social_organization_code_errors(SOCIETY_CODE, "2") == [
        "统一社会信用代码第2位为“1”（社会团体），与组织类型不符，应为“2”（民办非企业单位）。"
    ]


def test_make_credit_code_builds_valid_codes_and_refuses_bad_parts():
    code = make_credit_code("2", District.CONGHUA.value, "MJ0000001")
    assert code.startswith("52440117MJ0000001") and credit_code_errors(code) == []
    with pytest.raises(ValueError):
        make_credit_code("2", "44011", "MJ0000001")
    with pytest.raises(ValueError):
        make_credit_code("2", "440117", "MJ000000I")


# The model: type and district must agree with the code.


def _org(**kwargs):
    values = {
        "name": "广州市测试社会组织",
        "credit_code": make_credit_code("1", District.YUEXIU.value, "MJ0000001"),
        "org_type": SocialOrganization.Type.SOCIETY,
        "district": District.YUEXIU,
    }
    values.update(kwargs)
    return SocialOrganization(**values)


def _credit_code_errors(org):
    with pytest.raises(ValidationError) as excinfo:
        org.full_clean()
    return excinfo.value.message_dict["credit_code"]


@pytest.mark.django_db
def test_model_accepts_a_code_agreeing_with_type_and_district():
    _org().full_clean()
    _org(
        credit_code=make_credit_code("3", "440100", "MJ0000002"), org_type=SocialOrganization.Type.FOUNDATION
    ).full_clean()


@pytest.mark.django_db
def test_model_stores_a_lower_case_code_in_upper_case():
    org = _org(credit_code=make_credit_code("1", "440104", "MJ0000003").lower())
    org.full_clean()
    assert org.credit_code == make_credit_code("1", "440104", "MJ0000003")


@pytest.mark.django_db
def test_model_refuses_type_digit_disagreeing_with_org_type():
    errors = _credit_code_errors(_org(org_type=SocialOrganization.Type.FOUNDATION))
    assert errors[0] == "统一社会信用代码第2位为“1”（社会团体），与组织类型不符，应为“3”（基金会）。"
    assert "人工核实" in errors[-1]


@pytest.mark.django_db
def test_model_refuses_division_disagreeing_with_district():
    code = make_credit_code("1", District.TIANHE.value, "MJ0000004")
    errors = _credit_code_errors(_org(credit_code=code, district=District.YUEXIU))
    assert errors[0] == "统一社会信用代码中的行政区划码“440106”与所在区（越秀区，440104）不一致。"


@pytest.mark.django_db
def test_model_refuses_an_enterprise_code():
    errors = _credit_code_errors(_org(credit_code=ENTERPRISE_CODE))
    assert errors[0].startswith("社会组织的统一社会信用代码第1位应为“5”")


@pytest.mark.django_db
def test_verified_flag_keeps_a_code_failing_the_check():
    org = _org(credit_code=SOCIETY_CODE[:17] + "M", credit_code_verified=True)
    org.full_clean()
    assert org.credit_code_problems() == (["校验码错误：第18位应为“N”，实际为“M”。"], True)


@pytest.mark.django_db
@pytest.mark.parametrize("code", [SOCIETY_CODE[:17], SOCIETY_CODE[:8] + "I" + SOCIETY_CODE[9:]])
def test_verified_flag_never_keeps_a_malformed_code(code):
    errors = _credit_code_errors(_org(credit_code=code, credit_code_verified=True))
    assert "人工核实" not in " ".join(errors)


# The admin form.


def _add_organization(client, **changes):
    values = {
        "name": "广州市老登记协会",
        "org_type": SocialOrganization.Type.SOCIETY,
        "district": District.YUEXIU,
        "level": SocialOrganization.Level.DISTRICT,
    }
    values.update(changes)
    return post_admin_form(client, admin_url(SocialOrganization, "add"), **values)


@pytest.mark.django_db
def test_admin_refuses_a_failing_code_without_the_flag(staff_client):
    response = _add_organization(staff_client, credit_code=SOCIETY_CODE[:17] + "M")
    errors = form_errors(response)["credit_code"]
    assert "校验码错误：第18位应为“N”，实际为“M”。" in errors
    assert "如该代码为早期登记且已人工核实，请勾选“人工核实”后保存。" in errors
    assert not SocialOrganization.objects.exists()


@pytest.mark.django_db
def test_admin_saves_a_failing_code_with_the_flag_and_lists_it_as_verified(staff_client):
    SocialOrganizationFactory(name="广州市规范协会")
    response = _add_organization(staff_client, credit_code=SOCIETY_CODE[:17] + "M", credit_code_verified="on")
    assert response.status_code == 302
    org = SocialOrganization.objects.get(name="广州市老登记协会")
    assert org.credit_code == SOCIETY_CODE[:17] + "M" and org.credit_code_verified

    changelist = staff_client.get(admin_url(SocialOrganization, "changelist"))
    rows = _rows(changelist.content.decode())
    assert "人工核实" in rows["广州市老登记协会"]
    assert "通过" in rows["广州市规范协会"] and "人工核实" not in rows["广州市规范协会"]


@pytest.mark.django_db
def test_admin_lists_the_verified_organizations_alone(staff_client):
    SocialOrganizationFactory(name="广州市规范协会")
    SocialOrganizationFactory(name="广州市老登记协会", credit_code=SOCIETY_CODE[:17] + "M", credit_code_verified=True)
    response = staff_client.get(admin_url(SocialOrganization, "changelist"), {"credit_code_verified__exact": "1"})
    assert [org.name for org in response.context["cl"].result_list] == ["广州市老登记协会"]


@pytest.mark.django_db
def test_admin_flag_cannot_keep_an_illegal_character(staff_client):
    code = SOCIETY_CODE[:8] + "O" + SOCIETY_CODE[9:]
    response = _add_organization(staff_client, credit_code=code, credit_code_verified="on")
    assert form_errors(response)["credit_code"] == [
        "第9位字符“O”不合法：只能使用数字和除 I、O、S、V、Z 以外的大写字母。"
    ]
    assert not SocialOrganization.objects.exists()


@pytest.mark.django_db
def test_admin_stores_a_lower_case_code_in_upper_case(staff_client):
    code = make_credit_code("1", "440104", "MJ0000005")
    response = _add_organization(staff_client, credit_code=code.lower())
    assert response.status_code == 302
    assert SocialOrganization.objects.get().credit_code == code


@pytest.mark.django_db
def test_admin_refuses_a_type_mismatch_on_change_and_keeps_the_record(staff_client):
    org = SocialOrganizationFactory()
    response = post_admin_form(
        staff_client, admin_url(SocialOrganization, "change", org.pk), org_type=SocialOrganization.Type.FOUNDATION
    )
    assert "与组织类型不符" in form_errors(response)["credit_code"][0]
    org.refresh_from_db()
    assert org.org_type == SocialOrganization.Type.SOCIETY


def _rows(html):
    """Changelist rows keyed by the organization name they show."""
    rows = {}
    for row in re.findall(r"<tr.*?</tr>", html, re.S):
        for name in ("广州市老登记协会", "广州市规范协会"):
            if name in row:
                rows[name] = row
    return rows
