import datetime
from decimal import Decimal

import pytest

from organizations.models import SocialOrganization
from tests.helpers import factories
from tests.helpers.spreadsheets import (
    ORG_IMPORT_URL,
    code,
    csv_file,
    org_row,
    upload,
    upload_and_confirm,
    xlsx_file,
)

CHANGELIST = "/admin/organizations/socialorganization/"


def issues_of(response):
    """{row number: [“column：message”, ...]} of a preview."""
    found = {}
    for issue in response.context["report"].issues:
        found.setdefault(issue.row, []).append(f"{issue.column}：{issue.message}")
    return found


def test_import_page_shows_columns_and_template_links(staff_client):
    response = staff_client.get(ORG_IMPORT_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "统一社会信用代码" in page
    assert "下载 Excel 模板" in page
    assert "import/template.xlsx" in page


def test_preview_writes_nothing_and_lists_new_rows(staff_client):
    response = upload(staff_client, ORG_IMPORT_URL, xlsx_file([org_row(1), org_row(2)]))

    assert response.status_code == 200
    report = response.context["report"]
    assert report.ok
    assert [(outcome.row, outcome.label) for outcome in report.new] == [
        (2, "广州市导入测试协会1"),
        (3, "广州市导入测试协会2"),
    ]
    assert "确认导入" in response.content.decode()
    assert SocialOrganization.objects.count() == 0


def test_good_file_imports_with_every_value_understood(staff_client, staff_user):
    rows = [
        org_row(1, **{"成立登记日期": "2020-07-01", "注册资金（元）": "1,200,000.50"}),
        org_row(2, **{"成立登记日期": "2020/7/1", "组织类型": "民办非企业单位", "统一社会信用代码": code(2, "2")}),
        org_row(3, **{"成立登记日期": "2020年7月1日", "所在区": "440117", "统一社会信用代码": code(3, "3", "440117")}),
    ]
    rows[2]["组织类型"] = "基金会"

    response = upload_and_confirm(staff_client, ORG_IMPORT_URL, xlsx_file(rows, name="registry.xlsx"))

    assert response.status_code == 302
    assert response.url == CHANGELIST
    organizations = {org.name: org for org in SocialOrganization.objects.all()}
    assert len(organizations) == 3
    first = organizations["广州市导入测试协会1"]
    assert first.credit_code == code(1)
    assert first.registered_on == datetime.date(2020, 7, 1)
    assert first.registered_funds == Decimal("1200000.50")
    assert first.party_member_count == 4
    assert first.charter_has_party_building is True
    assert first.contact_phone == "020-83000001"
    assert organizations["广州市导入测试协会2"].org_type == SocialOrganization.Type.PRIVATE_NON_ENTERPRISE
    assert organizations["广州市导入测试协会2"].registered_on == datetime.date(2020, 7, 1)
    third = organizations["广州市导入测试协会3"]
    assert (third.org_type, third.district, third.registered_on) == ("foundation", "440117", datetime.date(2020, 7, 1))


def test_import_refreshes_the_cached_public_figures(staff_client):
    from organizations.figures import organization_figures

    assert organization_figures()["total"] == 0  # now cached

    upload_and_confirm(staff_client, ORG_IMPORT_URL, xlsx_file([org_row(1), org_row(2)]))

    assert organization_figures()["total"] == 2


def test_import_history_says_who_imported_and_why(staff_client, staff_user):
    upload_and_confirm(staff_client, ORG_IMPORT_URL, xlsx_file([org_row(1)], name="registry.xlsx"))

    record = SocialOrganization.history.get()
    assert record.history_type == "+"
    assert record.history_user == staff_user
    assert record.history_change_reason == "电子表格导入（registry.xlsx）"


def test_reimporting_the_same_file_changes_nothing(staff_client):
    rows = [org_row(1), org_row(2), org_row(3)]
    upload_and_confirm(staff_client, ORG_IMPORT_URL, xlsx_file(rows))
    before = list(SocialOrganization.objects.order_by("pk").values_list("pk", "updated_at"))
    history_before = SocialOrganization.history.count()

    preview = upload(staff_client, ORG_IMPORT_URL, xlsx_file(rows))
    report = preview.context["report"]
    assert (len(report.new), len(report.updated), len(report.unchanged)) == (0, 0, 3)
    upload_and_confirm(staff_client, ORG_IMPORT_URL, xlsx_file(rows))

    assert list(SocialOrganization.objects.order_by("pk").values_list("pk", "updated_at")) == before
    assert SocialOrganization.history.count() == history_before


def test_preview_lists_changed_fields_and_unchanged_rows(staff_client, staff_user):
    upload_and_confirm(staff_client, ORG_IMPORT_URL, xlsx_file([org_row(1), org_row(2)]))
    changed = [org_row(1, **{"从业人员中正式党员数": "9", "所在区": "越秀"}), org_row(2), org_row(3)]

    preview = upload(staff_client, ORG_IMPORT_URL, csv_file(changed))

    report = preview.context["report"]
    assert [outcome.row for outcome in report.new] == [4]
    assert [(outcome.row, outcome.changes) for outcome in report.updated] == [(2, [("从业人员中正式党员数", "4", "9")])]
    assert [outcome.row for outcome in report.unchanged] == [3]
    page = preview.content.decode()
    assert "修改（1行" in page and "未变（1行" in page

    upload_and_confirm(staff_client, ORG_IMPORT_URL, csv_file(changed, name="update.csv"))
    organization = SocialOrganization.objects.get(credit_code=code(1))
    assert organization.party_member_count == 9
    latest = organization.history.first()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~",
        staff_user,
        "电子表格导入（update.csv）",
    )


