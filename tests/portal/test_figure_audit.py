"""The figure audit: every figure of the article (shared FACTS.md), read off the rendered public
pages of the 1× demo, not off the database; and the public and admin versions of shared figures.

The expected values below are the article's, written as it gives them; the pages compute theirs
from records (or, for programme totals without records, show the dated, sourced statistics).
"""

import html
import re
from decimal import Decimal

import pytest
from django.db.models import Q
from django.urls import reverse

from activities.models import Activity
from organizations.models import SocialOrganization
from partybranches.models import PartyOrganization
from tests.helpers.crawl import PUBLIC_URL_NAMES, crawl, reverse_existing
from tests.helpers.seeding import seeded_database

pytestmark = pytest.mark.django_db

# Notes written for maintainers that must never reach a public page.
MAINTAINER_NOTES = ["原文仅载明", "文章所列", "原文未", "（示意）数据", "seed_demo", "演示数据（"]


@pytest.fixture(scope="module", autouse=True)
def seeded(django_db_setup, django_db_blocker, seed_media):
    with seeded_database(django_db_blocker, seed_media) as output:
        yield output


def _text(response):
    assert response.status_code == 200
    return response.content.decode()


def _plain(fragment):
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def _data_figure(page, key):
    match = re.search(rf'data-figure="{key}">(.*?)</', page, re.S)
    assert match, f"no figure {key} on the page"
    return _plain(match.group(1))


def _number(text):
    return int(text.replace(",", ""))


def _table_row(page, label):
    """The cells after a row header `label` in a table."""
    match = re.search(rf'<th scope="row">{re.escape(label)}</th>(.*?)</tr>', page, re.S)
    assert match, f"no row {label}"
    return [_plain(cell) for cell in re.findall(r"<td>(.*?)</td>", match.group(1), re.S)]


def _statistics(page):
    """{key: (label, value text, date text, source)} from /stats/'s published statistics."""
    rows = {}
    pattern = (
        r'<tr data-statistic="([^"]+)"><th scope="row">(.*?)</th><td>(.*?)</td>'
        r"<td><time[^>]*>(.*?)</time></td><td>(.*?)</td></tr>"
    )
    for key, label, value, date, source in re.findall(pattern, page, re.S):
        rows[key] = (_plain(label), _plain(value), _plain(date), _plain(source))
    return rows


def _tiles(page):
    """{label: value text} of the figure tiles on a page."""
    return {label: value for label, (value, _) in _tiles_with_coverage(page).items()}


def _tiles_with_coverage(page):
    """{label: (value text, how many records the sum covers, or "")} of the figure tiles on a page."""
    tiles = {}
    pattern = (
        r'<span class="figure-value">(.*?)</span>(?:<span class="figure-unit">.*?</span>)?\s*'
        r'<span class="figure-label">(.*?)</span>(<span class="figure-recorded">.*?</span>)?'
    )
    for value, label, recorded in re.findall(pattern, page, re.S):
        tiles[_plain(label)] = (_plain(value), _plain(recorded))
    return tiles


def test_guangzhou_figures_from_records_are_on_the_stats_page(client):
    page = _text(client.get(reverse("stats")))
    assert _table_row(page, "社会团体") == ["3,440"]
    assert _table_row(page, "民办非企业单位") == ["4,551"]
    assert _table_row(page, "基金会") == ["104"]
    assert _tiles(page)["登记社会组织"] == "8,095"
    # 十三五: 807 → 1,741 party organizations (≈ 23 % a year), 7,227 → 20,868 members (≈ 38 %).
    assert _data_figure(page, "organizations-start") == "807"
    assert _data_figure(page, "organizations-end") == "1,741"
    assert round(Decimal(_data_figure(page, "organizations-growth").rstrip("%"))) == 23
    assert _data_figure(page, "members-start") == "7,227"
    assert _data_figure(page, "members-end") == "20,868"
    assert round(Decimal(_data_figure(page, "members-growth").rstrip("%"))) == 38
    assert _data_figure(page, "founded-last-year") == "375"
    assert _data_figure(page, "members-added-last-year") == "4,936"
    assert _data_figure(page, "instructors") == "1,068"
    assert _data_figure(page, "mentoring-leads") == "121"
    assert _data_figure(page, "mentoring-mentees") == "771"
    assert _data_figure(page, "red-alliance-organizations") == "100"
    assert _data_figure(page, "red-alliance-partners") == "241"


