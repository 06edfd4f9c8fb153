"""The directory search's trigram indexes: real on PostgreSQL, absent (and harmless) on SQLite."""

import pytest
from django.db import connection

from organizations.models import SocialOrganization
from tests.helpers import factories

TRIGRAM_INDEXES = {"org_name_trgm_idx", "org_credit_code_trgm_idx"}

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_trgm and GIN indexes exist only on PostgreSQL"
)


def index_names():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, SocialOrganization._meta.db_table)
    return {name for name, info in constraints.items() if info["index"]}


@postgres_only
@pytest.mark.django_db
def test_pg_trgm_splits_chinese_into_trigrams():
    # pg_trgm ignores non-ASCII letters unless the database's LC_CTYPE is a UTF-8 locale.
    with connection.cursor() as cursor:
        cursor.execute("SELECT show_trgm('党支部')")
        (trigrams,) = cursor.fetchone()

    assert trigrams


@postgres_only
@pytest.mark.django_db
def test_trigram_indexes_exist_on_postgresql():
    assert TRIGRAM_INDEXES <= index_names()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="checks the migration's guard on other databases")
@pytest.mark.django_db
def test_migration_leaves_trigram_indexes_out_elsewhere():
    assert not TRIGRAM_INDEXES & index_names()


@postgres_only
@pytest.mark.django_db
def test_directory_search_is_served_by_the_trigram_indexes():
    factories.SocialOrganizationFactory.create_batch(30)
    # With a few rows the planner would rather scan the table or a whole b-tree: forbid both,
    # leaving a bitmap scan of an index that can answer the LIKE condition, if there is one.
    queryset = SocialOrganization.objects.search("测试协会1").values("pk")
    sql, params = queryset.query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {SocialOrganization._meta.db_table}")
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Bitmap Index Scan on org_name_trgm_idx" in plan


@postgres_only
@pytest.mark.django_db
def test_credit_code_search_is_served_by_the_trigram_indexes():
    factories.SocialOrganizationFactory.create_batch(30)
    queryset = SocialOrganization.objects.search("MJ00000").values("pk")
    sql, params = queryset.query.sql_with_params()

    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {SocialOrganization._meta.db_table}")
        for setting in ("enable_seqscan", "enable_indexscan", "enable_indexonlyscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "Bitmap Index Scan on org_credit_code_trgm_idx" in plan