def test_every_kind_of_bad_row_is_reported_and_nothing_is_written(staff_client):
    factories.SocialOrganizationFactory(name="已登记的协会")
    bad_check_digit = code(4)[:17] + ("0" if code(4)[17] != "0" else "1")
    rows = [
        org_row(1),  # row 2: fine, but not written either
        org_row(2, **{"统一社会信用代码": bad_check_digit}),  # row 3
        org_row(3, **{"统一社会信用代码": "5144010"}),  # row 4
        org_row(5, **{"所在区": "火星区"}),  # row 5
        org_row(6, **{"组织类型": "基金会"}),  # row 6: code says 社会团体
        org_row(7, **{"统一社会信用代码": code(1)}),  # row 7: same code as row 2
        org_row(8, **{"名称": "已登记的协会"}),  # row 8: name of another organization
        org_row(9, **{"业务范围": "很" * 10_000}),  # row 9
        org_row(10, **{"成立登记日期": "2020年13月1日"}),  # row 10
        org_row(11, **{"从业人员中正式党员数": "-2"}),  # row 11
        org_row(12, **{"组织类型": "合作社"}),  # row 12
        org_row(13, **{"统一社会信用代码": code(13, division="440106")}),  # row 13: 天河区 code
        org_row(14, **{"名称": ""}),  # row 14
    ]

    response = upload(staff_client, ORG_IMPORT_URL, xlsx_file(rows))

    assert response.status_code == 200
    found = issues_of(response)
    assert 2 not in found
    assert any(f"校验码错误：第18位应为“{code(4)[17]}”" in message for message in found[3])
    assert "统一社会信用代码：统一社会信用代码应为18位，当前为7位。" in found[4]
    assert any(message.startswith("所在区：未知的区“火星区”") for message in found[5])
    assert any("与组织类型不符" in message and "社会团体" in message for message in found[6])
    assert any("与第2行重复" in message for message in found[7])
    assert any("名称“已登记的协会”已被系统中另一条记录" in message for message in found[8])
    assert any(message.startswith("业务范围：内容过长（10,000个字符）") for message in found[9])
    assert "成立登记日期：日期“2020年13月1日”不存在。" in found[10]
    assert "从业人员中正式党员数：不能为负数（当前为-2）。" in found[11]
    assert any(message.startswith("组织类型：“合作社”不是有效的组织类型") for message in found[12])
    assert any("行政区划码“440106”与所在区" in message for message in found[13])
    assert "名称：必须填写。" in found[14]
    assert response.context["confirm_form"] is None
    page = response.content.decode()
    assert "未导入任何数据" in page and "第9行" in page
    assert SocialOrganization.objects.count() == 1
    assert SocialOrganization.history.count() == 1


def test_credit_code_verified_by_hand_waives_the_check_digit(staff_client):
    wrong = code(1)[:17] + ("0" if code(1)[17] != "0" else "1")
    row = org_row(1, **{"统一社会信用代码": wrong})

    refused = upload(staff_client, ORG_IMPORT_URL, xlsx_file([row]))
    assert any("请在“人工核实”列填写“是”" in message for message in issues_of(refused)[2])

    upload_and_confirm(staff_client, ORG_IMPORT_URL, xlsx_file([{**row, "人工核实": "是"}]))
    assert SocialOrganization.objects.get().credit_code == wrong


