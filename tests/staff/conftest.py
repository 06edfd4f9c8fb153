"""The staff tools' tests run against the admin site of tests/staff/urls.py."""

import pytest


@pytest.fixture(autouse=True)
def _staff_urls(settings):
    settings.ROOT_URLCONF = "tests.staff.urls"
