"""Backups: the whole database and the uploaded media in one .tar.gz, and back.

An archive holds
- manifest.json: format, when, from which database, how the database was written, the
  applied migrations, the row count of every table and the media files it carries;
- the database, one consistent moment of it:
  - on PostgreSQL, database.dump: `pg_dump --format=custom` of the snapshot that the row
    counts were read in (a REPEATABLE READ transaction exports its snapshot, pg_dump
    reads through it), so a restore can compare them;
  - on SQLite, or on PostgreSQL with `portable=True` (moving between engines),
    database.json: every row of every table in Django's `dumpdata` format (primary keys
    kept, so that addresses such as /activities/123/ survive a restore);
- media/...: every file of the media storage.

Restoring goes into an empty database (created, or created and migrated, no records).
A pg_dump archive: the tables `migrate` may have created are dropped, pg_restore loads
schema and rows with parallel jobs (a failure drops what was loaded), the counts are compared
with the manifest (any difference drops what was loaded), then `migrate` brings an older
backup's schema up to this code. A JSON archive: `migrate`, the tables cleared of what it put there, the rows
loaded and counted in one transaction. Then the media files are written.
"""

import ctypes
import io
import json
import os
import posixpath
import re
import shutil
import signal
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings
from django.utils import timezone

from accounts import audit

from .progress import NO_PROGRESS

FORMAT = "gzpartybuild-backup"
# 2: the database is database.dump (pg_dump) or database.json, named by "database_format".
VERSION = 2
READABLE_VERSIONS = {1, 2}
MANIFEST = "manifest.json"
DATABASE = "database.json"
PG_DUMP = "database.dump"
DATABASE_FILES = {"json": DATABASE, "pg_dump": PG_DUMP}
MEDIA_PREFIX = "media/"
# Linux's prctl option: the signal a child receives when its parent dies.
PR_SET_PDEATHSIG = 1
# For pg_restore's sessions: memory to build the (trigram and n-gram GIN) indexes in.
RESTORE_SERVER_OPTIONS = "-c maintenance_work_mem=256MB"
# pg_restore's parallel jobs: the large tables' indexes are built side by side (one per core, at most 4).
RESTORE_JOBS = max(1, min(4, os.cpu_count() or 1))

# Transient rows that a restore does not need: open sessions and pending lockout counters.
EXCLUDED_MODELS = ["sessions.Session", "axes.AccessAttempt"]

# Records whose presence means a database is not empty (what `migrate` creates does not count).
DATA_APPS = ["organizations", "partybranches", "activities", "towns"]


class BackupError(Exception):
    """A backup cannot be written or restored; the message is for the operator."""


def _excluded(model):
    return model._meta.label in EXCLUDED_MODELS


def _counted_models():
    """Every table dumpdata writes: concrete models and their many-to-many tables."""
    result = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or _excluded(model):
            continue
        if meta.auto_created and _excluded(meta.auto_created):
            continue
        result.append(model)
    return result


def _table_counts(using):
    return {model._meta.label: model._base_manager.using(using).count() for model in _counted_models()}


def _applied_migrations(using):
    recorder = MigrationRecorder(connections[using])
    applied = {}
    for app, name in sorted(recorder.applied_migrations()):
        applied.setdefault(app, []).append(name)
    return applied


def _media_files(storage, path=""):
    """Every file name in the storage, walking its folders (none if the root is missing)."""
    try:
        folders, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield posixpath.join(path, name) if path else name
    for folder in sorted(folders):
        yield from _media_files(storage, posixpath.join(path, folder) if path else folder)


def _add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    info.mode = 0o644
    tar.addfile(info, io.BytesIO(data))


def default_backup_path(folder):
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return Path(folder) / f"gzpartybuild-{stamp}.tar.gz"


