"""The import page says that it is working while the server reads a file (a script from
static/, no inline script), and that a large file may take a minute or two."""

import re

import pytest

from spreadsheets import views
from tests.helpers.spreadsheets import ORG_IMPORT_URL, csv_file, org_row, upload

pytestmark = pytest.mark.django_db


def _panel(page):
    return re.search(r'<div id="import-working"[^>]*>', page).group(0)


def test_the_import_page_has_a_hidden_working_panel_and_its_script_from_static(staff_client):
    page = staff_client.get(ORG_IMPORT_URL).content.decode()

    assert re.search(r'<script src="/static/js/import-progress(\.[0-9a-f]+)?\.js" defer></script>', page)
    # Strict CSP: every script comes from a file.
    assert re.findall(r"<script(?![^>]*\ssrc=)[^>]*>", page) == []
    panel = _panel(page)
    assert 'role="status"' in panel and " hidden" in panel
    assert f'data-large-bytes="{views.LARGE_UPLOAD_BYTES}"' in panel
    assert "已用时 <span data-working-seconds>0</span> 秒" in page
    assert 'data-import-progress="正在上传并逐行检查“{name}”"' in page


def test_the_preview_confirm_form_names_the_rows_it_will_write(staff_client):
    page = upload(staff_client, ORG_IMPORT_URL, csv_file([org_row(1), org_row(2), org_row(3)])).content.decode()

    form = re.search(r'<form method="post" class="staff-confirm"[^>]*>', page).group(0)
    assert 'data-import-progress="正在导入 3 行，全部写入后转到列表…"' in form
    assert "data-import-large" not in form


def test_a_large_import_is_flagged_as_one_that_takes_a_while(staff_client, monkeypatch):
    monkeypatch.setattr(views, "LARGE_IMPORT_ROWS", 3)

    page = upload(staff_client, ORG_IMPORT_URL, csv_file([org_row(1), org_row(2), org_row(3)])).content.decode()

    form = re.search(r'<form method="post" class="staff-confirm"[^>]*>', page).group(0)
    assert "data-import-large" in form
