"""Helpers for the staff tools' tests: spreadsheet uploads and rows that import cleanly."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from organizations.models import District
from organizations.validators import make_credit_code
from spreadsheets.files import write_csv, write_xlsx


def code(n, type_digit="1", division=District.YUEXIU.value):
    """A valid credit code of a social organization, distinct for each n."""
    return make_credit_code(type_digit, division, f"MK{n:07d}")


def org_row(n, **overrides):
    row = {
        "名称": f"广州市导入测试协会{n}",
        "统一社会信用代码": code(n),
        "组织类型": "社会团体",
        "登记层级": "区级",
        "所在区": "越秀区",
        "法定代表人": "王五",
        "成立登记日期": "2018-05-01",
        "注册资金（元）": "30000",
        "从业人员中正式党员数": "4",
        "党建写入章程": "是",
        "联系电话": "020-83000001",
    }
    row.update(overrides)
    return row


def table(rows):
    """(headers, rows as lists) from dicts: every key of any row is a column."""
    headers = list(dict.fromkeys(key for row in rows for key in row))
    return headers, [[row.get(header, "") for header in headers] for row in rows]


def xlsx_file(rows, name="导入.xlsx", headers=None):
    if headers is None:
        headers, values = table(rows)
    else:
        values = rows
    return SimpleUploadedFile(name, write_xlsx(headers, values), content_type="application/octet-stream")


def csv_file(rows, name="导入.csv", headers=None, encoding="utf-8"):
    if headers is None:
        headers, values = table(rows)
    else:
        values = rows
    data = write_csv(headers, values)
    if encoding != "utf-8":
        data = data.decode("utf-8-sig").encode(encoding)
    return SimpleUploadedFile(name, data, content_type="text/csv")


def raw_file(data, name):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def read_xlsx(content):
    """All sheets of an .xlsx download: {title: [row values, ...]}."""
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets}


def read_csv(content):
    import csv

    text = content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


ORG_IMPORT_URL = "/admin/organizations/socialorganization/import/"
PARTY_IMPORT_URL = "/admin/partybranches/partyorganization/import/"
PAIRING_IMPORT_URL = "/admin/activities/pairing/import/"
TOWN_IMPORT_URL = "/admin/towns/characteristictown/import/"


def upload(client, url, uploaded):
    """Upload for the preview; returns the response."""
    return client.post(url, {"file": uploaded})


def upload_and_confirm(client, url, uploaded):
    """Upload, check the preview offers confirmation, confirm; returns the confirm response."""
    preview = upload(client, url, uploaded)
    assert preview.status_code == 200
    form = preview.context["confirm_form"]
    assert form is not None, [str(issue) for issue in preview.context["report"].issues]
    return client.post(url, {"token": form.initial["token"]})
