"""Every text a form can store has a length limit (a 1 MB description is refused)."""

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from tests.helpers import factories
from tests.helpers.admin import form_errors, post_admin_form


def project_models():
    base = str(settings.BASE_DIR)
    return [
        model
        for config in apps.get_app_configs()
        if config.path.startswith(base) and ".venv" not in config.path
        for model in config.get_models()
    ]


def test_every_text_field_of_the_project_has_a_length_limit():
    unlimited = [
        f"{model._meta.label}.{field.name}"
        for model in project_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.CharField | models.TextField) and not field.max_length
    ]

    assert project_models()
    assert unlimited == []


@pytest.mark.django_db
def test_the_admin_refuses_an_organization_description_over_the_limit(staff_client):
    organization = factories.SocialOrganizationFactory()
    url = f"/admin/organizations/socialorganization/{organization.pk}/change/"

    errors = form_errors(post_admin_form(staff_client, url, description="长" * 5001))

    assert "description" in errors
    organization.refresh_from_db()
    assert organization.description != "长" * 5001
