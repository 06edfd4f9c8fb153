"""count_results_in_one_query: the count of a search or filter in one query, exact up to the cap,
estimated past it (on PostgreSQL from a sample that only a count past the cap reads)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gzpartybuild.paging import ResultCount, count_results_in_one_query
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
        count = count_results_in_one_query(PartyOrganization.objects.search("志愿"), cap=20)

    assert count == ResultCount(12)
    assert len(queries) == 1
    assert count_results_in_one_query(PartyOrganization.objects.search("律师"), cap=20) == ResultCount(1)
    assert count_results_in_one_query(PartyOrganization.objects.search("没有这个词"), cap=20) == ResultCount(0)


def test_past_the_cap_the_count_is_an_estimate_never_below_the_cap(party_organizations):
    with CaptureQueriesContext(connection) as queries:
        count = count_results_in_one_query(PartyOrganization.objects.search("志愿"), cap=5)

    assert count.estimated
    assert count.n >= 6
    assert len(queries) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the sampled estimate is PostgreSQL's")
def test_a_count_within_the_cap_never_reads_the_sample(party_organizations):
    queryset = PartyOrganization.objects.search("律师")
    with CaptureQueriesContext(connection) as queries:
        count_results_in_one_query(queryset, cap=5)
    sql = queries[0]["sql"]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    # The sampled scans sit under init plans that a count within the cap never runs.
    sampled = [line for line in plan.splitlines() if "Sample Scan" in line]
    assert sampled and all("never executed" in line for line in sampled)
