"""Backups: the whole database and the uploaded media in one .tar.gz, and back.

An archive holds
- manifest.json: format, when, from which database, the applied migrations, the row
  count of every table and the media files it carries;
- database.json: every row of every table (Django's `dumpdata` format, primary keys
  kept, so that addresses such as /activities/123/ survive a restore), read in one
  read-only transaction so that it is one consistent moment;
- media/...: every file of the media storage.

Restoring goes into an empty database (created and migrated, no records): the tables
are cleared of what `migrate` put there, the rows loaded, the counts compared with the
manifest (any difference undoes the load), then the media files written.
"""

import io
import json
import os
import posixpath
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.test.utils import override_settings
from django.utils import timezone

from accounts import audit

from .progress import NO_PROGRESS

FORMAT = "gzpartybuild-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE = "database.json"
MEDIA_PREFIX = "media/"

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


def backup_create(*, path, using=DEFAULT_DB_ALIAS, storage=None, include_media=True, progress=NO_PROGRESS):
    """Write a backup archive to `path` (written aside, then renamed into place).

    The archive holds password hashes and non-public fields: it is readable by its owner
    only (0600, from the moment it is created), in a folder created 0700."""
    storage = storage or default_storage
    path = Path(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    connection = connections[using]
    with tempfile.TemporaryDirectory(prefix="gzpb-backup-") as work:
        dump = Path(work) / DATABASE
        # One transaction, so that the dump and the counts are one moment of the database.
        with progress.stage("读取数据库"), transaction.atomic(using=using):
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

        media = []
        partial = path.with_name(path.name + ".partial")
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        os.fchmod(descriptor, 0o600)
        with os.fdopen(descriptor, "wb") as target, tarfile.open(fileobj=target, mode="w:gz") as tar:
            with progress.stage("压缩数据库记录"):
                tar.add(dump, arcname=DATABASE)
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
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
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
        _check_migrations(manifest, using)
        media_members = []
        for member in tar.getmembers():
            if member.name in {MANIFEST, DATABASE}:
                if not member.isfile():
                    raise BackupError(f"备份文件中的 {member.name} 不是普通文件。")
                continue
            name = _safe_media_name(member.name)
            if name is None or not member.isfile():
                raise BackupError(f"备份文件中有不安全的条目：{member.name}")
            media_members.append((member, name))
        try:
            database_member = tar.getmember(DATABASE)
        except KeyError as exc:
            raise BackupError("备份文件中没有 database.json。") from exc
        dump = Path(work) / DATABASE
        with tar.extractfile(database_member) as source, open(dump, "wb") as target:
            shutil.copyfileobj(source, target)

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
            counts = _table_counts(using)
            differences = {
                label: (expected, counts.get(label))
                for label, expected in manifest["counts"].items()
                if counts.get(label) != expected
            }
            if differences:
                detail = "；".join(f"{label} 应为 {want}，实为 {got}" for label, (want, got) in differences.items())
                raise BackupError(f"恢复后的记录数与备份不符，已撤销恢复：{detail}")
        # Content types and permissions of models newer than the backup.
        emit_post_migrate_signal(0, False, using)

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
