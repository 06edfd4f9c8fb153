"""EXPLAIN ANALYZE of the directory search, the query /organizations/?q= runs, for the report."""

from django.db import connection
from django.http import QueryDict

from organizations.filters import OrganizationFilterForm
from organizations.models import SocialOrganization
from organizations.views import PAGE_SIZE

# (what, words): a selective search of three characters or more, a broad one, a short one.
EXPLAINED = [
    ("3+ characters, few matches", "家具行"),
    ("3+ characters, many matches", "社会工作"),
    ("1 character, few matches", "江"),
]


def directory_search_query(words):
    """The first page of the directory searched for `words`, as organization_list builds it."""
    form = OrganizationFilterForm(QueryDict(mutable=True) | {"q": words})
    return form.apply(SocialOrganization.objects.public().for_list()).order_by("name")[: PAGE_SIZE + 1]


def directory_search_plans():
    plans = []
    for why, words in EXPLAINED:
        queryset = directory_search_query(words)
        sql, params = queryset.query.sql_with_params()
        with connection.cursor() as cursor:
            # The SQL with its parameters in place, as PostgreSQL receives it.
            sql = cursor.mogrify(sql, params).decode()
        plans.append(
            {
                "why": why,
                "words": words,
                "sql": sql,
                "plan": queryset.explain(analyze=True, buffers=True, costs=False),
            }
        )
    return plans
