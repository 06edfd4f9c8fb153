"""/search/: the site-wide search from the header: a section per kind of public record, each with
its count (exact, or estimated past the cap), the most relevant records and a link to its own
list searched with the same words; bad input answered in Chinese; a fixed number of queries."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from gzpartybuild import paging
from organizations.models import SocialOrganization
from tests.helpers import factories
from tests.helpers.html import structure

URL = reverse("search")


def section(html, key):
    """The HTML of one kind's section."""
    match = re.search(rf'<section id="search-{key}".*?</section>', html, re.S)
    assert match, f"no section {key}"
    return match.group(0)


def linked_names(html):
    return re.findall(r'<li class="record-item">\s*<a href="[^"]+">([^<]+)</a>', html)


@pytest.fixture
def records(db):
    """Records of every kind whose names contain 龙舟, some of which the public must not see."""
    organizer = factories.PartyOrganizationFactory(name="广州市天河区龙舟协会党支部")
    factories.PartyOrganizationFactory(name="龙舟")
    factories.PartyOrganizationFactory(name="龙舟运动联合党支部")
    factories.PartyOrganizationFactory(name="已归档的龙舟党支部", is_archived=True)
    factories.SocialOrganizationFactory(name="广州市龙舟运动协会")
    factories.SocialOrganizationFactory(name="龙舟文化促进会")
    factories.SocialOrganizationFactory(name="龙舟")
    factories.SocialOrganizationFactory(name="已注销的龙舟协会", status=SocialOrganization.Status.DEREGISTERED)
    factories.SocialOrganizationFactory(name="已归档的龙舟协会", is_archived=True)
    now = timezone.now()
    factories.ActivityFactory(title="龙舟赛志愿服务", organizer=organizer, starts_at=now - timedelta(days=30))
    factories.ActivityFactory(title="端午龙舟赛", organizer=organizer, starts_at=now - timedelta(days=2))
    factories.ActivityFactory(title="龙舟", organizer=organizer, starts_at=now - timedelta(days=60))
    # Found by its organizer's name only.
    factories.ActivityFactory(title="重阳敬老志愿服务", organizer=organizer, starts_at=now - timedelta(days=5))
    factories.ActivityFactory(title="龙舟草稿活动", organizer=organizer, draft=True)
    factories.ActivityFactory(title="龙舟待审活动", organizer=organizer, submitted=True)
    factories.ActivityFactory(title="龙舟已下线活动", organizer=organizer, offline=True)
    factories.CharacteristicTownFactory(name="龙舟小镇")
    factories.CharacteristicTownFactory(name="未公开的龙舟小镇", is_published=False)
    factories.CharacteristicTownFactory(name="温泉小镇")


def test_the_header_of_every_public_page_has_a_labelled_search_box(client, db):
    html = client.get(reverse("home")).content.decode()

    form = re.search(r'<form method="get" action="/search/"[^>]*role="search"[^>]*>.*?</form>', html, re.S).group(0)
    assert '<label class="visually-hidden" for="site-search">搜索全站</label>' in form
    assert 'name="q"' in form and 'maxlength="20"' in form
    assert '<button class="btn btn-sm btn-light" type="submit">搜索</button>' in form


