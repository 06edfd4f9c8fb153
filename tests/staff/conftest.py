"""The staff tools' tests run against the admin site of tests/staff/urls.py."""

import pytest

from tests.staff.world import build_world


@pytest.fixture(autouse=True)
def _staff_urls(settings):
    settings.ROOT_URLCONF = "tests.staff.urls"


@pytest.fixture
def world(db):
    """The records of tests/staff/world.py, by short name (o1, p1, a1, ...)."""
    return build_world()
