"""Files that cannot be imported at all: each gets a Chinese message, none writes anything."""

import io

import pytest

from organizations.models import SocialOrganization
from spreadsheets.files import MAX_ROWS, SpreadsheetError, read_bytes
from tests.helpers.spreadsheets import ORG_IMPORT_URL, csv_file, org_row, raw_file, upload, xlsx_file


def file_errors(response):
    """The messages shown for the file: form errors (unreadable) or report file errors (headers)."""
    form = response.context["form"]
    report = response.context.get("report")
    return list(form.errors.get("file", [])) + (report.file_errors if report else [])


@pytest.mark.parametrize(
    ("uploaded", "expected"),
    [
        (raw_file(b"", "empty.xlsx"), "文件是空的，没有任何内容。"),
        (raw_file(b"   \r\n  ", "blank.csv"), "文件是空的，没有任何内容。"),
        (raw_file(b"%PDF-1.7 ...", "report.pdf"), "不支持的文件格式“.pdf”"),
        (raw_file(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "old.xls"), "不支持旧版 Excel（.xls）"),
        (raw_file(b"this is not a workbook", "fake.xlsx"), "内容不是 Excel 工作簿"),
        (raw_file(b"PK\x03\x04broken zip", "broken.xlsx"), "无法读取该 Excel 文件"),
        (raw_file(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "photo.csv"), "不是 CSV 文本文件"),
        (raw_file("名称,统一社会信用代码\n".encode(), "headers-only.csv"), "只有表头，没有数据行"),
        (raw_file(b"\n\nabc\n", "no-header.csv"), "第1行应为表头"),
        (raw_file("名称,,统一社会信用代码\nx,,y\n".encode(), "gap.csv"), "表头第2列是空的"),
        (raw_file("名称,名称\nx,y\n".encode(), "twice.csv"), "表头中“名称”出现了不止一次"),
        (raw_file("名称\nx,多余\n".encode(), "extra.csv"), "第2行在表头以外的列中有数据"),
    ],
    ids=lambda value: getattr(value, "name", None),
)
def test_unreadable_file_is_refused_with_a_chinese_message(staff_client, uploaded, expected):
    response = upload(staff_client, ORG_IMPORT_URL, uploaded)

    assert response.status_code == 200
    errors = file_errors(response)
    assert any(expected in error for error in errors), errors
    assert response.context.get("confirm_form") is None
    assert SocialOrganization.objects.count() == 0


def test_posting_without_a_file_asks_for_one(staff_client):
    response = staff_client.post(ORG_IMPORT_URL, {})

    assert file_errors(response) == ["请选择要导入的文件。"]


def test_file_with_wrong_headers_names_them_and_lists_the_right_ones(staff_client):
    rows = [{"单位名称": "某协会", "信用代码": "x", "组织类型": "社会团体", "所在区": "越秀区"}]

    response = upload(staff_client, ORG_IMPORT_URL, xlsx_file(rows))

    errors = file_errors(response)
    assert errors[0].startswith("无法识别的列：“单位名称”、“信用代码”。可用的列：名称、统一社会信用代码")
    assert errors[1] == "缺少必需的列：“名称”、“统一社会信用代码”。"
    assert "无法导入该文件，未写入任何数据" in response.content.decode()
    assert SocialOrganization.objects.count() == 0


def test_file_with_only_some_columns_updates_only_those(staff_client):
    from tests.helpers.spreadsheets import upload_and_confirm

    upload_and_confirm(staff_client, ORG_IMPORT_URL, xlsx_file([org_row(1)]))
    partial = [{k: v for k, v in org_row(1).items() if k in {"名称", "统一社会信用代码", "组织类型", "所在区"}}]
    partial[0]["从业人员中正式党员数"] = "7"

    upload_and_confirm(staff_client, ORG_IMPORT_URL, xlsx_file(partial))

    organization = SocialOrganization.objects.get()
    assert organization.party_member_count == 7
    assert organization.contact_phone == "020-83000001"


