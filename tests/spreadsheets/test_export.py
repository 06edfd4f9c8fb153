"""Exporting admin lists: Chinese headers, the list's filters, no formula injection."""

import pytest

from spreadsheets.resources.organizations import SocialOrganizationResource
from tests.helpers import factories
from tests.helpers.spreadsheets import read_csv, read_xlsx

ORG_LIST = "/admin/organizations/socialorganization/"
ACTIVITY_LIST = "/admin/activities/activity/"

DANGEROUS = ["=1+2", "+8613800000000", "-2+3", "@SUM(A1:A2)", "\tTAB"]


def test_change_list_offers_import_and_export_with_the_current_filters(staff_client):
    page = staff_client.get(ORG_LIST, {"district__exact": "440106", "p": "1"}).content.decode()

    assert f'href="{ORG_LIST}import/"' in page
    assert f'href="{ORG_LIST}export/xlsx/?district__exact=440106"' in page
    assert f'href="{ORG_LIST}export/csv/?district__exact=440106"' in page


def test_export_has_chinese_headers_in_both_formats(staff_client):
    factories.SocialOrganizationFactory(name="广州市软件行业协会")

    xlsx = staff_client.get(f"{ORG_LIST}export/xlsx/")
    csv = staff_client.get(f"{ORG_LIST}export/csv/")

    headers = SocialOrganizationResource.column_headers()
    assert headers[:4] == ["名称", "统一社会信用代码", "人工核实", "组织类型"]
    [sheet] = read_xlsx(xlsx.content).values()
    assert sheet[0] == headers
    assert sheet[1][0] == "广州市软件行业协会"
    assert sheet[1][3] == "社会团体"
    assert read_csv(csv.content)[0] == headers
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert "attachment" in xlsx["Content-Disposition"] and ".xlsx" in xlsx["Content-Disposition"]
    assert csv.content.startswith("\ufeff".encode())


def test_export_follows_the_list_filters_and_search(staff_client):
    factories.SocialOrganizationFactory(name="越秀甲协会", district="440104")
    factories.SocialOrganizationFactory(name="越秀乙协会", district="440104")
    factories.SocialOrganizationFactory(name="天河协会", district="440106", credit_code="51440106MK0000001" + "X")

    filtered = read_csv(staff_client.get(f"{ORG_LIST}export/csv/", {"district__exact": "440104"}).content)
    searched = read_csv(staff_client.get(f"{ORG_LIST}export/csv/", {"q": "乙"}).content)

    assert sorted(row[0] for row in filtered[1:]) == ["越秀乙协会", "越秀甲协会"]
    assert [row[0] for row in searched[1:]] == ["越秀乙协会"]


def test_cells_that_would_run_as_formulas_are_neutralised(staff_client):
    for n, text in enumerate(DANGEROUS):
        factories.SocialOrganizationFactory(name=f"{text}{n}" if n else text, address=text, legal_representative=text)

    [sheet] = read_xlsx(staff_client.get(f"{ORG_LIST}export/xlsx/").content).values()
    csv_rows = read_csv(staff_client.get(f"{ORG_LIST}export/csv/").content)

    address = sheet[0].index("住所")
    for rows in (sheet[1:], csv_rows[1:]):
        addresses = sorted(row[address] for row in rows)
        assert addresses == sorted(f"'{text}" for text in DANGEROUS)
        assert not any(str(cell).startswith(("=", "+", "-", "@")) for row in rows for cell in row if cell)


def test_neutralised_xlsx_cells_are_text_not_formulas(staff_client):
    import io

    import openpyxl

    factories.SocialOrganizationFactory(name='=HYPERLINK("http://evil","点我")')
    content = staff_client.get(f"{ORG_LIST}export/xlsx/").content

    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cell = sheet.cell(row=2, column=1)
    assert cell.data_type == "s"
    assert cell.value == '\'=HYPERLINK("http://evil","点我")'


def test_export_with_a_broken_filter_goes_back_to_the_list_with_a_message(staff_client):
    response = staff_client.get(f"{ORG_LIST}export/xlsx/", {"no_such_field__exact": "1"}, follow=True)

    assert response.status_code == 200
    assert "筛选条件无效，无法导出" in response.content.decode()


