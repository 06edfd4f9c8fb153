"""Bureau staff importing a large spreadsheet see the page working, not a frozen page."""

import pytest
from playwright.sync_api import expect

from organizations.models import SocialOrganization
from spreadsheets.views import LARGE_UPLOAD_BYTES
from tests.browser.conftest import DESKTOP
from tests.browser.journeys import enter_two_factor_code, sign_in
from tests.browser.portal import STAFF
from tests.helpers.spreadsheets import csv_file, org_row

pytestmark = pytest.mark.browser

ROWS = 3000
IMPORT = "/admin/organizations/socialorganization/import/"


class HeldForm:
    """Keeps a form of the page from being sent when clicked, as if the server were still working
    on it (Playwright waits for a pending navigation before it looks at the page), then sends it."""

    def __init__(self, page, selector):
        self.page = page
        self.selector = selector
        page.evaluate(
            """selector => {
                window.heldForm = true;
                document.querySelector(selector).addEventListener("submit", event => {
                    if (window.heldForm) event.preventDefault();
                });
            }""",
            selector,
        )

    def send(self):
        self.page.evaluate(
            "selector => { window.heldForm = false; document.querySelector(selector).requestSubmit(); }",
            self.selector,
        )


def test_a_large_file_shows_a_working_state_through_preview_and_import(browsing, portal, tmp_path):
    path = tmp_path / "社会组织名册.csv"
    path.write_bytes(csv_file([org_row(n) for n in range(1, ROWS + 1)]).read())
    assert path.stat().st_size >= LARGE_UPLOAD_BYTES
    before = SocialOrganization.objects.count()

    page = browsing.new_page(DESKTOP)
    browsing.visit(page, IMPORT)
    sign_in(page, STAFF)
    enter_two_factor_code(page, STAFF)
    expect(page.get_by_role("heading", level=1)).to_have_text("导入社会组织")
    working = page.get_by_role("status")
    expect(working).to_be_hidden()
    upload = HeldForm(page, "form[enctype]")

    page.get_by_label("选择文件").set_input_files(str(path))
    page.get_by_role("button", name="上传并预览").click()

    expect(working).to_be_visible()
    expect(working).to_contain_text("正在上传并逐行检查“社会组织名册.csv”")
    expect(working).to_contain_text("文件较大（数千行）")
    expect(working.locator("progress")).to_be_visible()
    # The seconds go on while the server works.
    expect(working.locator("[data-working-seconds]")).to_have_text("2", timeout=5000)
    expect(page.get_by_role("button", name="上传并预览")).to_be_disabled()
    upload.send()

    expect(page.get_by_role("heading", name="导入预览：社会组织名册.csv")).to_be_visible(timeout=120_000)
    expect(page.get_by_text(f"文件共 {ROWS:,} 行数据")).to_be_visible()
    confirm = HeldForm(page, "form.staff-confirm")
    page.get_by_role("button", name="确认导入").click()

    expect(working).to_be_visible()
    expect(working).to_contain_text(f"正在导入 {ROWS} 行")
    expect(working).to_contain_text("文件较大（数千行）")
    expect(page.get_by_role("button", name="确认导入")).to_be_disabled()
    confirm.send()

    expect(page.get_by_text(f"新增{ROWS}条")).to_be_visible(timeout=120_000)
    assert SocialOrganization.objects.count() == before + ROWS
    browsing.assert_no_problems()
