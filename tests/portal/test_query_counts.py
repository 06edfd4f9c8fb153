"""Every public page runs the same number of queries with few rows and with many.

Counts are for a cold cache (the figures and the footer's site facts are computed); with
them cached the pages run fewer (see test_warm_cache_skips_figure_queries)."""

import pytest
from django.utils import timezone

from tests.helpers.pages import public_urls
from tests.helpers.populate import populate

# page -> queries on a cold cache
EXPECTED = {
    "home": 10,
    "exhibition": 5,
    "hall_seed": 7,
    "hall_sapling": 8,
    "hall_forest": 6,
    "organizations": 4,
    "organization": 5,
    "branches": 2,
    "branch": 10,
    "demonstration": 3,
    "activities": 5,  # cold: the years its filter offers, computed once and cached
    "activity": 4,
    "pairings": 5,
    "towns": 3,
    "town": 5,
    "stats": 8,
    "announcements": 2,
    "announcement": 2,
    "contact": 1,
    "site_map": 1,
    "privacy": 1,
    "accessibility": 1,
    "activity_label": 2,
    "town_label": 2,
    # A count and a page for each of organizations, party organizations, activities; the
    # activities' organizers; the towns.
    "search": 9,
    "exhibit": 4,
    "exhibit_label": 2,
}


@pytest.mark.parametrize("size", [2, 30])
@pytest.mark.parametrize("page", list(EXPECTED))
def test_page_query_count_is_fixed(client, db, django_assert_num_queries, page, size):
    portal = populate(size)
    url = public_urls(portal)[page]
    with django_assert_num_queries(EXPECTED[page]):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 30])
def test_filtered_lists_query_count_is_fixed(client, db, django_assert_num_queries, size):
    populate(size)
    # A search or filter: its count (estimated, exact below the cap) in one query, then the page's rows.
    # (+1: the footer's site facts, cached after this first request)
    with django_assert_num_queries(3):
        client.get("/organizations/?q=协会&type=society&district=440104&grade=4A&party=yes&sort=grade&page=2")
    year = timezone.localdate().year
    # (+1 on the first activity list: the years its filter offers, cached after it)
    with django_assert_num_queries(4):
        response = client.get(f"/activities/?kind=volunteer&district=440104&year={year}")
    assert response.context["activities"]
    with django_assert_num_queries(3):
        response = client.get(f"/activities/?kind=volunteer&year={year}&page=1")
    assert response.context["activities"]
    with django_assert_num_queries(4):
        client.get("/pairings/?kind=mentoring&page=2")
    # The site search: a count and a page for each of three kinds, the organizers (of the
    # activities found: none found, none fetched), the towns.
    with django_assert_num_queries(8):
        response = client.get("/search/?q=党支部")
    assert response.context["sections"][2].rows
    # An activity search: the count in one query, the page's rows, their organizers and photos.
    with django_assert_num_queries(4):
        client.get("/activities/?q=志愿&kind=volunteer")
    # A party-organization search: the count in one query, then the page.
    with django_assert_num_queries(2):
        client.get("/branches/?q=党支部&district=440104")


@pytest.mark.parametrize("page", ["home", "exhibition", "hall_sapling", "stats", "pairings"])
def test_warm_cache_skips_figure_queries(client, portal, django_assert_max_num_queries, page):
    url = public_urls(portal)[page]
    client.get(url)
    with django_assert_max_num_queries(4):
        client.get(url)


def test_every_page_runs_at_most_ten_queries():
    assert max(EXPECTED.values()) <= 10