def test_each_kind_has_a_section_with_its_count_its_records_and_a_link_to_its_list(client, records):
    response = client.get(URL, {"q": "龙舟"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>“龙舟”的搜索结果</h1>" in html
    assert structure(response).problems() == []
    organizations = section(html, "organizations")
    assert "共 3 条结果" in organizations
    assert linked_names(organizations) == ["龙舟", "龙舟文化促进会", "广州市龙舟运动协会"]
    party = section(html, "party-organizations")
    assert "共 3 条结果" in party
    assert linked_names(party) == ["龙舟", "龙舟运动联合党支部", "广州市天河区龙舟协会党支部"]
    activities = section(html, "activities")
    assert "共 4 条结果" in activities
    assert "主办：广州市天河区龙舟协会党支部" in activities
    towns = section(html, "towns")
    assert "共 1 条结果" in towns and linked_names(towns) == ["龙舟小镇"]
    # The in-page navigation: one link per kind with its count.
    nav = re.search(r'<nav aria-label="按类别查看搜索结果".*?</nav>', html, re.S).group(0)
    for key in ("organizations", "party-organizations", "activities", "towns"):
        assert f'href="#search-{key}"' in nav
    # Every section shows all of its matches here, so none links to a longer list.
    assert "查看全部结果" not in html


def test_the_activities_follow_relevance_then_newest_first(client, records):
    html = client.get(URL, {"q": "龙舟"}).content.decode()
    # The exact title, the title starting with the words, then the rest newest first (a title
    # containing the words, a match by the organizer's name), whatever their dates.
    assert linked_names(section(html, "activities")) == ["龙舟", "龙舟赛志愿服务", "端午龙舟赛", "重阳敬老志愿服务"]


def test_the_public_never_finds_unpublished_or_archived_records(client, records):
    html = client.get(URL, {"q": "龙舟"}).content.decode()

    for hidden in ["已归档", "已注销", "草稿", "待审", "已下线", "未公开"]:
        assert hidden not in html
    assert Activity.objects.filter(title__contains="龙舟").count() == 6


def test_a_section_with_more_matches_than_shown_links_to_its_list_searched_with_the_words(client, db):
    for index in range(7):
        factories.SocialOrganizationFactory(name=f"广州市第{index}养老服务中心")

    html = client.get(URL, {"q": "养老"}).content.decode()

    organizations = section(html, "organizations")
    assert "共 7 条结果，以下为最相关的 5 条" in organizations
    assert len(linked_names(organizations)) == 5
    assert 'href="/organizations/?q=%E5%85%BB%E8%80%81">在社会组织名录中查看全部结果</a>' in organizations
    assert "没有找到名称含“养老”的党组织。" in section(html, "party-organizations")


def test_past_the_cap_the_count_is_estimated(client, db, monkeypatch):
    monkeypatch.setattr(paging.count_results, "__defaults__", (5,))
    for index in range(8):
        factories.PartyOrganizationFactory(name=f"广州市第{index}志愿服务联合党支部")

    html = client.get(URL, {"q": "志愿"}).content.decode()

    party = section(html, "party-organizations")
    assert "约 " in party and "共 8 条" not in party
    assert 'href="/branches/?q=%E5%BF%97%E6%84%BF"' in party
    assert "共 0 条结果" in section(html, "organizations")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "请输入要搜索的词（1–20 个字）。"),
        ("   ", "请输入要搜索的词（1–20 个字）。"),
        ("党" * 21, "搜索词最多 20 个字，请缩短后再搜索。"),
        ("\x01\x7f", "搜索词含有无法识别的字符，请重新输入。"),
    ],
)
def test_bad_input_is_answered_in_chinese_without_searching(client, records, django_assert_num_queries, query, message):
    client.get("/privacy/")  # the footer's site facts are cached from here on
    with django_assert_num_queries(0):
        response = client.get(URL, {"q": query})

    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "search-organizations" not in html


def test_a_nul_byte_is_refused_by_the_site_before_the_search(client, db):
    # The site's middleware answers any NUL byte with its 400 page, before a query is built.
    response = client.get(URL, {"q": "龙舟\x00"})

    assert response.status_code == 400


@pytest.mark.parametrize("query", ["党" * 20, "%", "_", "'; DROP TABLE x; --", "<b>x</b>", "Ab"])
def test_odd_but_valid_input_is_searched_literally(client, records, query):
    response = client.get(URL, {"q": query})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<b>x</b>" not in html
    assert "共 0 条结果" in section(html, "organizations")


def test_the_page_works_without_javascript(client, records):
    html = client.get(URL, {"q": "龙舟"}).content.decode()

    # A plain GET form with a visible label, the words kept in the box, and no script of its own.
    main = html[html.index('<main id="main"') : html.index("</main>")]
    assert '<form method="get" action="/search/"' in main
    assert '<label class="form-label" for="site-search-q">' in main
    assert 'id="site-search-q" name="q" value="龙舟"' in main
    assert "<script" not in main
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize("size", [2, 30])
def test_the_search_runs_eight_queries_at_any_size(client, db, django_assert_num_queries, size):
    for index in range(size):
        party = factories.PartyOrganizationFactory(name=f"广州市第{index}服务中心党支部")
        factories.ActivityFactory(title=f"第{index}次服务活动", organizer=party)
        factories.CharacteristicTownFactory(name=f"服务小镇{index}")
    client.get("/privacy/")  # the footer's site facts are cached from here on

    # A count and a page for each of organizations, party organizations and activities; the
    # activities' organizers; the towns.
    with django_assert_num_queries(8):
        response = client.get(URL, {"q": "服务"})

    assert len(linked_names(section(response.content.decode(), "activities"))) == min(size, 5)