# libpq's environment variables for the connection parameters Django passes to psycopg.
PG_ENVIRONMENT = {
    "host": "PGHOST",
    "port": "PGPORT",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "dbname": "PGDATABASE",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


def _pg_environment(connection):
    """The libpq environment of a Django connection (the password never on a command line)."""
    params = connection.get_connection_params()
    env = dict(os.environ)
    for key, variable in PG_ENVIRONMENT.items():
        value = params.get(key)
        if value not in (None, ""):
            env[variable] = str(value)
    return env


def _pg_tool(name, connection):
    """The path of pg_dump or pg_restore, refused if older than the server (it could not read it)."""
    folder = settings.BACKUP_PG_BIN_DIR
    tool = str(Path(folder) / name) if folder else shutil.which(name)
    if not tool or not Path(tool).is_file():
        raise BackupError(
            f"找不到 {name}：请安装与数据库服务器同版本的 PostgreSQL 客户端（postgresql-client），"
            "或用 DJANGO_PG_BIN_DIR 指明其所在目录。"
        )
    version = subprocess.run([tool, "--version"], capture_output=True, text=True, check=False).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", version)
    server = connection.pg_version // 10000
    if match is None or int(match.group(1)) < server:
        raise BackupError(f"{name} 的版本（{version.strip() or '未知'}）低于数据库服务器（{server}），无法使用。")
    return tool


def _die_with_parent():
    """In the child, before pg_dump or pg_restore starts: end it if this process is killed
    (kill -9 included), so that no orphan goes on writing a dump or loading a database."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the child may outlive a killed parent
        pass


def _run(command, connection, what, options=""):
    env = _pg_environment(connection)
    if options:
        env["PGOPTIONS"] = f"{env.get('PGOPTIONS', '')} {options}".strip()
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False, preexec_fn=_die_with_parent)
    if result.returncode != 0:
        raise BackupError(f"{what}失败：{result.stderr.strip()[-2000:]}")
    return result


def _excluded_tables():
    return [apps.get_model(label)._meta.db_table for label in EXCLUDED_MODELS]


def _dump_postgresql(dump, using):
    """pg_dump -Fc of one snapshot, and the row counts read in that same snapshot."""
    connection = connections[using]
    tool = _pg_tool("pg_dump", connection)
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        counts = _table_counts(using)
        migrations = _applied_migrations(using)
        command = [tool, "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
        command += [f"--exclude-table-data={table}" for table in _excluded_tables()]
        command += [f"--file={dump}"]
        # The transaction stays open while pg_dump reads through its snapshot.
        _run(command, connection, "pg_dump 备份数据库")
    return counts, migrations


def _dump_json(dump, using):
    connection = connections[using]
    # One transaction, so that the dump and the counts are one moment of the database.
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and connection.in_atomic_block and not connection.savepoint_ids:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        counts = _table_counts(using)
        call_command(
            "dumpdata",
            database=using,
            exclude=EXCLUDED_MODELS,
            use_base_manager=True,
            output=str(dump),
            verbosity=0,
        )
        migrations = _applied_migrations(using)
    return counts, migrations


def backup_create(
    *, path, using=DEFAULT_DB_ALIAS, storage=None, include_media=True, portable=False, progress=NO_PROGRESS
):
    """Write a backup archive to `path` (written aside, then renamed into place).

    On PostgreSQL the database goes in as `pg_dump --format=custom`, unless `portable`
    asks for JSON rows (to restore into another engine); SQLite always writes JSON.
    The archive holds password hashes and non-public fields: it is readable by its owner
    only (0600, from the moment it is created), in a folder created 0700."""
    storage = storage or default_storage
    path = Path(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    connection = connections[using]
    database_format = "pg_dump" if connection.vendor == "postgresql" and not portable else "json"
    with tempfile.TemporaryDirectory(prefix="gzpb-backup-") as work:
        dump = Path(work) / DATABASE_FILES[database_format]
        with progress.stage("读取数据库"):
            if database_format == "pg_dump":
                counts, migrations = _dump_postgresql(dump, using)
            else:
                counts, migrations = _dump_json(dump, using)

        media = []
        partial = path.with_name(path.name + ".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        os.fchmod(descriptor, 0o600)
        # pg_dump's custom format is compressed already, like the JPEG media: gzip's fastest level.
        level = 1 if database_format == "pg_dump" else 6
        with (
            os.fdopen(descriptor, "wb") as target,
            tarfile.open(fileobj=target, mode="w:gz", compresslevel=level) as tar,
        ):
            with progress.stage("压缩数据库记录"):
                tar.add(dump, arcname=dump.name)
            if include_media:
                with progress.stage("媒体文件"):
                    names = list(_media_files(storage))
                    progress.set_total(len(names))
                    for name in names:
                        with storage.open(name, "rb") as handle:
                            data = handle.read()
                        _add_bytes(tar, MEDIA_PREFIX + name, data)
                        media.append({"name": name, "size": len(data)})
                        progress.advance()
            manifest = {
                "format": FORMAT,
                "version": VERSION,
                "created_at": timezone.now().isoformat(),
                "database_vendor": connection.vendor,
                "database_format": database_format,
                "migrations": migrations,
                "counts": counts,
                "media": media,
            }
            _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
        os.replace(partial, path)
    audit.record("backup", obj=str(path), detail=f"{sum(counts.values())} 行，{len(media)} 个文件")
    return manifest


def _safe_media_name(member_name):
    """The storage name of an archive member under media/, or None if it is not a safe one."""
    if not member_name.startswith(MEDIA_PREFIX):
        return None
    name = member_name[len(MEDIA_PREFIX) :]
    parts = name.split("/")
    if not name or name.startswith("/") or any(part in {"", ".", ".."} for part in parts) or "\\" in name:
        return None
    return name


def read_manifest(tar):
    try:
        member = tar.getmember(MANIFEST)
    except KeyError as exc:
        raise BackupError("备份文件中没有 manifest.json，不是本系统的备份。") from exc
    manifest = json.loads(tar.extractfile(member).read())
    if manifest.get("format") != FORMAT or manifest.get("version") not in READABLE_VERSIONS:
        raise BackupError("备份文件格式不受支持。")
    manifest.setdefault("database_format", "json")
    if manifest["database_format"] not in DATABASE_FILES:
        raise BackupError("备份文件格式不受支持。")
    return manifest


def database_is_empty(using=DEFAULT_DB_ALIAS):
    user_model = apps.get_model("auth", "User")
    if user_model._base_manager.using(using).exists():
        return False
    for label in DATA_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._base_manager.using(using).exists():
                return False
    return True


def _check_migrations(manifest, using):
    """Refuse an archive written by newer code than this one (unknown migrations)."""
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(connections[using], ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    unknown = [
        f"{app}.{name}" for app, names in manifest["migrations"].items() for name in names if (app, name) not in known
    ]
    if unknown:
        raise BackupError(
            "备份来自更新版本的程序（本程序不认识以下数据库迁移：" + "、".join(unknown[:5]) + "），请先升级程序再恢复。"
        )


def _flush_tables(using):
    """Clear every table (what `migrate` created: content types, permissions...)."""
    connection = connections[using]
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    sql = connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=False)
    connection.ops.execute_sql_flush(sql)


def _postgresql_is_empty(using):
    """Whether a PostgreSQL database may receive a pg_dump archive: no tables at all, or
    what `migrate` creates without any account or record."""
    connection = connections[using]
    tables = connection.introspection.table_names(include_views=True)
    if not tables:
        return True
    try:
        with transaction.atomic(using=using):
            return database_is_empty(using)
    except DatabaseError:
        # Tables, but not this application's schema: someone else's database.
        return False


def _drop_tables(using):
    """Drop every table of the current schema (only ever called on a database found empty)."""
    connection = connections[using]
    tables = connection.introspection.table_names()
    views = set(connection.introspection.table_names(include_views=True)) - set(tables)
    with transaction.atomic(using=using), connection.cursor() as cursor:
        if views:
            cursor.execute(
                "DROP VIEW IF EXISTS " + ", ".join(map(connection.ops.quote_name, sorted(views))) + " CASCADE"
            )
        if tables:
            cursor.execute(
                "DROP TABLE IF EXISTS " + ", ".join(map(connection.ops.quote_name, sorted(tables))) + " CASCADE"
            )


def _restore_list(tool, dump, connection, work):
    """pg_restore's table of contents without the extensions: they are created beforehand by
    this connection (`CREATE EXTENSION IF NOT EXISTS`), since their owner and comment may
    belong to another role than the application's."""
    listing = _run([tool, "--list", str(dump)], connection, "读取备份的目录").stdout
    kept, extensions = [], []
    for line in listing.splitlines():
        match = re.match(r"^\d+;\s*\d+\s+\d+\s+(EXTENSION|COMMENT)\s+\S+\s+(?:EXTENSION\s+)?(\S+)", line)
        if match and match.group(1) == "EXTENSION":
            extensions.append(match.group(2))
            continue
        if match and "COMMENT - EXTENSION" in line:
            continue
        kept.append(line)
    path = Path(work) / "restore.list"
    path.write_text("\n".join(kept) + "\n")
    return path, extensions


def _restore_postgresql(dump, manifest, using, work, progress):
    connection = connections[using]
    if connection.vendor != "postgresql":
        raise BackupError(
            "这个备份由 pg_dump 写成，只能恢复到 PostgreSQL。要在不同数据库之间迁移，"
            "请在原数据库上用 `manage.py backup --portable` 另做一个备份。"
        )
    tool = _pg_tool("pg_restore", connection)
    if not _postgresql_is_empty(using):
        raise BackupError("目标数据库不是空的（已有账号或业务记录）。请新建数据库后再恢复。")
    with progress.stage("载入记录并核对行数"):
        listing, extensions = _restore_list(tool, dump, connection, work)
        _drop_tables(using)
        with connection.cursor() as cursor:
            for name in extensions:
                cursor.execute(f"CREATE EXTENSION IF NOT EXISTS {connection.ops.quote_name(name)}")
        # --clean: the functions and collations `migrate` may have created go too, before their
        # copy. Parallel jobs (the indexes of the large tables are most of the time): a failure
        # drops what was loaded, so the database is as empty as it was and a second restore
        # accepts it.
        command = [tool, "--no-owner", "--no-privileges", f"--jobs={RESTORE_JOBS}", "--exit-on-error"]
        command += ["--clean", "--if-exists", f"--use-list={listing}"]
        command += [f"--dbname={connection.settings_dict['NAME']}", str(dump)]
        try:
            _run(command, connection, "pg_restore 恢复数据库", options=RESTORE_SERVER_OPTIONS)
        except BackupError:
            connection.close()
            _drop_tables(using)
            raise
        connection.close()
        ContentType.objects.clear_cache()
        counts = _table_counts(using)
        differences = _differences(manifest, counts)
        if differences:
            _drop_tables(using)
            raise BackupError(f"恢复后的记录数与备份不符，已撤销恢复：{differences}")
    # An older backup's schema brought up to this code's migrations.
    with progress.stage("迁移数据库"):
        call_command("migrate", database=using, interactive=False, verbosity=0)


def _differences(manifest, counts):
    differences = {
        label: (expected, counts.get(label))
        for label, expected in manifest["counts"].items()
        if counts.get(label) != expected
    }
    return "；".join(f"{label} 应为 {want}，实为 {got}" for label, (want, got) in differences.items())


def _restore_json(dump, manifest, using, progress):
    with progress.stage("迁移数据库"):
        call_command("migrate", database=using, interactive=False, verbosity=0)
    if not database_is_empty(using):
        raise BackupError("目标数据库不是空的（已有账号或业务记录）。请新建数据库并执行 migrate 后再恢复。")

    with progress.stage("载入记录并核对行数"), transaction.atomic(using=using):
        _flush_tables(using)
        # The history rows come from the archive: loading must not write new ones
        # (many-to-many fields would, through their change signal).
        with override_settings(SIMPLE_HISTORY_ENABLED=False), audit.suspended():
            call_command("loaddata", str(dump), database=using, verbosity=0)
        differences = _differences(manifest, _table_counts(using))
        if differences:
            raise BackupError(f"恢复后的记录数与备份不符，已撤销恢复：{differences}")
    # Content types and permissions of models newer than the backup.
    emit_post_migrate_signal(0, False, using)


def backup_restore(*, path, using=DEFAULT_DB_ALIAS, storage=None, progress=NO_PROGRESS):
    """Restore an archive into an empty database. Returns the manifest."""
    storage = storage or default_storage
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"找不到备份文件：{path}")
    try:
        tar = tarfile.open(path, "r:gz")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"无法读取备份文件（{exc}）。") from exc
    with tar, tempfile.TemporaryDirectory(prefix="gzpb-restore-") as work:
        manifest = read_manifest(tar)
        database_file = DATABASE_FILES[manifest["database_format"]]
        _check_migrations(manifest, using)
        media_members = []
        for member in tar.getmembers():
            if member.name in {MANIFEST, database_file}:
                if not member.isfile():
                    raise BackupError(f"备份文件中的 {member.name} 不是普通文件。")
                continue
            name = _safe_media_name(member.name)
            if name is None or not member.isfile():
                raise BackupError(f"备份文件中有不安全的条目：{member.name}")
            media_members.append((member, name))
        try:
            database_member = tar.getmember(database_file)
        except KeyError as exc:
            raise BackupError(f"备份文件中没有 {database_file}。") from exc
        dump = Path(work) / database_file
        with tar.extractfile(database_member) as source, open(dump, "wb") as target:
            shutil.copyfileobj(source, target)

        if manifest["database_format"] == "pg_dump":
            _restore_postgresql(dump, manifest, using, work, progress)
        else:
            _restore_json(dump, manifest, using, progress)

        with progress.stage("写回媒体文件", total=len(media_members)):
            for member, name in media_members:
                with tar.extractfile(member) as source:
                    if storage.exists(name):
                        storage.delete(name)
                    saved = storage.save(name, File(source, name=posixpath.basename(name)))
                if saved != name:
                    raise BackupError(f"媒体文件 {name} 被存储为 {saved}，恢复不完整。")
                progress.advance()
    audit.record("restore", obj=str(path), detail=summary(manifest))
    return manifest


def summary(manifest):
    rows = sum(manifest["counts"].values())
    size = sum(item["size"] for item in manifest["media"])
    return f"{rows} 行数据（{len(manifest['counts'])} 张表），{len(manifest['media'])} 个媒体文件（{size} 字节）"
