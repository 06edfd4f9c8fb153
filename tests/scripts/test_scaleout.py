"""scripts/scaleout passes and leaves nothing behind (marker `scaleout`: CI's PostgreSQL pass).

It makes PostgreSQL clusters of its own (pg_createcluster, as root), so it runs where the
suite runs on PostgreSQL; on SQLite it is skipped, as the suite's SQLite pass in CI is.
"""

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

CHECKS = [
    "a secretary signed in on A stays signed in on B",
    "a photo uploaded through A is served through B from the object store",
    "the public URL of the unpublished photo is refused on A and B",
    "the published activity is on B's cached public list at the next request",
    "anonymous searches on A and B read from the replica",
    "every write went to the primary and reached the replica by streaming",
    "a secretary reads their own write at once",
    "with the replica stopped, A and B answer from the primary; /healthz 200 degraded",
]


def _clusters():
    return subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True, check=True).stdout


def _port_free(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


@pytest.mark.scaleout
def test_scaleout_passes_every_check_and_leaves_nothing_behind():
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass (DATABASE_URL=postgres://...)")
    missing = [tool for tool in ("pg_createcluster", "pg_basebackup", "psql") if shutil.which(tool) is None]
    if missing or (os.geteuid() != 0 and shutil.which("sudo") is None):
        message = f"needs Debian's postgresql-15 tools and root: missing {missing or 'root'}"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)

    done = subprocess.run(
        ["scripts/scaleout"], cwd=ROOT, capture_output=True, text=True, timeout=400, env={**os.environ}
    )

    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    for check in CHECKS:
        assert any(line.startswith("ok   ") and check in line for line in done.stdout.splitlines()), check
    assert "FAIL" not in done.stdout
    assert "scaleout" not in _clusters()
    assert all(_port_free(port) for port in (5471, 5472, 8170, 8171, 8172))
