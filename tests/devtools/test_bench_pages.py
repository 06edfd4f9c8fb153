"""The benchmark's pages, on a small seeded portal: each answers its user and stays within ten queries."""

import pytest

from devtools.bench.pages import SEARCH_WORDS, TARGETS_MS, pick_pages, search_match_counts
from devtools.bench.seeding import SeedError, seed, seeded_scale_matches
from devtools.bench.timing import time_pages
from tests.helpers.seeding import seeded_database

pytestmark = pytest.mark.django_db

SCALE = 0.01


@pytest.fixture(scope="module", autouse=True)
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    with seeded_database(django_db_blocker, tmp_path_factory.mktemp("bench-media"), scale=SCALE) as output:
        yield output


def test_every_benchmarked_page_answers_and_runs_at_most_ten_queries():
    pages = pick_pages()

    results = time_pages(pages, repeat=1)

    assert [r.page.key for r in results if r.status != 200] == []
    assert [(r.page.key, r.cold_queries) for r in results if r.cold_queries > 10] == []
    # A warm request never runs more queries than a cold one.
    assert [r.page.key for r in results if r.warm_queries > r.cold_queries] == []
    # Pages cached whole are timed rendered too; the others are always rendered.
    rendered = {r.page.key for r in results if r.rendered_ms}
    assert {"home", "exhibition", "directory", "gallery", "stats"} <= rendered
    assert not rendered & {"search_0", "organization", "activity", "my_dashboard", "admin_activities"}


def test_the_pages_cover_the_issues_list():
    pages = pick_pages()
    keys = {page.key for page in pages}

    assert {
        "home",
        "exhibition",
        "hall_seed",
        "hall_sapling",
        "hall_forest",
        "directory",
        "directory_deep",
        "organization",
        "party_organization",
        "gallery",
        "gallery_deep",
        "activity",
        "pairings",
        "towns",
        "town",
        "stats",
        "my_dashboard",
        "my_activity_form",
        "admin_organizations",
        "admin_activities",
    } <= keys
    searches = [page for page in pages if page.key.startswith("search_")]
    assert {len(words) for _, words in SEARCH_WORDS} >= {1, 2, 3}
    assert len(searches) == len(SEARCH_WORDS)
    assert all(page.target_ms == TARGETS_MS[page.group] for page in pages)
    assert {page.user for page in pages} == {None, "secretary1", "bureau"}


def test_signed_in_pages_are_timed_signed_in():
    results = {r.page.key: r for r in time_pages([p for p in pick_pages() if p.user], repeat=1)}

    assert all(result.status == 200 for result in results.values())
    # A redirect to the sign-in page would be a 302, and the admin's login form has no changelist.
    assert results["admin_activities"].bytes > 1000


def test_search_words_are_counted():
    counts = search_match_counts()

    assert set(counts) == {words for _, words in SEARCH_WORDS}
    assert all(isinstance(n, int) and n >= 0 for n in counts.values())


def test_a_database_seeded_at_another_scale_is_refused():
    assert seeded_scale_matches(SCALE)[:2] == (True, True)
    assert seeded_scale_matches(10)[:2] == (True, False)

    with pytest.raises(SeedError, match="其他规模"):
        seed(10)


def test_a_database_seeded_at_the_scale_is_reused():
    result = seed(SCALE)

    assert result["seeded"] is False
    assert result["seconds"] is None


def test_search_words_are_drawn_from_the_names():
    from collections import Counter

    from devtools.bench.pages import drawn_search_words
    from organizations.models import SocialOrganization

    drawn = drawn_search_words(top=3, random_count=4)
    words = [word for _, word in drawn]
    names = list(SocialOrganization.objects.public().values_list("name", flat=True))
    two = Counter(gram for name in names for gram in {name[i : i + 2] for i in range(len(name) - 1)})
    fixed = {word for _, word in SEARCH_WORDS}

    assert words == [word for _, word in drawn_search_words(top=3, random_count=4)]  # the same every run
    assert len(words) == len(set(words)) and not fixed & set(words)
    # The three most frequent two-character sequences are searched (drawn, or among the fixed words).
    assert {word for word, _ in two.most_common(3)} <= fixed | set(words)
    assert all(any(word in name for name in names) for word in words)
    pages = pick_pages(extra_search_words=drawn)
    assert len([page for page in pages if page.key.startswith("search_")]) == len(SEARCH_WORDS) + len(drawn)


def test_admin_searches_reports_and_filters_answer_staff_within_ten_queries():
    from devtools.bench.pages import admin_search_pages, filter_pages, report_pages

    searches = admin_search_pages(2)
    filters = filter_pages()
    pages = searches + report_pages() + filters[::25]

    results = time_pages(pages, repeat=1)

    assert [(r.page.key, r.status) for r in results if r.status != 200] == []
    # The admin index computes the seven cached figure sets (the public figures, the risk list's
    # size, the staff's latest changes) when the cache is empty (13 queries then); every other
    # visit reads them (6).
    assert [(r.page.key, r.cold_queries) for r in results if r.cold_queries > 10] == [("admin_index", 13)]
    assert [(r.page.key, r.warm_queries) for r in results if r.warm_queries > 10] == []
    # Each admin list is searched for its fixed word and for words drawn from its own records.
    assert {page.url.split("?")[0] for page in searches} == {
        "/admin/activities/activity/",
        "/admin/partybranches/partyorganization/",
        "/admin/organizations/socialorganization/",
    }
    assert sum("most frequent" in page.label for page in searches) >= 3
    # Every value of every filter and every pair of filters of both lists.
    urls = {page.url for page in filters}
    assert {"/organizations/?party=no", "/activities/?kind=study", "/activities/?kind=study&district=440104"} <= urls
    assert "/organizations/?type=foundation&grade=5A" in urls
    assert {page.group for page in report_pages()} == {"admin_index", "report"}


def test_the_simulated_secretaries_save_edit_and_submit():
    from django.contrib.auth import get_user_model

    from activities.models import Activity
    from devtools.bench.throughput import Writers

    user = get_user_model().objects.get(username="secretary1")
    template = Activity.objects.for_secretary(user).order_by("-pk").first()
    writers = Writers(["secretary1"])

    done = [writers._write(step, user, template) for step in range(3)]

    assert done == ["draft saved", "draft edited", "submitted"]
    newest = Activity.objects.for_secretary(user).order_by("-pk").first()
    assert newest.state == Activity.State.SUBMITTED and newest.title.startswith("基准测试活动")
    assert newest.description.endswith("（修改）")
