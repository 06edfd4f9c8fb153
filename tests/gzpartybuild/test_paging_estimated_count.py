"""The admin's lists of large tables show PostgreSQL's row estimate instead of counting every row."""

import re

import pytest
from django.db import connection

from gzpartybuild import admin_tools
from gzpartybuild.admin_tools import EstimatedCountPaginator, table_row_count
from organizations.models import SocialOrganization
from tests.helpers import factories

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the row estimate (pg_class.reltuples) is PostgreSQL's"
)

CHANGELIST = "/admin/organizations/socialorganization/"


def paginator_text(response):
    html = response.content.decode()
    return " ".join(re.search(r'<p class="paginator">(.*?)</p>', html, re.S).group(1).split())


def analyze(model):
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


@postgres_only
def test_an_unfiltered_list_of_a_large_table_shows_the_estimate(staff_client, monkeypatch):
    factories.SocialOrganizationFactory.create_batch(6)
    analyze(SocialOrganization)
    monkeypatch.setattr(admin_tools, "ESTIMATE_COUNT_FROM", 5)
    staff_client.get(CHANGELIST)  # the content types and permissions, as on a running server

    response = staff_client.get(CHANGELIST)

    assert response.status_code == 200
    assert "约 6 社会组织" in paginator_text(response)


@postgres_only
def test_a_small_table_is_counted_exactly_in_the_same_query(staff_client):
    factories.SocialOrganizationFactory.create_batch(3)
    analyze(SocialOrganization)

    assert table_row_count(SocialOrganization.objects.all()) == (3, False)
    text = paginator_text(staff_client.get(CHANGELIST))
    assert "3 社会组织" in text and "约" not in text


def test_filtered_or_searched_lists_are_counted_exactly(staff_client, monkeypatch):
    factories.SocialOrganizationFactory.create_batch(4, district="440104")
    factories.SocialOrganizationFactory.create_batch(2, district="440106")
    if connection.vendor == "postgresql":
        analyze(SocialOrganization)
    monkeypatch.setattr(admin_tools, "ESTIMATE_COUNT_FROM", 1)

    text = paginator_text(staff_client.get(CHANGELIST + "?district__exact=440104"))

    assert "4 社会组织" in text and "约" not in text
    assert table_row_count(SocialOrganization.objects.filter(district="440104")) is None
    assert table_row_count(SocialOrganization.objects.distinct()) is None
    assert table_row_count(SocialOrganization.objects.all()[:5]) is None


@pytest.mark.skipif(connection.vendor == "postgresql", reason="other databases than PostgreSQL")
def test_other_databases_count_exactly(monkeypatch):
    factories.SocialOrganizationFactory.create_batch(2)
    monkeypatch.setattr(admin_tools, "ESTIMATE_COUNT_FROM", 1)

    paginator = EstimatedCountPaginator(SocialOrganization.objects.all(), 50)

    assert paginator.count == 2
    assert paginator.estimated is False


@pytest.mark.parametrize("size", [3, 30])
def test_the_list_runs_the_same_queries_whatever_the_size(staff_client, django_assert_num_queries, size):
    factories.SocialOrganizationFactory.create_batch(size)
    if connection.vendor == "postgresql":
        analyze(SocialOrganization)
    staff_client.get(CHANGELIST)

    # session, user, permissions (2), the count (estimate or COUNT(*)), the rows
    with django_assert_num_queries(6):
        response = staff_client.get(CHANGELIST)

    assert response.status_code == 200


def test_the_row_checkbox_is_djangos(staff_client):
    organization = factories.SocialOrganizationFactory(name="广州市<测试>协会")

    html = staff_client.get(CHANGELIST).content.decode()

    assert (
        f'<input type="checkbox" name="_selected_action" value="{organization.pk}" class="action-select" '
        'aria-label="选择此对象执行操作 - 广州市&lt;测试&gt;协会">'
    ) in html
