"""EXPLAIN ANALYZE of the directory search, the query /organizations/?q= runs, for the report."""

from django.http import QueryDict

from organizations.filters import OrganizationFilterForm
from organizations.models import SocialOrganization
from organizations.views import PAGE_SIZE

# (why, words): the trigram index, the name index stopping early, and a scan (too short for trigrams).
EXPLAINED = [
    ("3+ characters, few matches: the trigram index finds them, then a top-N sort", "家具行"),
    ("3+ characters, many matches: the name index, stopping at the first page", "社会工作"),
    ("1 character, few matches: no trigram to use, a scan of the table", "江"),
]


def directory_search_query(words):
    """The first page of the directory searched for `words`, as organization_list builds it."""
    form = OrganizationFilterForm(QueryDict(mutable=True) | {"q": words})
    return form.apply(SocialOrganization.objects.public().for_list()).order_by("name")[: PAGE_SIZE + 1]


def directory_search_plans():
    plans = []
    for why, words in EXPLAINED:
        queryset = directory_search_query(words)
        plans.append(
            {
                "why": why,
                "words": words,
                "sql": str(queryset.query),
                "plan": queryset.explain(analyze=True, buffers=True, costs=False),
            }
        )
    return plans
