"""A server process settles before its first request (gzpartybuild.warmup): the views are
loaded and what is alive then is kept out of the garbage collector's walks."""

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

from gzpartybuild.warmup import settle

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def thawed():
    yield
    gc.unfreeze()


def test_settle_loads_the_views_and_freezes_what_is_alive(thawed):
    gc.unfreeze()

    frozen = settle()

    assert frozen > 10_000
    assert gc.get_freeze_count() > 10_000
    # The view functions are out of reach of the collector's walks.
    assert not any(getattr(obj, "__name__", None) == "site_search" for obj in gc.get_objects())


@pytest.mark.parametrize("entry_point", ["gzpartybuild.wsgi", "gzpartybuild.asgi"])
def test_the_server_entry_points_settle_before_the_first_request(entry_point):
    # portal.search: a view module the URLconf names, imported before any request.
    script = f"import gc, sys, {entry_point}; print('portal.search' in sys.modules, gc.get_freeze_count())"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "gzpartybuild.settings"}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=True
    )
    loaded, frozen = done.stdout.strip().splitlines()[-1].split()
    assert loaded == "True"
    assert int(frozen) > 10_000