def test_gbk_csv_from_chinese_excel_imports(staff_client):
    upload_and_confirm(staff_client, ORG_IMPORT_URL, csv_file([org_row(1)], encoding="gb18030"))

    assert SocialOrganization.objects.get().name == "广州市导入测试协会1"


def test_lowercase_code_and_spaces_are_normalised(staff_client):
    row = org_row(1, **{"统一社会信用代码": f" {code(1).lower()} ", "名称": "  广州市导入测试协会1 "})

    upload_and_confirm(staff_client, ORG_IMPORT_URL, xlsx_file([row]))

    organization = SocialOrganization.objects.get()
    assert (organization.name, organization.credit_code) == ("广州市导入测试协会1", code(1))


def test_exported_list_imports_back_unchanged(staff_client):
    factories.SocialOrganizationFactory(name='=HYPERLINK("x")协会', supervising_unit="+86 单位", address="-1 号")
    factories.SocialOrganizationFactory(evaluation_grade="5A", registered_on=None)
    export = staff_client.get(f"{CHANGELIST}export/xlsx/")
    from django.core.files.uploadedfile import SimpleUploadedFile

    preview = upload(staff_client, ORG_IMPORT_URL, SimpleUploadedFile("export.xlsx", export.content))

    report = preview.context["report"]
    assert report.ok, report.issues
    assert (len(report.new), len(report.updated), len(report.unchanged)) == (0, 0, 2)


def test_confirm_with_a_forged_token_writes_nothing(staff_client):
    response = staff_client.post(ORG_IMPORT_URL, {"token": "forged:token"})

    assert response.status_code == 200
    assert "导入确认无效，请重新上传文件。" in [str(message) for message in response.context["messages"]]
    assert SocialOrganization.objects.count() == 0


def test_confirm_refused_when_the_records_changed_since_the_preview(staff_client):
    preview = upload(staff_client, ORG_IMPORT_URL, xlsx_file([org_row(1)]))
    token = preview.context["confirm_form"].initial["token"]
    factories.SocialOrganizationFactory(name="广州市导入测试协会1")  # the name is taken meanwhile

    response = staff_client.post(ORG_IMPORT_URL, {"token": token})

    assert response.status_code == 200
    assert not response.context["report"].committed
    assert SocialOrganization.objects.count() == 1


def test_a_token_is_used_once(staff_client):
    preview = upload(staff_client, ORG_IMPORT_URL, xlsx_file([org_row(1)]))
    token = preview.context["confirm_form"].initial["token"]
    staff_client.post(ORG_IMPORT_URL, {"token": token})

    again = staff_client.post(ORG_IMPORT_URL, {"token": token})

    assert again.status_code == 200
    assert any("已不存在" in str(message) for message in again.context["messages"])
    assert SocialOrganization.objects.count() == 1


def test_the_upload_waits_in_the_database_until_confirmed(staff_client):
    from spreadsheets.models import PendingImport

    preview = upload(staff_client, ORG_IMPORT_URL, xlsx_file([org_row(1)], name="registry.xlsx"))
    pending = PendingImport.objects.get()
    assert (pending.file_name, pending.extension, pending.model_label) == (
        "registry.xlsx",
        ".xlsx",
        "organizations.SocialOrganization",
    )

    staff_client.post(ORG_IMPORT_URL, {"token": preview.context["confirm_form"].initial["token"]})

    assert not PendingImport.objects.exists()


def test_another_users_token_is_refused(staff_client, client, db):
    from django.contrib.auth.models import User

    from accounts.permissions import ensure_staff_group

    preview = upload(staff_client, ORG_IMPORT_URL, xlsx_file([org_row(1)]))
    token = preview.context["confirm_form"].initial["token"]
    colleague = User.objects.create_user("colleague", password="x-pass-2026", is_staff=True)
    colleague.groups.add(ensure_staff_group())
    other = type(client)()
    other.force_login(colleague)

    response = other.post(ORG_IMPORT_URL, {"token": token})

    assert any("已不存在" in str(message) for message in response.context["messages"])
    assert SocialOrganization.objects.count() == 0


@pytest.mark.parametrize("existing", [1, 15])
def test_import_page_query_count_is_fixed(staff_client, django_assert_num_queries, existing):
    factories.SocialOrganizationFactory.create_batch(existing)
    staff_client.get(ORG_IMPORT_URL)  # the first request stamps the session
    with django_assert_num_queries(4):
        assert staff_client.get(ORG_IMPORT_URL).status_code == 200
