"""Directory searches of one or two characters: the same answers, and an index to find them on PostgreSQL."""

import pytest
from django.db import connection

from organizations.models import SocialOrganization
from tests.helpers import factories

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the n-gram indexes and short_ngrams() exist only on PostgreSQL"
)
NGRAM_INDEXES = {"org_name_short_ngram_idx", "org_code_short_ngram_idx"}


def names(query):
    return sorted(SocialOrganization.objects.search(query).values_list("name", flat=True))


@pytest.fixture
def directory(db):
    names = ["广州市江南龙舟协会", "广州市龙舟运动协会", "广州市ABC科技促进会", "广州市abd研究会", "广州市养老服务中心"]
    for name in names:
        factories.SocialOrganizationFactory(name=name)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("江", ["广州市江南龙舟协会"]),
        ("龙舟", ["广州市江南龙舟协会", "广州市龙舟运动协会"]),
        ("舟运", ["广州市龙舟运动协会"]),
        ("b", ["广州市ABC科技促进会", "广州市abd研究会"]),
        ("Ab", ["广州市ABC科技促进会", "广州市abd研究会"]),
        ("鹤", []),
        ("%", []),
        ("_", []),
    ],
)
def test_short_searches_find_the_names_containing_them(directory, query, expected):
    assert names(query) == expected


def test_three_characters_and_more_still_search_as_before(directory):
    assert names("龙舟协") == ["广州市江南龙舟协会"]
    assert names("abc科技") == ["广州市ABC科技促进会"]


def test_two_characters_of_a_credit_code_find_it(directory):
    organization = factories.SocialOrganizationFactory(name="广州市信用代码测试会")
    fragment = organization.credit_code[8:10]

    found = SocialOrganization.objects.search(fragment.lower())

    assert organization in found
    assert all(fragment in o.credit_code or fragment in o.name.upper() for o in found)


def test_the_directory_page_answers_short_searches(client, directory):
    html = client.get("/organizations/?q=江").content.decode()

    assert "广州市江南龙舟协会" in html
    assert "广州市龙舟运动协会" not in html


@postgres_only
def test_short_ngrams_lists_one_and_two_character_substrings():
    with connection.cursor() as cursor:
        cursor.execute("SELECT short_ngrams('龙舟会'), short_ngrams(''), short_ngrams(NULL)")
        ngrams, empty, null = cursor.fetchone()

    assert sorted(ngrams) == sorted(["龙", "舟", "会", "龙舟", "舟会"])
    assert empty == []
    assert null is None


@postgres_only
def test_short_searches_are_served_by_the_ngram_indexes(directory):
    factories.SocialOrganizationFactory.create_batch(30)
    # Two capitals could be part of a name or of a credit code: both indexes answer.
    queryset = SocialOrganization.objects.search("MJ").values("pk")
    sql, params = queryset.query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {SocialOrganization._meta.db_table}")
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    # Names through their stored n-grams (migration 0005), credit codes through the expression index.
    assert "Bitmap Index Scan on org_name_ngrams_idx" in plan
    assert "Bitmap Index Scan on org_code_short_ngram_idx" in plan


@postgres_only
def test_the_rest_of_a_frequent_words_matches_is_found_through_the_name_tails_index(directory):
    factories.SocialOrganizationFactory.create_batch(30)
    queryset = SocialOrganization.objects.search("广州", after_first_character=True).values("pk")
    sql, params = queryset.query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {SocialOrganization._meta.db_table}")
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Bitmap Index Scan on org_name_tail_ngrams_idx" in plan
    assert queryset.count() == 0  # every name in the directory starts with 广州


@postgres_only
def test_ngram_indexes_exist_on_postgresql():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, SocialOrganization._meta.db_table)

    assert NGRAM_INDEXES <= {name for name, info in constraints.items() if info["index"]}


@pytest.mark.skipif(connection.vendor == "postgresql", reason="checks the migration's guard on other databases")
def test_the_ngram_indexes_are_left_out_elsewhere():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, SocialOrganization._meta.db_table)

    assert not NGRAM_INDEXES & set(constraints)
