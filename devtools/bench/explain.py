"""EXPLAIN ANALYZE of the directory search: every query /organizations/?q= runs, for the report."""

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from organizations.models import SocialOrganization

# (what, words): the most frequent words, a selective one, a short rare one.
EXPLAINED = [
    ("the word in most names", "广州"),
    ("3 characters, in most names", "广州市"),
    ("4 characters, many matches", "社会工作"),
    ("3+ characters, few matches", "家具行"),
    ("1 character, few matches", "江"),
]

# What each query of the search page is, in the order the page runs them.
QUERY_ROLES = [
    "count, stopped at COUNT_CAP + 1 rows",
    "the estimate: the matches in a sample of the table's pages (run always; used past the cap)",
    "the page's rows: exact name, names starting with the words, the rest, each stopped at one page",
]


def directory_search_queries(words):
    """The SQL of each query the first page of /organizations/?q=words runs, parameters in place."""
    client = Client()
    hosts = override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"])
    with hosts, CaptureQueriesContext(connection) as captured:
        response = client.get("/organizations/", {"q": words}, secure=settings.SECURE_SSL_REDIRECT)
    assert response.status_code == 200, response.status_code
    table = SocialOrganization._meta.db_table
    return [query["sql"] for query in captured.captured_queries if table in query["sql"]]


def directory_search_plans():
    """Per search: its queries and their plans (EXPLAIN ANALYZE, BUFFERS; costs left out)."""
    plans = []
    for why, words in EXPLAINED:
        queries = []
        for index, sql in enumerate(directory_search_queries(words)):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            role = QUERY_ROLES[index] if index < len(QUERY_ROLES) else "query"
            queries.append({"role": role, "sql": sql, "plan": plan})
        plans.append({"why": why, "words": words, "queries": queries})
    return plans


# (list, path, what, words): a rare and a very common search of each list the site search shares.
LIST_EXPLAINED = [
    ("activities", "/activities/", "rare (a few titles)", "龙舟"),
    ("activities", "/activities/", "very common (in most titles or organizers' names)", "志愿"),
    ("activities", "/activities/", "3 characters, in every organizer's name", "广州市"),
    ("party organizations", "/branches/", "rare", "龙舟"),
    ("party organizations", "/branches/", "very common (in nearly every name)", "广州市"),
    ("the site search", "/search/", "very common", "广州"),
]


def page_queries(path, words):
    """The SQL of each query the first page of `path`?q=words runs, parameters in place."""
    client = Client()
    hosts = override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"])
    with hosts, CaptureQueriesContext(connection) as captured:
        response = client.get(path, {"q": words}, secure=settings.SECURE_SSL_REDIRECT)
    assert response.status_code == 200, response.status_code
    return [query["sql"] for query in captured.captured_queries if "portal_sitesettings" not in query["sql"]]


def list_search_plans():
    """Per list and words: each query of its first page with its plan (EXPLAIN ANALYZE, BUFFERS)."""
    plans = []
    for what, path, why, words in LIST_EXPLAINED:
        queries = []
        for sql in page_queries(path, words):
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            queries.append({"sql": sql, "plan": plan})
        plans.append({"list": what, "path": path, "why": why, "words": words, "queries": queries})
    return plans