def test_unknown_export_format_is_not_found(staff_client):
    assert staff_client.get(f"{ORG_LIST}export/pdf/").status_code == 404


def test_activity_export_has_hours_and_chinese_states(staff_client):
    activity = factories.ActivityFactory(service_minutes=150, state="submitted", title="+我为群众办实事")

    [sheet] = read_xlsx(
        staff_client.get(f"{ACTIVITY_LIST}export/xlsx/", {"state__exact": "submitted"}).content
    ).values()

    row = dict(zip(sheet[0], sheet[1], strict=True))
    assert row["活动名称"] == "'+我为群众办实事"
    assert row["主办党组织"] == activity.organizer.name
    assert row["服务时长（小时）"] == 2.5
    assert row["审核状态"] == "待审核"
    assert "退回理由（不公开）" not in row


def test_import_template_has_the_headers_and_a_notes_sheet(staff_client):
    response = staff_client.get(f"{ORG_LIST}import/template.xlsx")

    sheets = read_xlsx(response.content)
    data, notes = sheets.values()
    assert data == [SocialOrganizationResource.column_headers()]
    assert notes[0] == ["列名", "说明"]
    assert ["所在区", "必填。广州市11个区之一，如“越秀区”（也可填“越秀”或区划代码440104）。"] in notes
    csv_template = read_csv(staff_client.get(f"{ORG_LIST}import/template.csv").content)
    assert csv_template == [SocialOrganizationResource.column_headers()]


@pytest.mark.parametrize("rows", [2, 12])
def test_export_query_count_does_not_grow_with_rows(staff_client, django_assert_num_queries, rows):
    for _ in range(rows):
        activity = factories.ActivityFactory(pairing=factories.PairingFactory())
        activity.co_organizers.add(factories.PartyOrganizationFactory())
    staff_client.get(f"{ACTIVITY_LIST}export/xlsx/")  # the first request stamps the session
    with django_assert_num_queries(9):  # 8 and the security audit record of the export
        staff_client.get(f"{ACTIVITY_LIST}export/xlsx/")


@pytest.mark.parametrize("rows", [2, 12])
def test_party_organization_export_query_count_does_not_grow(staff_client, django_assert_num_queries, rows):
    for _ in range(rows):
        factories.PartyOrganizationFactory(organizations=factories.SocialOrganizationFactory.create_batch(2))
    staff_client.get("/admin/partybranches/partyorganization/export/csv/")  # stamps the session
    with django_assert_num_queries(9):  # 8 and the security audit record of the export
        response = staff_client.get("/admin/partybranches/partyorganization/export/csv/")
    assert len(read_csv(response.content)) == rows + 1


CONTROL_PREFIXED = [
    '\x01=HYPERLINK("http://evil","点我")',
    "\x1f+1+2",
    # (NUL itself never reaches a record: PostgreSQL refuses it and the portal answers 400.)
    "\x1b\x07@SUM(A1)",
    '  =HYPERLINK("http://evil")',
]


def _formula_cells(content):
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [cell.coordinate for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


@pytest.mark.parametrize("title", CONTROL_PREFIXED)
def test_control_characters_cannot_hide_a_formula_in_the_activity_export(staff_client, title):
    factories.ActivityFactory(title=title)

    xlsx = staff_client.get(f"{ACTIVITY_LIST}export/xlsx/")
    csv_rows = read_csv(staff_client.get(f"{ACTIVITY_LIST}export/csv/").content)

    assert _formula_cells(xlsx.content) == []
    [sheet] = read_xlsx(xlsx.content).values()
    for rows in (sheet, csv_rows):
        exported = rows[1][rows[0].index("活动名称")]
        assert exported.startswith("'")
        assert not any(ord(char) < 32 for char in exported)


def test_control_characters_cannot_hide_a_formula_in_the_risk_report(staff_client):
    factories.SocialOrganizationFactory(name='\x01=HYPERLINK("http://evil","点我")协会', party_member_count=5)

    response = staff_client.get("/admin/reports/risk/", {"format": "xlsx"})

    assert response.status_code == 200
    assert _formula_cells(response.content) == []
    names = [row[0] for row in read_xlsx(response.content)["应建未建党组织"][1:]]
    assert '\'=HYPERLINK("http://evil","点我")协会' in names