def test_the_other_pages_show_the_same_record_figures(client):
    demonstration = _text(client.get(reverse("partybranches:demonstration")))
    assert re.search(r"共\s*67\s*个", _plain(demonstration))
    pairings = _text(client.get(reverse("pairings:list")))
    # 千社扶百村: 1,102 social organizations, 787 villages, 2,332 projects, 5.87亿元.
    assert _data_figure(pairings, "village-aid-organizations") == "1,102"
    assert _data_figure(pairings, "village-aid-villages") == "787"
    assert _data_figure(pairings, "village-aid-projects") == "2,332"
    assert _data_figure(pairings, "village-aid-funds") == "5.87亿元"
    home = _tiles(_text(client.get(reverse("home"))))
    assert home["社会组织党组织"] == "1,741"
    assert home["党员"] == "20,868"


# key: (value as the article gives it, date shown)
ARTICLE_STATISTICS = {
    "guidance-team": ("177名", "2020年"),
    "think-tank": ("15名", "2020年"),
    "expert-pool": ("22名", "2020年"),
    "community-federations": ("195个", "2020年"),
    "community-organizations": ("超过2万家", "2020年"),
    "village-aid-people": ("超过140万人", "2020年"),
    "hardship-organizations": ("158家", "2020年"),
    "hardship-projects": ("259个", "2020年"),
    "hardship-funds": ("超过7,400万元", "2020年"),
    "red-venture-projects": ("259个", "2020年"),
    "red-venture-funds": ("超过7,400万元", "2020年"),
    "children-helped": ("103名", "2020年"),
    "epidemic-guidelines": ("超过30份", "2020年"),
    "warm-measures": ("12条", "2020年"),
    "warm-savings": ("1.44亿元", "2020年"),
    "enterprise-meetings": ("超过30场", "2020年"),
    "enterprises-helped": ("超过6,000家", "2020年"),
    "hotline-lines": ("239条", "2020年"),
    "hotline-people": ("超过140万人", "2020年"),
    "towns-planned": ("20个", "2021年"),
    "provincial-list-guangzhou": ("21个", "2021年5月"),
    "conghua-forest": ("1,270平方公里", "2021年"),
    "conghua-orchards": ("240平方公里", "2021年"),
    "conghua-farmland": ("195平方公里", "2021年"),
    "conghua-platforms": ("4个", "2021年"),
}


def test_programme_totals_are_shown_with_their_date_and_source(client):
    page = _text(client.get(reverse("stats")))
    statistics = _statistics(page)
    assert set(statistics) == set(ARTICLE_STATISTICS)
    for key, (value, date) in ARTICLE_STATISTICS.items():
        label, shown, shown_date, source = statistics[key]
        assert (shown, shown_date) == (value, date), key
        assert source.startswith("《"), key
    # The four platforms are named with their count.
    assert "穗北国际交往中心" in statistics["conghua-platforms"][0]
    # They stand apart from the computed figures, under their own heading.
    assert page.index('id="published-title"') < page.index('data-statistic="guidance-team"')
    assert page.index('data-figure="members-end"') < page.index('id="published-title"')


def test_conghua_figures_from_records(client):
    towns = _tiles(_text(client.get(reverse("towns:list"))))
    assert towns["列入广东省特色小镇清单管理名单"] == "9"
    eco = _plain(_text(client.get(reverse("towns:detail", args=["eco-design"]))))
    assert "84 家" in eco
    assert "89天" in eco