def test_file_over_the_row_limit_is_refused(staff_client):
    header = ",".join(org_row(1)).encode()
    line = ",".join(org_row(1).values()).encode()
    data = b"\r\n".join([header] + [line] * 50_000)

    response = upload(staff_client, ORG_IMPORT_URL, raw_file(data, "big.csv"))

    assert file_errors(response) == [
        f"文件的数据超过{MAX_ROWS:,}行，单次最多导入{MAX_ROWS:,}行：请拆分为多个文件后分批导入。"
    ]
    assert SocialOrganization.objects.count() == 0


def test_xlsx_over_the_row_limit_is_refused_while_reading():
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["名称"])
    for n in range(MAX_ROWS + 1):
        sheet.append([f"协会{n}"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    with pytest.raises(SpreadsheetError, match="单次最多导入"):
        read_bytes(buffer.getvalue(), ".xlsx")


def test_blank_rows_are_skipped_and_row_numbers_kept():
    data = "名称,所在区\r\n甲,越秀区\r\n,\r\n\r\n乙,天河区\r\n".encode()

    sheet = read_bytes(data, ".csv")

    assert sheet.rows == [["甲", "越秀区"], ["乙", "天河区"]]
    assert sheet.row_numbers == [2, 5]


def test_xlsx_cells_keep_their_row_numbers_and_types():
    import datetime

    import openpyxl

    # Excel has no time zones: its date cells are naive.
    excel_day = datetime.datetime.combine(datetime.date(2020, 7, 1), datetime.time())

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"], sheet["B1"], sheet["C1"] = "名称", "成立登记日期", "从业人员中正式党员数"
    sheet["A2"], sheet["B2"], sheet["C2"] = "甲", excel_day, 3
    sheet["A4"], sheet["B4"], sheet["C4"] = " 乙 ", None, 4.0
    buffer = io.BytesIO()
    workbook.save(buffer)

    parsed = read_bytes(buffer.getvalue(), ".xlsx")

    assert parsed.headers == ["名称", "成立登记日期", "从业人员中正式党员数"]
    assert parsed.rows == [["甲", excel_day, 3], ["乙", "", 4.0]]
    assert parsed.row_numbers == [2, 4]


def test_unbalanced_quotes_in_csv_are_reported():
    data = '名称,所在区\r\n"甲,越秀区\r\n'.encode() + b"x" * 200_000

    with pytest.raises(SpreadsheetError, match="CSV 文件第"):
        read_bytes(data, ".csv")


def test_a_semicolon_separated_csv_is_understood(staff_client):
    row = org_row(1)
    data = (";".join(row) + "\r\n" + ";".join(row.values()) + "\r\n").encode()

    response = upload(staff_client, ORG_IMPORT_URL, raw_file(data, "semicolons.csv"))

    assert response.context["report"].ok


def test_csv_with_formula_prefix_written_by_an_export_is_read_back():
    data = csv_file([{"名称": "=1+1", "所在区": "-"}]).read()

    from spreadsheets.widgets import TextWidget

    sheet = read_bytes(data, ".csv")

    assert sheet.rows == [["'=1+1", "'-"]]
    assert [TextWidget().clean(value) for value in sheet.rows[0]] == ["=1+1", "-"]


def test_near_miss_headers_are_understood(staff_client):
    row = org_row(1)
    row["注册资金 (元)"] = row.pop("注册资金（元）")
    row['"人工核实"'] = "否"

    response = upload(staff_client, ORG_IMPORT_URL, xlsx_file([row]))

    assert response.context["report"].ok


def test_a_bare_year_in_a_date_column_is_not_taken_for_a_date():
    from spreadsheets.widgets import DateWidget

    with pytest.raises(ValueError, match="不是日期"):
        DateWidget().clean(2020)
    assert str(DateWidget().clean(44013)) == "2020-07-01"
    assert str(DateWidget().clean(44013.5)) == "2020-07-01"


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("name", ["noise.xlsx", "noise.csv"])
def test_random_bytes_never_break_the_import_page(staff_client, seed, name):
    import random

    rng = random.Random(seed)
    data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 5000)))
    if seed % 2:
        data = b"PK\x03\x04" + data  # looks like a zip at first
    if seed == 4:
        data = ",".join(org_row(1)).encode() + b"\r\n" + b"a,b\x00c\r\n" * 2000  # NUL deep inside a CSV

    response = upload(staff_client, ORG_IMPORT_URL, raw_file(data, name))

    assert response.status_code == 200
    assert file_errors(response) or response.context["report"].issues
    assert SocialOrganization.objects.count() == 0


