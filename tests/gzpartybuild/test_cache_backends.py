"""The versions cache never reads a folder another local user could have planted a pickle in."""

import os
import pickle
import stat
from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


def versions_cache(folder):
    """The backend the settings name for the versions cache, on `folder`."""
    return import_string(settings.CACHES["versions"]["BACKEND"])(str(folder), {})


class _Planted:
    """A pickle that creates a file when loaded: stands for code run by unpickling."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def _plant(cache, key, marker):
    path = cache._key_to_file(key)
    with open(path, "wb") as handle:
        handle.write(pickle.dumps(_Planted(marker)))


def test_a_folder_others_can_write_is_refused_and_nothing_in_it_is_unpickled(tmp_path):
    folder = tmp_path / "gzpartybuild-versions"
    folder.mkdir()
    os.chmod(folder, 0o777)  # as another local user would leave it
    marker = tmp_path / "code-ran"
    _plant(import_string("django.core.cache.backends.filebased.FileBasedCache")(str(folder), {}), "v", marker)

    with pytest.raises(ImproperlyConfigured, match="written by other users"):
        versions_cache(folder).get("v")

    assert not marker.exists()


def test_a_folder_of_another_user_is_refused(tmp_path):
    folder = tmp_path / "versions"
    folder.mkdir(mode=0o700)

    with mock.patch("gzpartybuild.cache_backends.os.geteuid", return_value=os.geteuid() + 4242):
        with pytest.raises(ImproperlyConfigured, match="another user"):
            versions_cache(folder).get("v")


def test_a_symbolic_link_is_refused(tmp_path):
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(real)

    with pytest.raises(ImproperlyConfigured, match="symbolic link"):
        versions_cache(link).set("v", 1)


def test_a_missing_folder_is_created_private_and_used(tmp_path):
    folder = tmp_path / "parent" / "versions"
    cache = versions_cache(folder)

    cache.set("figures:version:x", "abc", None)

    assert versions_cache(folder).get("figures:version:x") == "abc"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_an_own_folder_others_may_only_read_is_tightened(tmp_path):
    folder = tmp_path / "versions"
    folder.mkdir()
    os.chmod(folder, 0o755)

    versions_cache(folder).set("v", 1, None)

    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_the_default_folder_is_named_for_the_server_user():
    location = settings.CACHES["versions"]["LOCATION"]
    if not os.environ.get("DJANGO_CACHE_VERSIONS_DIR") and not os.environ.get("REDIS_URL"):
        assert f"-{os.geteuid()}-" in os.path.basename(location)