def test_public_and_admin_versions_of_shared_figures_agree(client, staff_client):
    # One logged-in client serves both: the public pages' figures do not depend on who reads them.
    home_page = _text(staff_client.get(reverse("home")))
    home = _tiles(home_page)
    covers = {label: recorded for label, (_, recorded) in _tiles_with_coverage(home_page).items()}
    stats = _text(staff_client.get(reverse("stats")))
    admin = _text(staff_client.get(reverse("admin:index")))
    dashboard = {
        _plain(label): _plain(value)
        for label, value in re.findall(r"<div><dt>(.*?)</dt><dd>(.*?)</dd></div>", admin, re.S)
    }
    assert dashboard["党组织"] == f"{home['社会组织党组织']} 个"
    assert dashboard["党员"] == f"{home['党员']} 名"
    assert dashboard["已发布活动"] == f"{home['已发布活动']} 条"
    # The article's two activities record none of their figures: both sums say what they cover.
    assert re.fullmatch(r"（[\d,]+ 场活动中 [\d,]+ 场有记录）", covers["志愿者"])
    assert dashboard["志愿者"] == f"{home['志愿者']} 人次{covers['志愿者']}"
    assert dashboard["服务时长"] == f"{home['服务时长']} 小时{covers['服务时长']}"
    assert dashboard["登记社会组织"] == f"{_tiles(stats)['登记社会组织']} 个"
    covered_rate = re.search(
        r'<span class="figure-value">([\d.]+%)</span><span class="figure-label">党组织覆盖率', stats
    )
    assert covered_rate and f"（{covered_rate.group(1)}）" in dashboard["已被党组织覆盖"]


def test_no_public_page_shows_a_maintainer_note_or_invented_precision(client):
    named = PartyOrganization.objects.filter(
        name__in=["广州市社会组织联合会党委", "普爱社会工作服务党支部", "广州市软件行业协会党支部"]
    )
    organizations = SocialOrganization.objects.filter(party_organizations__in=named).distinct()
    article_activities = Activity.objects.filter(organizer__name="广州市社会组织联合会党委", starts_at__year=2021)
    start = reverse_existing(PUBLIC_URL_NAMES)
    start += [reverse("partybranches:detail", args=[party.pk]) for party in named]
    start += [reverse("organizations:detail", args=[organization.pk]) for organization in organizations]
    start += [reverse("activities:detail", args=[activity.pk]) for activity in article_activities]
    pages = crawl(client, start, max_pages=80)
    assert len(pages) >= 40
    for url, response in pages.items():
        text = response.content.decode()
        for note in MAINTAINER_NOTES:
            assert note not in text, f"{url} shows a maintainer note: {note}"

    exhibition = _plain(_text(client.get(reverse("exhibition:index"))))
    for shown in ["2010年", "2012年", "2020年7月1日", "2020年10月", "2021年4月22日", "2021年5月"]:
        assert shown in exhibition
    for invented in ["2010年1月1日", "2012年1月1日", "2020年10月1日", "2021年5月1日"]:
        assert invented not in exhibition


def test_the_articles_activities_show_what_is_known_and_nothing_more(client):
    may = Activity.objects.get(street="光塔街", organizer__name="广州市社会组织联合会党委")
    page = _plain(_text(client.get(reverse("activities:detail", args=[may.pk]))))
    assert "2021年5月" in page
    assert "2021年5月1日" not in page
    assert not re.search(r"\d{2}:\d{2}", page)
    assert "未登记" in page
    assert not re.search(r"(?<![\d,.])0\s*(人|元|小时)", page)
    # It shows on the pages of its co-organizers and their organizations too.
    for name in ["普爱社会工作服务党支部", "广州市软件行业协会党支部"]:
        party = PartyOrganization.objects.get(name=name)
        assert may.title in _text(client.get(reverse("partybranches:detail", args=[party.pk])))
        organization = party.organizations.get()
        assert may.title in _text(client.get(reverse("organizations:detail", args=[organization.pk])))
        party_page = _plain(_text(client.get(reverse("partybranches:detail", args=[party.pk]))))
        members = re.search(r"党员\s*([\d,]+) 名（", party_page)
        assert members and _number(members.group(1)) > 0, name
        organization_page = _plain(_text(client.get(reverse("organizations:detail", args=[organization.pk]))))
        assert "未登记" in organization_page  # registered funds: not in the article
        assert not re.search(r"(注册资金|开办资金)\s*0元", organization_page)


