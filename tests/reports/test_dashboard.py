"""The admin index: the review queue one click away, headline figures, links to the reports."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from activities import services
from activities.models import Activity
from gzpartybuild.templatetags.formats import cn_datetime
from organizations.models import SocialOrganization
from tests.helpers import factories
from tests.helpers.admin import admin_url, form_errors, post_admin_form
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


# ---------------------------------------------------------------- queue age, risk list, staff changes


def test_index_shows_how_long_the_oldest_submission_has_waited(staff_client, world):
    now = timezone.now()
    waiting = factories.ActivityFactory(state="submitted")
    Activity.objects.filter(state="submitted").update(submitted_at=now - datetime.timedelta(hours=5))
    Activity.objects.filter(pk=waiting.pk).update(submitted_at=now - datetime.timedelta(days=3, hours=4, minutes=10))

    page = staff_client.get("/admin/").content.decode()

    submitted = cn_datetime(now - datetime.timedelta(days=3, hours=4, minutes=10))
    assert f"最早提交的一条已等待 <strong>3 天 4 小时</strong>（{submitted} 提交）" in page
    assert '<a href="/admin/activities/activity/?review=pending">按提交先后审核</a>' in page


def test_index_says_nothing_of_waiting_when_the_queue_is_empty(staff_client, db):
    page = staff_client.get("/admin/").content.decode()
    assert "待审核活动 <strong>0</strong> 条" in page and "已等待" not in page


def test_index_shows_the_risk_lists_size_and_follows_the_records(staff_client, world):
    listed = staff_client.get("/admin/reports/risk/").context["counts"]["total"]
    assert listed == 3  # O3, O4 and O8 of the world

    page = staff_client.get("/admin/").content.decode()
    assert '<dt>组建风险名单</dt><dd><a href="/admin/reports/risk/">3 个</a></dd>' in page

    # one more organization with enough members and no party organization joins the list
    factories.SocialOrganizationFactory(party_member_count=9)
    page = staff_client.get("/admin/").content.decode()
    assert '<dt>组建风险名单</dt><dd><a href="/admin/reports/risk/">4 个</a></dd>' in page


def changes_table(page):
    match = re.search(r'<table class="staff-table staff-changes">.*?<tbody>(.*?)</tbody>', page, re.S)
    if match is None:
        return []
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", match.group(1), re.S)
    ]


def test_index_lists_recent_changes_by_staff_newest_first_with_their_history(
    staff_client, staff_user, world, secretary_a, branch_a
):
    staff_user.first_name = "李明"
    staff_user.save()
    organization = SocialOrganization.objects.get(name="天河丁协会")
    changed = post_admin_form(
        staff_client,
        admin_url(SocialOrganization, "change", organization.pk),
        party_member_count="7",
        credit_code_verified="on",
    )
    assert changed.status_code == 302, form_errors(changed)
    waiting = factories.ActivityFactory(
        organizer=branch_a, state="submitted", created_by=secretary_a, title="甲支部学习会"
    )
    services.activity_approve(activity=waiting, user=staff_user)
    # a secretary's own change is not a staff change
    own = factories.ActivityFactory(
        organizer=branch_a, state="draft", created_by=secretary_a, title="书记自己登记的活动"
    )
    services.activity_submit(activity=own, user=secretary_a)

    page = staff_client.get("/admin/").content.decode()
    rows = changes_table(page)
    assert [row[1:] for row in rows[:2]] == [
        ["李明", "修改活动", "甲支部学习会"],
        ["李明", "修改社会组织", "天河丁协会"],
    ]
    assert all(row[1] == "李明" for row in rows)
    assert "书记自己登记的活动" not in page
    history = admin_url(SocialOrganization, "history", organization.pk)
    assert f'<a href="{history}">天河丁协会</a>' in page
    assert staff_client.get(history).status_code == 200


def test_index_lists_no_changes_before_staff_made_any(staff_client, world):
    page = staff_client.get("/admin/").content.decode()
    assert "暂无工作人员的修改记录。" in page


@pytest.mark.parametrize("changes", [1, 14])
def test_index_query_count_stays_fixed_with_the_recent_changes(
    staff_client, staff_user, world, django_assert_num_queries, changes
):
    organization = SocialOrganization.objects.get(name="天河丁协会")
    for number in range(changes):
        organization.party_member_count = 10 + number
        organization._history_user = staff_user
        organization.save()
    staff_client.get("/admin/")  # the session's first request; the changes are cached from here
    with django_assert_num_queries(6):
        page = staff_client.get("/admin/").content.decode()
    assert len(changes_table(page)) == min(changes, 10)
