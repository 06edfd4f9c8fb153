"""The cast every test can use: two secretaries of different party organizations,
bureau staff, and the anonymous public; plus test-only settings."""

import shutil
import tempfile

import pytest
from django.contrib.auth.models import Group, User

from tests.helpers import factories

# Fixtures shared across folders live with their helpers in tests/helpers/ (tests/README.md).
pytest_plugins = [
    "tests.helpers.activities",
    "tests.helpers.crawl",
    "tests.helpers.populate",
    "tests.helpers.seeding",
    "tests.helpers.world",
]


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    media = tempfile.mkdtemp(prefix="gzpb-media-")
    settings.MEDIA_ROOT = media
    yield
    shutil.rmtree(media, ignore_errors=True)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _staff_pass_the_second_factor(request, monkeypatch):
    """A test client that signs a staff member in (login, force_login) also passes the second
    factor, with a confirmed authenticator device, as a real sign-in does before the admin
    opens. Tests of two-factor sign-in itself are marked `real_two_factor` and get no help."""
    if request.node.get_closest_marker("real_two_factor"):
        return
    from django.test.client import ClientMixin

    from tests.helpers.twofactor import pass_second_factor

    original = ClientMixin._login

    def login_and_verify(self, user, backend=None):
        original(self, user, backend)
        if user.is_staff:
            pass_second_factor(self, user)

    monkeypatch.setattr(ClientMixin, "_login", login_and_verify)


PASSWORD = "test-pass-2026"


@pytest.fixture
def branch_a(db):
    return factories.PartyOrganizationFactory(name="甲协会党支部")


@pytest.fixture
def branch_b(db):
    return factories.PartyOrganizationFactory(name="乙中心党支部")


@pytest.fixture
def secretary_a(branch_a):
    user = User.objects.create_user("secretary_a", "a@example.com", PASSWORD)
    branch_a.secretaries.add(user)
    return user


@pytest.fixture
def secretary_b(branch_b):
    user = User.objects.create_user("secretary_b", "b@example.com", PASSWORD)
    branch_b.secretaries.add(user)
    return user


@pytest.fixture
def staff_user(db):
    from accounts.permissions import ensure_staff_group

    user = User.objects.create_user("bureau_staff", "staff@example.com", PASSWORD, is_staff=True)
    group = ensure_staff_group()
    user.groups.add(group)
    return user


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root_admin", "root@example.com", PASSWORD)


@pytest.fixture
def client_a(client, secretary_a):
    client.force_login(secretary_a)
    return client


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


__all__ = ["Group", "PASSWORD"]
