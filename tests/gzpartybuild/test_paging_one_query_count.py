"""count_results: the count of a search or filter in one query, exact up to the cap, estimated
past it (on PostgreSQL from a sample of the table's pages; the exact count, stopped at the cap,
runs only when the sample does not show the matches clearly past it)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Activity
from gzpartybuild import paging
from gzpartybuild.paging import ResultCount, count_results
from partybranches.models import PartyOrganization
from tests.helpers import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def party_organizations(db):
    for index in range(12):
        factories.PartyOrganizationFactory(name=f"广州市第{index}志愿服务联合党支部", organizations=[])
    factories.PartyOrganizationFactory(name="天河区律师行业党委", organizations=[])


def test_up_to_the_cap_the_count_is_exact_in_one_query(party_organizations):
    with CaptureQueriesContext(connection) as queries:
        count = count_results(PartyOrganization.objects.search("志愿"), cap=20)

    assert count == ResultCount(12)
    assert len(queries) == 1
    assert count_results(PartyOrganization.objects.search("律师"), cap=20) == ResultCount(1)
    assert count_results(PartyOrganization.objects.search("没有这个词"), cap=20) == ResultCount(0)


def test_past_the_cap_the_count_is_an_estimate_never_below_the_cap(party_organizations):
    with CaptureQueriesContext(connection) as queries:
        count = count_results(PartyOrganization.objects.search("志愿"), cap=5)

    assert count.estimated
    assert count.n >= 6
    assert len(queries) == 1


def _plan(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the sampled estimate is PostgreSQL's")
def test_a_word_clearly_past_the_cap_is_never_counted_exactly(party_organizations, monkeypatch):
    # The whole (small) table as the sample, and its size known to the planner's catalogue.
    monkeypatch.setattr(paging, "SAMPLE_ROWS", 1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE partybranches_partyorganization")
    queryset = PartyOrganization.objects.search("志愿")
    with CaptureQueriesContext(connection) as queries:
        count = count_results(queryset, cap=2)
    plan = _plan(queries[0]["sql"])

    assert count == ResultCount(12, estimated=True)
    # The exact count (LIMIT cap + 1) sits under an init plan that a count 6× past the cap never runs.
    limited = [line for line in plan.splitlines() if "Limit" in line]
    assert limited and all("never executed" in line for line in limited)
    # Near the cap it runs, and the count is exact.
    assert count_results(PartyOrganization.objects.search("律师"), cap=2) == ResultCount(1)
    assert count_results(queryset, cap=11) == ResultCount(12, estimated=True)
    assert count_results(queryset, cap=12) == ResultCount(12)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the sampled estimate is PostgreSQL's")
def test_an_activity_search_samples_the_text_not_its_ngrams(db):
    for index in range(3):
        factories.ActivityFactory(title=f"敬老志愿服务{index}", state=Activity.State.PUBLISHED)
    published = Activity.objects.published()
    with CaptureQueriesContext(connection) as queries:
        count = count_results(published.search("敬老"), sample=published.search("敬老", scan=True))

    assert count == ResultCount(3)
    sql = queries[0]["sql"]
    sampled = sql[sql.index("TABLESAMPLE") :]
    # Read row by row, the text's LIKE costs a third of the stored n-grams' array test.
    assert "LIKE" in sampled.split("AS matched_rows")[0]
    assert "search_ngrams" not in sampled.split("AS matched_rows")[0]
