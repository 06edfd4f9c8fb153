"""Fixtures of the staff tools' tests."""

import pytest

from tests.staff.world import build_world


@pytest.fixture
def world(db):
    """The records of tests/staff/world.py, by short name (o1, p1, a1, ...)."""
    return build_world()
