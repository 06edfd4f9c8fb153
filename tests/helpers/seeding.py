"""Seed once per test module: seeding takes seconds, far too long to repeat for every test.

The seed runs inside a transaction opened for the whole module and rolled back at its end, so
other modules still start from an empty database; each test runs in a savepoint inside it
(pytest-django's `db` fixture), so a test that changes data (a second seed run) leaves the
seeded data as it was for the next test.
"""

import contextlib
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextlib.contextmanager
def seeded_database(django_db_blocker, media_root, **options):
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=str(media_root), PASSWORD_HASHERS=FAST_HASHER, DEMO_PASSWORD=""),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = io.StringIO()
            call_command("seed_demo", stdout=out, **options)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def run_seed(**options):
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def seed_media(tmp_path_factory):
    return tmp_path_factory.mktemp("seed-media")
