"""Seeding for the benchmark: at the asked scale once, then reused; and a scratch 1× database."""

import contextlib
import json
import os
import subprocess
import sys
import time
from urllib.parse import urlparse, urlunparse

from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.utils import timezone

from devtools.bench.machine import git_commit
from devtools.demo.generate import generated_part_exists
from devtools.demo.targets import targets_for
from organizations.models import SocialOrganization

# The seeded organizations may differ from the target by the named facts and rounding.
SCALE_TOLERANCE = 0.02


class SeedError(Exception):
    pass


def seeded_scale_matches(scale):
    """(seeded?, matches the scale?, organizations found)."""
    if not generated_part_exists():
        return False, False, 0
    found = SocialOrganization.objects.count()
    expected = targets_for(scale).organizations
    return True, abs(found - expected) <= max(10, expected * SCALE_TOLERANCE), found


def vacuum_analyze():
    """Fresh planner statistics and visibility maps after a bulk load (what autovacuum does later)."""
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    return time.monotonic() - started


def seed(scale, *, reseed=False, stdout=None):
    """Seed `scale` unless already seeded at it. Returns a dict for the report."""
    seeded, matches, found = seeded_scale_matches(scale)
    if seeded and not matches and not reseed:
        raise SeedError(
            f"数据库里已有其他规模的演示数据（{found:,} 个社会组织，--scale {scale} 应约为 "
            f"{targets_for(scale).organizations:,} 个）。请换一个空数据库，或加 --reseed 清空后重新生成。"
        )
    if seeded and matches and not reseed:
        earlier = read_seed_note() or {}
        return {"seeded": False, "organizations": found, "seconds": None, "vacuum_seconds": None, "earlier": earlier}
    if seeded:
        call_command("flush", interactive=False, verbosity=0)
    started = time.monotonic()
    # Silent without an output (the comparison's child run at -v0); else its totals and, on a
    # terminal, its progress.
    call_command("seed_demo", scale=scale, verbosity=1 if stdout is not None else 0, stdout=stdout)
    seconds = time.monotonic() - started
    vacuum_seconds = vacuum_analyze()
    result = {
        "seeded": True,
        "organizations": SocialOrganization.objects.count(),
        "seconds": round(seconds, 1),
        "vacuum_seconds": round(vacuum_seconds, 1),
    }
    write_seed_note({"scale": scale, "seconds": result["seconds"], "vacuum_seconds": result["vacuum_seconds"]})
    return result


def write_seed_note(note):
    """Keep how the data was seeded with the database (its comment), for later runs' reports."""
    if connection.vendor != "postgresql":
        return
    note = {**note, "date": timezone.localtime().strftime("%Y-%m-%d %H:%M %Z"), "commit": git_commit()[0]}
    with contextlib.suppress(DatabaseError), connection.cursor() as cursor:  # only the owner may comment
        cursor.execute(
            f"COMMENT ON DATABASE {connection.ops.quote_name(connection.settings_dict['NAME'])} IS %s",
            [json.dumps(note)],
        )


def read_seed_note():
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = current_database()"
        )
        row = cursor.fetchone()
    try:
        return json.loads(row[0]) if row and row[0] else None
    except ValueError:
        return None


def database_url_for(name):
    """DATABASE_URL with another database name on the same server."""
    url = urlparse(os.environ["DATABASE_URL"])
    return urlunparse(url._replace(path="/" + name))


def _admin_cursor():
    # Connected to the server's maintenance database, as Django's test runner does.
    return connection._nodb_cursor()


def compare_at_scale(scale, *, repeat, stdout):
    """Seed a scratch database at `scale` (timed), run the timing there, drop it.

    Returns {"seed_seconds": ..., "results": [...]} from the child run's JSON."""
    import tempfile

    name = f"{settings.DATABASES['default']['NAME']}_scale{str(scale).replace('.', '_')}"
    with _admin_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    env = {**os.environ, "DATABASE_URL": database_url_for(name)}
    manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
    try:
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=settings.BASE_DIR)
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            subprocess.run(
                [
                    *manage,
                    "bench",
                    f"--scale={scale}",
                    f"--repeat={repeat}",
                    "--skip-throughput",
                    "--compare-scale=0",
                    "--no-write",
                    f"--json={out.name}",
                    "-v0",
                ],
                env=env,
                check=True,
                cwd=settings.BASE_DIR,
            )
            data = json.loads(open(out.name, encoding="utf-8").read())
    finally:
        connection.close()
        with _admin_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    return {
        "scale": scale,
        "seed_seconds": data["seed"]["seconds"],
        "organizations": data["seed"]["organizations"],
        "pages": {row["key"]: row for row in data["pages"]},
    }
