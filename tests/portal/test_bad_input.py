"""Junk in filters and page numbers renders a page (filter ignored or a short message), never a 500."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.models import SEARCH_MAX_LENGTH
from tests.helpers import factories
from tests.helpers.pages import PAGE_NAMES, public_urls

LIST_URLS = ["/organizations/", "/activities/", "/pairings/", "/branches/demonstration/"]
MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.mark.parametrize("url", LIST_URLS)
@pytest.mark.parametrize(
    ("page", "notice"),
    [
        ("abc", "页码“abc”无效，已显示第 1 页。"),
        ("0", "页码“0”无效"),
        ("-1", "页码“-1”无效"),
        ("1e3", "页码“1e3”无效"),
        ("２", "页码“２”无效"),
        ("99999999999999999999", "无效，已显示第 1 页"),
        ("999999", "最多可浏览前 50 页，已显示第 1 页"),
    ],
)
def test_junk_page_numbers_show_the_first_page_with_a_notice(client, portal, url, page, notice):
    response = client.get(url, {"page": page})

    assert response.status_code == 200
    assert notice in response.content.decode()
    assert response.context["page_obj"].number == 1


@pytest.mark.parametrize("url", LIST_URLS)
def test_page_past_the_end_says_so(client, portal, url):
    response = client.get(url, {"page": 40})

    assert response.status_code == 200
    assert "第 40 页没有内容。" in response.content.decode()
    assert 'href="?page=39"' in response.content.decode() or "page=39" in response.content.decode()


@pytest.mark.parametrize("url", LIST_URLS)
def test_markup_in_the_page_number_is_escaped(client, portal, url):
    html = client.get(url, {"page": MARKUP}).content.decode()

    assert "<script>alert" not in html
    assert "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;" in html


def test_junk_year_kind_and_district_are_ignored_with_a_notice(client, portal):
    response = client.get("/activities/", {"year": "x", "kind": "bogus", "district": "999999"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "筛选条件“年份”无效，已忽略。" in html
    assert "筛选条件“活动类型”无效，已忽略。" in html
    assert "筛选条件“所在区”无效，已忽略。" in html
    assert len(response.context["activities"]) == 3  # the portal's published activities, unfiltered


@pytest.mark.parametrize("year", ["1999", "99999999999999999999", "2020.5", " ", "２０２０x"])
def test_out_of_range_years_are_ignored(client, portal, year):
    response = client.get("/activities/", {"year": year})

    assert response.status_code == 200


def test_junk_directory_filters_are_ignored_with_a_notice(client, portal):
    response = client.get("/organizations/", {"type": "x", "district": "1", "grade": "9A", "party": "maybe"})
    html = response.content.decode()

    assert response.status_code == 200
    for label in ("组织类型", "所在区", "评估等级", "党组织"):
        assert f"筛选条件“{label}”无效，已忽略。" in html
    assert len(response.context["organizations"]) > 0


def test_a_ten_thousand_character_query_is_cut_before_the_database(client, portal):
    query = "协" * 10_000

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/organizations/", {"q": query})

    html = response.content.decode()
    assert response.status_code == 200
    assert f"搜索词过长，只按前 {SEARCH_MAX_LENGTH} 个字搜索。" in html
    assert "协" * (SEARCH_MAX_LENGTH + 1) not in html
    assert "协" * SEARCH_MAX_LENGTH in html  # the search box shows what was searched
    # Nothing longer than the cut reaches the database (the search's n-grams of the cut query
    # make its SQL longer than the query itself, but never of the whole 10,000 characters).
    assert not [q for q in queries.captured_queries if "协" * (SEARCH_MAX_LENGTH + 1) in q["sql"]]
    longest = max(len(query["sql"]) for query in queries.captured_queries)
    assert longest < 10_000


def test_markup_in_the_query_is_shown_escaped(client, portal):
    html = client.get("/organizations/", {"q": MARKUP}).content.decode()

    assert '<script>alert("x")</script>' not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_a_query_with_a_nul_character_is_refused_with_the_bad_request_page(client, portal):
    # A NUL byte is refused everywhere before any view sees it (PostgreSQL refuses it in a query).
    response = client.get("/organizations/", {"q": "协会\x00"})

    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


def test_pagination_links_carry_only_the_cleaned_filters(client, db):
    factories.SocialOrganizationFactory.create_batch(25)

    html = client.get("/organizations/", {"q": "协会", "type": "junk", "page": "1", "extra": "<b>"}).content.decode()

    assert 'href="?q=%E5%8D%8F%E4%BC%9A&amp;page=2"' in html
    assert "junk" not in html.split('<nav aria-label="分页"', 1)[1]
    assert "extra" not in html


@pytest.mark.parametrize("page", PAGE_NAMES)
def test_every_page_survives_junk_parameters(client, portal, page):
    url = public_urls(portal)[page]
    junk = {"page": "abc", "year": "x", "q": MARKUP * 50, "kind": "\x01\x7f", "district": "'; DROP TABLE x; --"}

    response = client.get(url, junk)

    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()
