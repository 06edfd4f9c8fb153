"""Random input never makes a page answer 500, and an invalid submission changes nothing."""

import os
from urllib.parse import quote_from_bytes, urlencode

import pytest
from django.contrib import admin
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.models import User
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers.crawl import PUBLIC_URL_NAMES, detail_urls, reverse_existing

FUZZ = settings(
    # FUZZ_EXAMPLES=300 scripts/test tests/portal/test_fuzz.py digs deeper than the quick default.
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "30")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Parameters the list pages understand, and anything else.
KNOWN_PARAMETERS = ["q", "page", "type", "org_type", "district", "kind", "level", "grade", "field", "status", "year"]
KNOWN_PARAMETERS += ["sort", "o", "hall", "township", "state", "per_page", "stars", "partner"]
parameter_values = st.one_of(
    st.text(max_size=60),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", "0", "-1", "9" * 30, "1e9", "NaN", "' OR 1=1 --", "%", "\x00", "上一页", "5A", "null"]),
)
query_dicts = st.dictionaries(st.sampled_from(KNOWN_PARAMETERS) | st.text(max_size=12), parameter_values, max_size=5)
# Raw bytes, percent-encoded: invalid UTF-8, NUL, stray separators.
raw_queries = st.binary(max_size=60).map(lambda b: quote_from_bytes(b, safe="=&;"))
query_strings = st.one_of(query_dicts.map(lambda d: urlencode(d, doseq=False)), raw_queries)


def public_urls(records):
    return reverse_existing(PUBLIC_URL_NAMES) + detail_urls(records)


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_public_pages_with_random_query_strings_never_fail(client, published_records, data):
    url = data.draw(st.sampled_from(public_urls(published_records)), label="url")
    query = data.draw(query_strings, label="query")

    response = client.get(f"{url}?{query}")

    assert response.status_code < 500


@pytest.mark.django_db
@FUZZ
@given(pk=st.integers(min_value=0, max_value=2**80))
def test_detail_pages_with_random_ids_never_fail(client, published_records, pk):
    for name in ["organizations:detail", "partybranches:detail", "activities:detail"]:
        response = client.get(reverse(name, args=[pk]))
        assert response.status_code in {200, 404}, name


@pytest.mark.django_db
@FUZZ
@given(
    slug=st.from_regex(r"[-a-zA-Z0-9_]{1,80}", fullmatch=True),
    name=st.sampled_from(["towns:detail", "exhibition:hall"]),
)
def test_slug_pages_with_random_slugs_never_fail(client, published_records, slug, name):
    response = client.get(reverse(name, args=[slug]))

    assert response.status_code in {200, 404}


def _accounts():
    return list(User.objects.order_by("pk").values_list("username", "password", "last_login", "is_active"))


sign_in_values = st.fixed_dictionaries(
    {},
    optional={
        "username": st.text(max_size=300),
        "password": st.text(max_size=300),
        "next": st.text(max_size=80),
        "extra": st.text(max_size=20),
    },
)


@pytest.mark.django_db
@FUZZ
@given(form=sign_in_values, url=st.sampled_from(["/accounts/login/", "/admin/login/"]))
def test_sign_in_with_random_values_never_fails_and_signs_nobody_in(client, staff_user, form, url):
    before = _accounts()

    response = client.post(url, form)

    # 429 once the same random username has failed five times.
    assert response.status_code in {200, 429}
    assert SESSION_KEY not in client.session
    assert _accounts() == before


def _changelist_urls():
    return [reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist") for m in admin.site._registry]


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_admin_search_and_filters_with_random_values_never_fail(client, superuser, published_records, data):
    client.force_login(superuser)
    url = data.draw(st.sampled_from(_changelist_urls()), label="changelist")
    query = {"q": data.draw(parameter_values, label="q")}
    query.update(data.draw(query_dicts, label="filters"))

    response = client.get(url, query)

    assert response.status_code < 500


user_form_values = st.fixed_dictionaries(
    {
        "username": st.text(max_size=200),
        "password1": st.text(max_size=40),
        "password2": st.text(max_size=40),
    }
)


@pytest.mark.django_db
@FUZZ
@given(form=user_form_values)
def test_invalid_admin_submission_changes_nothing(client, superuser, form):
    client.force_login(superuser)
    form["password2"] = form["password1"] + "-different"
    before = _accounts()
    history_before = User.objects.count()

    response = client.post(reverse("admin:auth_user_add"), form)

    assert response.status_code == 200
    assert _accounts() == before
    assert User.objects.count() == history_before

    # The change form of an existing account, with one field that cannot be valid.
    change = {**form, "date_joined_0": "not-a-date", "date_joined_1": "25:99"}
    response = client.post(reverse("admin:auth_user_change", args=[superuser.pk]), change)
    assert response.status_code == 200
    assert _accounts() == before
