"""The staff reports against figures worked out by hand on a small, fixed world."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from organizations.models import SocialOrganization
from reports import views
from tests.helpers import factories
from tests.helpers.spreadsheets import read_xlsx
from tests.helpers.world import activity, local, more_of_everything

YUEXIU, TIANHE = "440104", "440106"


def rows_by_label(rows):
    return {row.label: row for row in rows}


# ---------------------------------------------------------------- 两个覆盖


def test_coverage_by_district_matches_the_hand_count(staff_client, world):
    response = staff_client.get("/admin/reports/coverage/")

    rows = rows_by_label(response.context["rows"])
    yuexiu, tianhe, city = rows["越秀区"], rows["天河区"], rows["未标注区"]
    assert (yuexiu.organizations, yuexiu.alone, yuexiu.joint, yuexiu.industry, yuexiu.covered) == (3, 1, 2, 0, 3)
    assert (yuexiu.coverage_rate, yuexiu.charter, yuexiu.charter_rate) == (Decimal("100.0"), 2, Decimal("66.7"))
    assert (yuexiu.party_organizations, yuexiu.one_shoulder, yuexiu.one_shoulder_rate) == (2, 1, Decimal("50.0"))
    assert (tianhe.organizations, tianhe.alone, tianhe.joint, tianhe.industry, tianhe.covered) == (3, 0, 0, 1, 1)
    assert (tianhe.coverage_rate, tianhe.charter_rate) == (Decimal("33.3"), Decimal("0.0"))
    assert (tianhe.party_organizations, tianhe.one_shoulder_rate) == (1, Decimal("0.0"))
    assert (city.organizations, city.party_organizations, city.coverage_rate) == (0, 1, None)
    assert rows["海珠区"].organizations == 0 and rows["海珠区"].coverage_rate is None
    total = response.context["total"]
    assert (total.organizations, total.covered, total.alone, total.joint, total.industry) == (6, 4, 1, 2, 1)
    assert (total.coverage_rate, total.charter_rate) == (Decimal("66.7"), Decimal("33.3"))
    assert (total.party_organizations, total.one_shoulder, total.one_shoulder_rate) == (4, 1, Decimal("25.0"))
    page = response.content.decode()
    assert "66.7%" in page and "“两个覆盖”情况（按区）" in page


def test_coverage_filtered_by_type(staff_client, world):
    response = staff_client.get("/admin/reports/coverage/", {"org_type": "society"})

    rows = rows_by_label(response.context["rows"])
    assert (rows["越秀区"].organizations, rows["越秀区"].alone, rows["越秀区"].joint) == (2, 1, 1)
    assert (rows["越秀区"].party_organizations, rows["天河区"].party_organizations) == (2, 1)
    assert response.context["total"].organizations == 5


def test_coverage_download_has_the_same_figures(staff_client, world):
    response = staff_client.get("/admin/reports/coverage/", {"format": "xlsx"})

    [sheet] = read_xlsx(response.content).values()
    assert sheet[0][:7] == ["区", "社会组织数", "已覆盖", "其中：单独组建", "联合组建", "行业覆盖", "覆盖率"]
    yuexiu = next(row for row in sheet if row[0] == "越秀区")
    assert yuexiu[1:7] == [3, 3, 1, 2, 0, "100%"]
    assert sheet[-1][:3] == ["合计", 6, 4]


# ---------------------------------------------------------------- risk list


def test_risk_list_states_the_rule_and_lists_who_should_have_a_party_organization(staff_client, world):
    response = staff_client.get("/admin/reports/risk/", {"as_of": "2021-06-30"})

    assert [org.name for org in response.context["at_risk"]] == ["天河丁协会", "越秀丙协会", "天河辛协会"]
    assert response.context["counts"] == {"none": 2, "not_own": 1, "total": 3}
    page = response.content.decode()
    assert f"{SocialOrganization.OWN_PARTY_ORG_THRESHOLD}名以上正式党员的社会组织，应当单独组建党组织" in page
    assert "仅被联合组建或行业覆盖" in page and "未建立任何党组织" in page


def test_risk_list_filters(staff_client, world):
    tianhe = staff_client.get("/admin/reports/risk/", {"district": TIANHE})
    not_own = staff_client.get("/admin/reports/risk/", {"situation": "not_own"})

    assert [org.name for org in tianhe.context["at_risk"]] == ["天河丁协会", "天河辛协会"]
    assert [org.name for org in not_own.context["at_risk"]] == ["越秀丙协会"]


def test_inactive_list_uses_the_twelve_months_before_the_date(staff_client, world):
    response = staff_client.get("/admin/reports/risk/", {"as_of": "2021-06-30"})

    # O1 organized, O2 and O5 are covered by P3, which co-organized; P2's last activity
    # (2020-06-30 23:00 local) is one hour before the window opens.
    [inactive] = response.context["inactive"]
    assert inactive.name == "越秀丙协会"
    assert timezone.localtime(inactive.last_activity) == local(2020, 6, 30, 23)
    assert response.context["since"] == datetime.date(2020, 7, 1)
    page = response.content.decode()
    assert "活动异常名录" in page and "2020年7月1日至2021年6月30日" in page

    # Oldest last activity first; 天河戊协会's party organization P3 co-organized an activity on
    # 2021-01-01, which counts as its last activity too.
    later = staff_client.get("/admin/reports/risk/", {"as_of": "2022-05-01"})
    assert [org.name for org in later.context["inactive"]] == ["越秀丙协会", "天河戊协会", "越秀乙中心", "越秀甲协会"]


def test_risk_download_has_both_lists(staff_client, world):
    response = staff_client.get("/admin/reports/risk/", {"as_of": "2021-06-30", "format": "xlsx"})

    sheets = read_xlsx(response.content)
    at_risk, inactive = sheets["应建未建党组织"], sheets["活动异常名录"]
    assert [row[0] for row in at_risk[1:]] == ["天河丁协会", "越秀丙协会", "天河辛协会"]
    assert at_risk[1][4:] == [6, "未建立任何党组织"]
    assert inactive[1][0] == "越秀丙协会"


# ---------------------------------------------------------------- stars


def test_star_distribution_by_year(staff_client, world):
    response = staff_client.get("/admin/reports/stars/")

    rows = {row.year: row for row in response.context["rows"]}
    assert list(rows) == [2020, 2019]
    assert (rows[2020].by_stars, rows[2020].total, rows[2020].average) == ([0, 0, 1, 0, 2], 3, Decimal("4.33"))
    assert (rows[2019].by_stars, rows[2019].average) == ([0, 0, 0, 1, 0], Decimal("4.00"))
    total = response.context["total"]
    assert (total.by_stars, total.total, total.average) == ([0, 0, 1, 1, 2], 4, Decimal("4.25"))
    assert "66.7%" in response.content.decode()  # two five-star of three in 2020


def test_star_distribution_filters(staff_client, world):
    tianhe = staff_client.get("/admin/reports/stars/", {"district": TIANHE})
    recent = staff_client.get("/admin/reports/stars/", {"year_from": "2020", "year_to": "2020"})

    assert [(row.year, row.by_stars) for row in tianhe.context["rows"]] == [(2020, [0, 0, 0, 0, 1])]
    assert [row.year for row in recent.context["rows"]] == [2020]


def test_star_download(staff_client, world):
    [sheet] = read_xlsx(staff_client.get("/admin/reports/stars/", {"format": "xlsx"}).content).values()

    assert sheet[0] == ["年度", "一星", "二星", "三星", "四星", "五星", "合计", "平均星级"]
    assert sheet[1] == [2020, 0, 0, 1, 0, 2, 3, 4.33]
    assert sheet[-1] == ["合计", 0, 0, 1, 1, 2, 4, 4.25]


# ---------------------------------------------------------------- activities


def activity_rows(response):
    return {cells[0]: cells[1:] for cells in response.context["rows"]}


def test_activity_figures_by_district(staff_client, world):
    response = staff_client.get("/admin/reports/activities/")

    rows = activity_rows(response)
    #                    activities, members, volunteers, service h, study h, served, funds
    assert rows["越秀区"] == [2, 18, 15, Decimal("3.0"), Decimal("2.0"), 200, Decimal("1000.00")]
    assert rows["天河区"] == [1, 5, 5, Decimal("1.5"), Decimal("0.0"), 50, Decimal("2500.50")]
    assert response.context["total"] == ["合计", 3, 23, 20, Decimal("4.5"), Decimal("2.0"), 250, Decimal("3500.50")]
    assert "学时（小时）" in response.context["headers"]


def test_activity_figures_by_kind_party_organization_and_organization(staff_client, world):
    by_kind = activity_rows(staff_client.get("/admin/reports/activities/", {"group_by": "kind"}))
    by_party = activity_rows(staff_client.get("/admin/reports/activities/", {"group_by": "party_organization"}))
    by_org = staff_client.get("/admin/reports/activities/", {"group_by": "organization"})

    assert list(by_kind) == ["共建活动", "学习培训", "志愿服务"]
    assert by_kind["学习培训"][:5] == [1, 8, 0, Decimal("0.0"), Decimal("2.0")]
    # A4 (organized by P1) counts for its co-organizer P3 too, and for the organizations P3 covers.
    assert {label: cells[0] for label, cells in by_party.items()} == {
        "越秀甲协会党支部": 2,
        "越秀联合党支部": 1,
        "天河行业党委": 1,
    }
    assert by_party["天河行业党委"][1:3] == [5, 5]  # A4's party members and volunteers
    rows = by_org.context["rows"]
    assert [(cells[0], cells[2]) for cells in rows] == [
        ("越秀乙中心", 2),  # A2 by P2, A4 co-organized by P3
        ("越秀甲协会", 2),
        ("天河戊协会", 1),
        ("越秀丙协会", 1),
    ]
    assert rows[1][1] == world["o1"].credit_code
    assert by_org.context["total"][2] == 3  # each activity once, though the rows add up to 6
    assert f"<td>{world['o1'].credit_code}</td>" in by_org.content.decode()  # a code, never 5,144,...


def test_activity_sums_say_how_many_activities_they_cover(staff_client, world):
    # Known to the article only by its date: none of its figures are recorded.
    activity(world["p2"], "volunteer", YUEXIU, local(2021, 5, 1, 0), funds=None)
    activity(
        world["p2"],
        "volunteer",
        YUEXIU,
        local(2021, 5, 2, 9),
        party_members=None,
        volunteers=None,
        service_minutes=None,
        people_served=None,
        funds=None,
    )
    response = staff_client.get("/admin/reports/activities/", {"group_by": "party_organization"})
    page = response.content.decode()

    assert response.context["incomplete"] == [
        ("参与党员", 4, 5),
        ("志愿者", 4, 5),
        ("服务时长", 3, 4),  # the study activity's time is 学时
        ("服务群众", 4, 5),
        ("投入资金", 3, 5),
    ]
    assert "投入资金 5 项活动中 3 项有记录" in page
    # The sums leave the unknown out; a row that knows a figure for none of its activities says so.
    total = response.context["total"]
    assert total[1:4] == [5, 33, 35]  # the factory's 10 members and 15 volunteers once more
    rows = activity_rows(response)
    assert rows["越秀联合党支部"][0] == 3
    assert rows["越秀甲协会党支部"][6] == Decimal("3500.50")
    assert "<td>未登记</td>" not in page  # every row knows each figure for one activity at least
    only_unknown = staff_client.get("/admin/reports/activities/", {"date_from": "2021-05-02", "date_to": "2021-05-02"})
    assert activity_rows(only_unknown)["越秀区"] == [1, None, None, None, Decimal("0.0"), None, None]
    assert only_unknown.content.decode().count("<td>未登记</td>") == 2 * 5  # the row and the total


def test_activity_date_range_uses_local_days(staff_client, world):
    this_year = activity_rows(staff_client.get("/admin/reports/activities/", {"date_from": "2021-01-01"}))
    last_year = activity_rows(
        staff_client.get("/admin/reports/activities/", {"date_from": "2020/1/1", "date_to": "2020年12月31日"})
    )

    assert {label: cells[0] for label, cells in this_year.items()} == {"越秀区": 1, "天河区": 1}
    assert {label: cells[0] for label, cells in last_year.items()} == {"越秀区": 1}


def test_activity_filters_by_organization_party_organization_kind_and_state(staff_client, world):
    def total(**params):
        return staff_client.get("/admin/reports/activities/", params).context["total"][1]

    assert total(organization="丙协会") == 1
    assert total(organization=world["o1"].credit_code.lower()) == 2
    assert total(party_organization="联合") == 1
    assert total(party_organization="天河行业") == 1  # A4, which it co-organized
    assert total(organization="戊协会") == 1  # covered by P3 only, A4's co-organizer
    assert total(kind="volunteer") == 1
    assert total(district=TIANHE) == 1
    assert total(state="all") == 4  # the submitted one too, never the draft


def test_activity_download_by_month(staff_client, world):
    response = staff_client.get("/admin/reports/activities/", {"group_by": "month", "format": "xlsx"})

    [sheet] = read_xlsx(response.content).values()
    assert sheet[0][0] == "月份"
    assert [row[0] for row in sheet[1:]] == ["2020年06月", "2021年01月", "2021年04月", "合计"]
    assert sheet[-1][1:] == [3, 23, 20, 4.5, 2, 250, 3500.5]


# ---------------------------------------------------------------- bad filters


@pytest.mark.parametrize(
    ("url", "params", "message"),
    [
        ("/admin/reports/activities/", {"date_from": "2021-13-01"}, "请输入有效的日期"),
        (
            "/admin/reports/activities/",
            {"date_from": "2021-06-01", "date_to": "2021-01-01"},
            "开始日期不能晚于结束日期",
        ),
        ("/admin/reports/activities/", {"group_by": "bogus"}, "选择一个有效的选项"),
        ("/admin/reports/activities/", {"organization": "很" * 500}, "不超过 100 字符"),
        ("/admin/reports/coverage/", {"org_type": "<script>"}, "选择一个有效的选项"),
        ("/admin/reports/risk/", {"as_of": "2999-01-01"}, "不晚于今天"),
        ("/admin/reports/risk/", {"district": "999999"}, "选择一个有效的选项"),
        ("/admin/reports/stars/", {"year_from": "abc"}, "输入整数"),
        ("/admin/reports/stars/", {"year_from": "2021", "year_to": "2019"}, "起始年度不能晚于截止年度"),
        ("/admin/reports/stars/", {"year_to": "99999999999999999999"}, "2100"),
    ],
)
def test_bad_filter_gets_a_chinese_message_not_an_error(staff_client, world, url, params, message):
    response = staff_client.get(url, params)

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "筛选条件有误" in page
    assert "rows" not in response.context


def test_bad_filter_download_shows_the_page_instead(staff_client, world):
    response = staff_client.get("/admin/reports/activities/", {"date_from": "x", "format": "xlsx"})

    assert response["Content-Type"].startswith("text/html")
    assert "请输入有效的日期" in response.content.decode()


def test_report_pages_are_printable_and_downloadable(staff_client, world):
    page = staff_client.get("/admin/reports/stars/", {"district": TIANHE}).content.decode()

    assert 'href="/static/css/print.css" media="print"' in page
    assert 'src="/static/js/print.js"' in page
    assert "data-print" in page
    assert 'href="?district=440106&amp;format=xlsx"' in page
    assert page.count("<h1") == 1


# ---------------------------------------------------------------- query counts

# (url, params, queries when computed, queries when served from the cache)
REPORT_QUERIES = [
    ("/admin/reports/coverage/", {}, 6, 4),
    ("/admin/reports/risk/", {"as_of": "2021-06-30"}, 8, 4),
    ("/admin/reports/risk/", {"as_of": "2021-06-30", "page": "1", "inactive_page": "1"}, 8, 4),
    ("/admin/reports/stars/", {}, 5, 4),
    ("/admin/reports/activities/", {}, 6, 4),
    ("/admin/reports/activities/", {"group_by": "month", "page": "1"}, 6, 4),
    # By organization (or party organization): the co-organizers' rows and the organizers' of them.
    ("/admin/reports/activities/", {"group_by": "organization"}, 7, 4),
    ("/admin/reports/activities/", {"group_by": "party_organization", "state": "all"}, 7, 4),
]
# A download is never cached; it also writes its security audit record.
DOWNLOAD_QUERIES = [
    ("/admin/reports/activities/", {"group_by": "month", "format": "xlsx"}, 5),
    ("/admin/reports/risk/", {"format": "xlsx"}, 5),
]


@pytest.mark.parametrize(("url", "params", "computed", "cached"), REPORT_QUERIES)
@pytest.mark.parametrize("bigger", [False, True])
def test_report_query_count_is_fixed(
    staff_client, world, django_assert_num_queries, url, params, computed, cached, bigger
):
    if bigger:
        more_of_everything()
    staff_client.get(url, params)  # the first request stamps the session, as on a running server
    with django_assert_num_queries(cached):
        response = staff_client.get(url, params)
    assert response.status_code == 200
    cache.clear()
    with django_assert_num_queries(computed):
        response = staff_client.get(url, params)
    assert response.status_code == 200


@pytest.mark.parametrize(("url", "params", "queries"), DOWNLOAD_QUERIES)
@pytest.mark.parametrize("bigger", [False, True])
def test_download_query_count_is_fixed(staff_client, world, django_assert_num_queries, url, params, queries, bigger):
    if bigger:
        more_of_everything()
    staff_client.get(url, params)
    with django_assert_num_queries(queries):
        response = staff_client.get(url, params)
    assert response.status_code == 200


# ---------------------------------------------------------------- pages on screen


def test_a_long_risk_list_is_shown_in_numbered_pages_and_downloaded_whole(staff_client, world, monkeypatch):
    monkeypatch.setattr(views, "PAGE_ROWS", 2)

    first = staff_client.get("/admin/reports/risk/", {"as_of": "2021-06-30", "district": ""})
    second = staff_client.get("/admin/reports/risk/", {"as_of": "2021-06-30", "page": "2"})
    download = staff_client.get("/admin/reports/risk/", {"as_of": "2021-06-30", "page": "2", "format": "xlsx"})

    assert [org.name for org in first.context["at_risk"]] == ["天河丁协会", "越秀丙协会"]
    assert [org.name for org in second.context["at_risk"]] == ["天河辛协会"]
    page = first.content.decode()
    assert "第 1 页，共 2 页" in page
    assert 'href="?as_of=2021-06-30&amp;district=&amp;page=2"' in page
    assert "本页为第 1–2 个" in page
    assert [row[0] for row in read_xlsx(download.content)["应建未建党组织"][1:]] == [
        "天河丁协会",
        "越秀丙协会",
        "天河辛协会",
    ]
    assert "page=" not in first.context["download_query"]


def test_the_inactive_list_has_its_own_pages(staff_client, world, monkeypatch):
    monkeypatch.setattr(views, "PAGE_ROWS", 3)

    first = staff_client.get("/admin/reports/risk/", {"as_of": "2022-05-01"})
    second = staff_client.get("/admin/reports/risk/", {"as_of": "2022-05-01", "inactive_page": "2"})

    assert first.context["inactive_total"] == 4
    assert [org.name for org in first.context["inactive"]] == ["越秀丙协会", "天河戊协会", "越秀乙中心"]
    assert [org.name for org in second.context["inactive"]] == ["越秀甲协会"]
    assert [org.name for org in second.context["at_risk"]] == [org.name for org in first.context["at_risk"]]
    assert "二、活动异常名录（4个）" in first.content.decode()


def test_activity_rows_by_organization_in_pages(staff_client, world, monkeypatch):
    monkeypatch.setattr(views, "PAGE_ROWS", 2)

    first = staff_client.get("/admin/reports/activities/", {"group_by": "organization"})
    second = staff_client.get("/admin/reports/activities/", {"group_by": "organization", "page": "2"})

    # Co-organizers count too (A4 for 越秀乙中心), so the rows are four, in two pages.
    assert [cells[0] for cells in first.context["rows"]] == ["越秀乙中心", "越秀甲协会"]
    assert [cells[0] for cells in second.context["rows"]] == ["天河戊协会", "越秀丙协会"]
    assert second.context["total"][2] == 3  # the total is the whole list's on every page
    assert "共 4 行，每页2行，本页为第 3–4 行" in second.content.decode()


def test_a_page_past_the_end_or_not_a_number_says_so_in_chinese(staff_client, world, monkeypatch):
    monkeypatch.setattr(views, "PAGE_ROWS", 2)

    past = staff_client.get("/admin/reports/activities/", {"group_by": "organization", "page": "9"})
    junk = staff_client.get("/admin/reports/risk/", {"page": "abc"})

    assert past.status_code == junk.status_code == 200
    assert "第 9 页没有内容。" in past.content.decode()
    assert "页码“abc”无效，已显示第 1 页。" in junk.content.decode()


def test_a_cached_report_follows_a_publish_but_not_a_draft(staff_client, world):
    def total():
        return staff_client.get("/admin/reports/activities/").context["total"][1]

    assert total() == 3
    draft = factories.ActivityFactory(draft=True, organizer=world["p1"])
    assert total() == 3  # a draft leaves the report of published activities as it was
    draft.state = "published"
    draft.save()
    assert total() == 4
