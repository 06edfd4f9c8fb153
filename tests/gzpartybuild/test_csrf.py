"""Every form on the portal refuses a POST without its CSRF token."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.helpers.crawl import PUBLIC_URL_NAMES, admin_page_urls, crawl, form_targets, reverse_existing


def collect_forms(client, start_urls):
    targets = set()
    for url, response in crawl(client, start_urls).items():
        targets.update(form_targets(response, url))
    return targets


def assert_refused_without_token(client, targets):
    for target in sorted(targets):
        response = client.post(target, {"username": "x", "password": "y", "name": "z"})
        assert response.status_code == 403, f"{target} accepted a POST without a CSRF token"
        assert "提交未通过安全校验" in response.content.decode(), target


@pytest.mark.django_db
def test_anonymous_forms_refuse_posts_without_csrf_token(published_records):
    client = Client(enforce_csrf_checks=True)
    targets = collect_forms(client, [*reverse_existing(PUBLIC_URL_NAMES), reverse("login"), reverse("admin:login")])

    assert {"/accounts/login/", "/admin/login/"} <= {t.split("?")[0] for t in targets}
    assert_refused_without_token(client, targets)


@pytest.mark.django_db
def test_secretary_forms_refuse_posts_without_csrf_token(secretary_a, published_records):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretary_a)
    targets = collect_forms(client, [reverse("my:dashboard"), reverse("home")])

    assert reverse("logout") in targets
    assert_refused_without_token(client, targets)
    # Still signed in: the refused sign-out did not happen.
    assert client.get(reverse("my:dashboard")).status_code == 200


@pytest.mark.django_db
def test_admin_forms_refuse_posts_without_csrf_token(superuser, published_records):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    targets = collect_forms(client, [*admin_page_urls(superuser), reverse("password_change")])

    assert {reverse("admin:auth_user_add"), reverse("admin:logout"), reverse("password_change")} <= targets
    before = {model: model.objects.count() for model in (type(superuser),)}
    assert_refused_without_token(client, targets)
    assert {model: model.objects.count() for model in before} == before