# A zero as a figure: "0 名", "0元", "0 人", "0 小时", "0.0", … (not "10 名" or "2.05").
ZERO = re.compile(r"(?<![\d,.])0(?:\.0+)?\s*(?:名|元|人|小时|个|场|项|条|对)|(?<![\d,.])0\.0(?![\d])")
# Pages of one record: a zero there may be what the record holds (a party day gives no service time).
RECORD_PAGE = re.compile(r"^/(activities|branches|organizations|towns|announcements|pairings)/[^/]+/")


def test_no_public_page_shows_a_zero_for_what_the_records_do_not_know(client):
    unknown_activities = Activity.objects.published().filter(
        Q(party_members=None) | Q(volunteers=None) | Q(service_minutes=None) | Q(people_served=None) | Q(funds=None)
    )
    undated_parties = PartyOrganization.objects.active().filter(founded_on=None)
    unfunded = SocialOrganization.objects.public().filter(registered_funds=None).order_by("pk")[:10]
    assert unknown_activities.exists() and undated_parties.exists() and unfunded
    start = reverse_existing(PUBLIC_URL_NAMES)
    start += [reverse("exhibition:hall", args=[hall]) for hall in ("seed", "sapling", "forest")]
    start += [reverse("activities:detail", args=[activity.pk]) for activity in unknown_activities]
    start += [reverse("partybranches:detail", args=[party.pk]) for party in undated_parties]
    start += [reverse("organizations:detail", args=[organization.pk]) for organization in unfunded]
    pages = {url: _plain(_text(client.get(url))) for url in start}
    pages.update(
        {url: _plain(response.content.decode()) for url, response in crawl(client, start, max_pages=60).items()}
    )

    summaries = [url for url in pages if not RECORD_PAGE.match(url)]
    assert len(summaries) >= 15
    for url in summaries:
        # Sums and counts over the records: a zero would be an unknown counted as nothing.
        assert not ZERO.search(pages[url]), f"{url}: {ZERO.search(pages[url]).group(0)}"
    labels = {
        "party_members": "参与党员",
        "volunteers": "志愿者",
        "people_served": "服务群众",
        "funds": "投入资金",
    }
    for activity in unknown_activities:
        page = pages[reverse("activities:detail", args=[activity.pk])]
        for name, label in labels.items():
            if getattr(activity, name) is None:
                assert re.search(rf"未登记\s*{label}", page), (activity.pk, label)
        if activity.service_minutes is None:
            assert re.search(r"未登记\s*(服务时长|学时)", page)
    for party in undated_parties:
        page = pages[reverse("partybranches:detail", args=[party.pk])]
        assert re.search(r"成立日期\s*未登记", page), party.name
    for organization in unfunded:
        page = pages[reverse("organizations:detail", args=[organization.pk])]
        assert re.search(r"(注册资金|开办资金|原始基金)\s*未登记", page), organization.name
        assert not re.search(r"(注册资金|开办资金|原始基金)\s*0", page)


def test_the_articles_party_organizations_show_a_founding_date_only_as_the_article_gives_it(client):
    dated = {"广州市社会组织党委": "2010年"}  # founded in 2010 as the 党工委, renamed in 2012
    for name in [
        "广州市社会组织党委",
        "广州市社会组织联合会党委",
        "普爱社会工作服务党支部",
        "广州市软件行业协会党支部",
    ]:
        party = PartyOrganization.objects.get(name=name)
        page = _text(client.get(reverse("partybranches:detail", args=[party.pk])))
        shown = re.search(r"<dt[^>]*>成立日期</dt><dd[^>]*>(.*?)</dd>", page, re.S)
        assert shown, name
        assert _plain(shown.group(1)) == dated.get(name, "未登记"), name
    city = _text(
        client.get(reverse("partybranches:detail", args=[PartyOrganization.objects.get(name="广州市社会组织党委").pk]))
    )
    assert '<time datetime="2010">2010年</time>' in city
