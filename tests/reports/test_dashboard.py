"""The admin index: the review queue one click away, headline figures, links to the reports."""

from decimal import Decimal

import pytest

from tests.helpers import factories
from tests.helpers.html import tile
from tests.helpers.world import more_of_everything


def test_index_shows_the_review_queue_with_a_link_to_it(staff_client, world):
    factories.ActivityFactory(state="submitted")

    page = staff_client.get("/admin/").content.decode()

    assert '<a href="/admin/activities/activity/?state__exact=submitted">待审核活动 <strong>2</strong> 条' in page


def test_index_headline_figures_are_computed_from_records(staff_client, world):
    dashboard = staff_client.get("/admin/").context["dashboard"]

    assert dashboard["organizations"] == 6
    assert (dashboard["covered"], str(dashboard["coverage_rate"])) == (4, "66.7")
    assert (dashboard["party_organizations"], dashboard["party_members"]) == (4, 24)
    assert str(dashboard["one_shoulder_rate"]) == "25.0"
    assert (dashboard["submitted"], dashboard["published"], dashboard["volunteers"]) == (1, 3, 20)
    assert str(dashboard["service_hours"]) == "4.5"
    assert dashboard["pairings"] == 1


def test_index_links_to_every_report(staff_client, db):
    page = staff_client.get("/admin/").content.decode()

    assert '<a href="/admin/reports/coverage/">“两个覆盖”情况（按区）</a>' in page
    for name in ("risk", "stars", "activities"):
        assert f'href="/admin/reports/{name}/"' in page
    assert "待审核活动 <strong>0</strong> 条" in page


@pytest.mark.parametrize("bigger", [False, True])
def test_index_query_count_is_fixed(staff_client, world, django_assert_num_queries, bigger):
    if bigger:
        more_of_everything()
    staff_client.get("/admin/")  # the first request stamps the session, as on a running server
    # The session, the user, the queue count and the cached figures' lookups; the figures
    # themselves are cached under the public pages' rules.
    with django_assert_num_queries(6):
        staff_client.get("/admin/")


def test_service_time_is_the_same_number_on_the_public_pages_and_the_admin_index(staff_client, client, world):
    """One definition of 服务时长: every published activity but study (study time is 学时)."""
    factories.ActivityFactory(kind="volunteer", service_minutes=95)
    factories.ActivityFactory(kind="study", service_minutes=600)

    admin_page = staff_client.get("/admin/").content.decode()
    public_value = tile(client.get("/").content.decode(), "服务时长")

    assert f"<div><dt>服务时长</dt><dd>{public_value} 小时</dd></div>" in admin_page
    assert staff_client.get("/admin/").context["dashboard"]["service_hours"] == Decimal("6.1")


def table_rows(page, caption):
    """[(row header, cells...)] of the table with `caption` on the page."""
    import re

    table = re.search(rf"<caption>{re.escape(caption)}</caption>(.*?)</table>", page, re.S).group(1)
    body = table[table.index("<tbody>") :]
    return [
        (re.search(r"<th[^>]*>(.*?)</th>", row).group(1), *re.findall(r"<td>(.*?)</td>", row))
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_index_draws_activities_per_month_with_its_table(staff_client, world):
    page = staff_client.get("/admin/").content.decode()

    # Published activities in local months (2021-01-01 00:30 in Guangzhou is January, not
    # December as in UTC); leading empty months dropped, empty months between kept.
    rows = table_rows(page, "已发布活动按月数据（最近 11 个月）")
    assert rows[0] == ("2020年6月", "1")
    assert rows[6:] == [
        ("2020年12月", "0"),
        ("2021年1月", "1"),
        ("2021年2月", "0"),
        ("2021年3月", "0"),
        ("2021年4月", "1"),
    ]
    chart = page[page.index('<svg class="staff-columns"') : page.index("</svg>", page.index("staff-columns"))]
    assert chart.count("<rect") == 11
    assert 'viewBox="0 0 110 100"' in chart
    assert '<rect class="staff-column" x="1" y="0.00" width="8" height="100.00">' in chart  # June: the peak
    assert '<rect class="staff-column" x="11" y="100.00" width="8" height="0.00">' in chart  # July: none


def test_index_draws_coverage_by_district_with_its_table(staff_client, world):
    page = staff_client.get("/admin/").content.decode()

    rows = {row[0]: row[1:] for row in table_rows(page, "各区社会组织数与党组织覆盖")}
    assert rows["越秀区"] == ("3", "3", "100%")
    assert rows["天河区"] == ("3", "1", "33.3%")
    assert '<span class="staff-bar-label">天河区</span>' in page
    assert '<rect class="staff-bar-fill" width="33.30" height="10">' in page
