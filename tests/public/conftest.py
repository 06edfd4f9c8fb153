import pytest

from tests.public.factories import populate


@pytest.fixture
def portal(db):
    """A small portal with a record of every kind."""
    return populate(2)