def _workbook(rows):
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rewrite_sheet(data, transform):
    """The workbook `data` with its first sheet's XML passed through `transform`."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = transform(content.decode()).encode()
            target.writestr(info.filename, content)
    return buffer.getvalue()


def test_a_row_of_a_million_cells_is_refused_while_streaming_without_building_them():
    import tracemalloc

    def add_huge_row(xml):
        return xml.replace("</sheetData>", '<row r="3">' + "<c/>" * 1_000_000 + "</row></sheetData>")

    data = _rewrite_sheet(_workbook([["名称"], ["甲协会"]]), add_huge_row)
    assert len(data) < 100_000  # a small file claiming a million cells

    tracemalloc.start()
    try:
        with pytest.raises(SpreadsheetError, match="第3行超过200列"):
            read_bytes(data, ".xlsx")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000


def test_a_cell_longer_than_the_limit_is_refused_while_streaming():
    def add_long_cell(xml):
        cell = '<c r="B3" t="inlineStr"><is><t>' + "长" * 40_000 + "</t></is></c>"
        return xml.replace(
            "</sheetData>", f'<row r="3"><c r="A3" t="inlineStr"><is><t>乙</t></is></c>{cell}</row></sheetData>'
        )

    data = _rewrite_sheet(_workbook([["名称", "简介"], ["甲协会", "短"]]), add_long_cell)

    with pytest.raises(SpreadsheetError, match="第3行的一个单元格超过32,767个字符"):
        read_bytes(data, ".xlsx")


def test_a_shared_string_longer_than_the_limit_is_refused_while_streaming():
    import zipfile

    data = _workbook([["名称"], ["甲协会"]])
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>'
            + "字" * 40_000
            + "</t></si></sst>",
        )

    with pytest.raises(SpreadsheetError, match="超过32,767个字符"):
        read_bytes(buffer.getvalue(), ".xlsx")


def test_rows_beyond_a_too_small_dimension_are_all_read():
    rows = [["名称", "所在区"]] + [[f"协会{n}", "越秀区"] for n in range(1, 6)]

    def shrink_dimension(xml):
        import re

        assert "<dimension" in xml
        return re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:V2"/>', xml)

    sheet = read_bytes(_rewrite_sheet(_workbook(rows), shrink_dimension), ".xlsx")

    assert [row[0] for row in sheet.rows] == [f"协会{n}" for n in range(1, 6)]
    assert sheet.row_numbers == [2, 3, 4, 5, 6]


def test_a_row_numbered_beyond_excels_last_row_is_refused():
    def far_row(xml):
        return xml.replace(
            "</sheetData>", '<row r="999999999"><c r="A999999999" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        )

    with pytest.raises(SpreadsheetError, match="行号超过"):
        read_bytes(_rewrite_sheet(_workbook([["名称"], ["甲协会"]]), far_row), ".xlsx")


def test_a_csv_row_wider_than_the_limit_is_refused():
    data = ("名称\r\n甲协会" + "," * 300 + "\r\n").encode()

    with pytest.raises(SpreadsheetError, match="第2行超过200列"):
        read_bytes(data, ".csv")
