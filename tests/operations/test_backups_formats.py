"""How the database goes into a backup: pg_dump's custom format on PostgreSQL, JSON rows on
SQLite or on request (`--portable`, to move between engines); every round trip gives back
exactly the rows that were backed up."""

import io
import json
import shutil
import stat
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from activities.models import Activity
from operations.backups import MANIFEST, PG_DUMP
from tests.helpers import factories

pytestmark = pytest.mark.django_db(transaction=True)

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump and pg_restore back up PostgreSQL only"
)

# Every business record, the accounts and the change history, as dumpdata writes them.
COMPARED = [
    "auth.user",
    "auth.group",
    "organizations",
    "partybranches",
    "activities",
    "towns",
]


def _rows():
    out = io.StringIO()
    call_command("dumpdata", *COMPARED, use_base_manager=True, stdout=out, verbosity=0)
    return sorted(json.loads(out.getvalue()), key=lambda row: (row["model"], str(row["pk"])))


def _members(archive):
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile(MANIFEST).read())
        return manifest, {member.name: tar.extractfile(member).read() for member in tar.getmembers()}


@pytest.fixture
def records(secretary_a, branch_a):
    activity = factories.ActivityFactory(organizer=branch_a, created_by=secretary_a, title="农林街志愿服务")
    factories.ActivityFactory(organizer=branch_a, state=Activity.State.DRAFT, title="草稿活动")
    factories.ActivityPhotoFactory(activity=activity)
    return activity


def _disaster(settings):
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    Path(settings.MEDIA_ROOT).mkdir()


@postgres_only
def test_postgresql_backup_is_a_pg_dump_and_its_restore_gives_back_equal_rows(records, tmp_path, settings):
    before = _rows()
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", output=str(archive), stdout=io.StringIO())

    manifest, members = _members(archive)
    assert manifest["database_format"] == "pg_dump"
    assert members[PG_DUMP].startswith(b"PGDMP")  # pg_dump's custom format
    assert "database.json" not in members
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600

    _disaster(settings)
    call_command("restore", str(archive), stdout=io.StringIO())

    assert _rows() == before
    # The sequences come back too: a new record gets an id after the restored ones.
    newer = factories.ActivityFactory(organizer=records.organizer)
    assert newer.pk > max(row["pk"] for row in before if row["model"] == "activities.activity")


@postgres_only
def test_postgresql_restore_goes_into_a_database_without_any_table(records, tmp_path, settings):
    """The usual disaster recovery: `createdb`, then `restore` (no migrate before)."""
    before = _rows()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE " + ", ".join(connection.ops.quote_name(name) for name in tables) + " CASCADE")
    assert connection.introspection.table_names() == []

    call_command("restore", str(archive), stdout=io.StringIO())

    assert _rows() == before


@postgres_only
def test_a_failed_pg_restore_leaves_the_database_empty_for_the_next_restore(records, tmp_path, settings, monkeypatch):
    """pg_restore loads with parallel jobs (no single transaction): when it fails after loading
    part of the archive, what it loaded is dropped, and the next restore is accepted."""
    from operations import backups

    before = _rows()
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    _disaster(settings)
    real_run = backups._run

    def fails_after_loading(command, *args, **kwargs):
        result = real_run(command, *args, **kwargs)
        if "pg_restore" in command[0] and any(part.startswith("--dbname") for part in command):
            assert any(part.startswith("--jobs=") for part in command)
            raise backups.BackupError("pg_restore 恢复数据库失败：模拟的中途失败")
        return result

    monkeypatch.setattr(backups, "_run", fails_after_loading)
    with pytest.raises(CommandError, match="模拟的中途失败"):
        call_command("restore", str(archive), stdout=io.StringIO())
    connection.close()
    assert connection.introspection.table_names() == []

    monkeypatch.setattr(backups, "_run", real_run)
    call_command("restore", str(archive), stdout=io.StringIO())
    assert _rows() == before


def test_portable_backup_writes_json_rows_and_restores_them_equal(records, tmp_path, settings):
    before = _rows()
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", output=str(archive), portable=True, stdout=io.StringIO())

    manifest, members = _members(archive)
    assert manifest["database_format"] == "json"
    assert PG_DUMP not in members
    assert any(row["model"] == "activities.activity" for row in json.loads(members["database.json"]))

    _disaster(settings)
    call_command("restore", str(archive), stdout=io.StringIO())

    assert _rows() == before


@pytest.mark.skipif(connection.vendor == "postgresql", reason="checks the refusal on a database other than PostgreSQL")
def test_a_pg_dump_archive_is_refused_by_another_engine_with_the_way_to_move(records, tmp_path):
    sqlite_archive = tmp_path / "sqlite.tar.gz"
    call_command("backup", output=str(sqlite_archive), stdout=io.StringIO())
    manifest, members = _members(sqlite_archive)
    manifest["database_vendor"] = "postgresql"
    manifest["database_format"] = "pg_dump"
    archive = tmp_path / "postgresql.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, data in [(MANIFEST, json.dumps(manifest).encode()), (PG_DUMP, b"PGDMP")]:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    before = _rows()

    with pytest.raises(CommandError, match="只能恢复到 PostgreSQL.*--portable"):
        call_command("restore", str(archive), stdout=io.StringIO())

    assert _rows() == before


@postgres_only
def test_a_pg_dump_older_than_the_server_is_refused_with_a_message(records, tmp_path, settings):
    folder = tmp_path / "old-client"
    folder.mkdir()
    tool = folder / "pg_dump"
    tool.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 9.6.24'\n")
    tool.chmod(0o755)
    settings.BACKUP_PG_BIN_DIR = str(folder)
    archive = tmp_path / "backup.tar.gz"

    with pytest.raises(CommandError, match="pg_dump 的版本.*低于数据库服务器"):
        call_command("backup", output=str(archive), stdout=io.StringIO())

    assert not archive.exists()
