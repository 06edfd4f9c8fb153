"""The portal's one set of formats, and proof that the public pages, the admin and the
.xlsx downloads show the same figure through the same code."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gzpartybuild.templatetags import formats
from tests.helpers import factories


@pytest.mark.parametrize(
    ("minutes", "text"),
    [(2550, "42 小时 30 分"), (60, "1 小时"), (45, "45 分"), (0, "0 分"), (90_061, "1,501 小时 1 分"), (None, "")],
)
def test_duration_reads_as_hours_and_minutes(minutes, text):
    assert formats.duration(minutes) == text


@pytest.mark.parametrize(
    ("delta", "text"),
    [
        (datetime.timedelta(days=3, hours=4, minutes=10), "3 天 4 小时"),
        (datetime.timedelta(days=1200), "1,200 天"),
        (datetime.timedelta(hours=5, minutes=12, seconds=50), "5 小时 12 分"),
        (datetime.timedelta(hours=2), "2 小时"),
        (datetime.timedelta(minutes=12), "12 分"),
        (datetime.timedelta(seconds=20), "不到 1 分"),
        (datetime.timedelta(seconds=-5), "不到 1 分"),  # a clock a little ahead of the database's
        (None, ""),
    ],
)
def test_waiting_reads_in_the_two_largest_units(delta, text):
    assert formats.waited(delta) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(8095, "8,095"), (99_999, "99,999"), (123_456, "12.35万"), (587_000_000, "5.87亿"), ("x", "")],
)
def test_large_counts_use_wan_and_yi(value, text):
    assert formats.wan(value) == text


def test_dates_are_chinese_and_local_never_utc():
    late_evening_utc = datetime.datetime(2021, 4, 21, 18, 59, 11, 486405, tzinfo=datetime.UTC)
    assert formats.cn_datetime(late_evening_utc) == "2021年4月22日 02:59"
    assert formats.cn_date(late_evening_utc) == "2021年4月22日"
    assert formats.cn_date(datetime.date(2021, 4, 22)) == "2021年4月22日"
    assert formats.cn_month(datetime.date(2021, 4, 22)) == "2021年4月"
    assert formats.cn_datetime(None) == ""


def test_money_keeps_the_pages_units():
    assert formats.yuan(Decimal("1500.00")) == "1,500元"
    assert formats.yuan(Decimal("587000000")) == "5.87亿元"


@pytest.fixture
def half_covered(db):
    """Two registered organizations, one covered by a party organization: 50% coverage."""
    covered, uncovered = factories.SocialOrganizationFactory(), factories.SocialOrganizationFactory()
    factories.PartyOrganizationFactory(organizations=[covered])
    return covered, uncovered


def coverage_texts(client, staff_user):
    """The coverage rate as the public statistics page, the admin index and the coverage
    report's .xlsx download each show it."""
    public = client.get(reverse("stats")).content.decode()
    client.force_login(staff_user)
    admin_index = client.get(reverse("admin:index")).content.decode()
    download = client.get(reverse("reports:coverage") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(download.content)).worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    header = next(row for row in rows if "覆盖率" in row)
    xlsx_total = rows[-1][header.index("覆盖率")]
    return public, admin_index, xlsx_total


def test_public_admin_and_xlsx_show_a_rate_alike(client, staff_user, half_covered):
    public, admin_index, xlsx_total = coverage_texts(client, staff_user)
    assert '<span class="figure-value">50%</span><span class="figure-label">党组织覆盖率</span>' in public
    assert "（50%）" in admin_index
    assert xlsx_total == "50%"


def test_public_admin_and_xlsx_use_the_same_formatting_code(client, staff_user, half_covered, monkeypatch):
    """Change how the shared code writes a number, and all three places change with it."""
    monkeypatch.setattr(formats, "_trim", lambda number, places: f"〔{number.normalize():f}〕")
    public, admin_index, xlsx_total = coverage_texts(client, staff_user)
    assert '<span class="figure-value">〔50〕%</span>' in public
    assert "（〔50〕%）" in admin_index
    assert xlsx_total == "〔50〕%"
