"""The backup round trip: records and a photo survive backup, an emptied database, restore."""

import io
import shutil
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from activities.models import Activity, ActivityPhoto
from operations.backups import MANIFEST
from organizations.models import SocialOrganization
from partybranches.models import PartyOrganization
from tests.helpers import factories

pytestmark = pytest.mark.django_db(transaction=True)

COUNTED = [User, SocialOrganization, PartyOrganization, Activity, ActivityPhoto]


def _counts():
    counts = {model._meta.label: model.objects.count() for model in COUNTED}
    counts["history"] = Activity.history.count() + SocialOrganization.history.count()
    counts["secretaries"] = PartyOrganization.secretaries.through.objects.count()
    return counts


@pytest.fixture
def records(secretary_a, branch_a):
    published = factories.ActivityFactory(organizer=branch_a, created_by=secretary_a, title="农林街志愿服务")
    factories.ActivityFactory(organizer=branch_a, state=Activity.State.DRAFT, title="草稿活动")
    photo = factories.ActivityPhotoFactory(activity=published)
    return published, photo


def test_backup_then_restore_into_emptied_database_gives_back_records_and_photo(records, tmp_path, settings):
    published, photo = records
    photo_name = photo.image.name
    photo_bytes = default_storage.open(photo_name).read()
    before = _counts()
    before_ids = list(Activity.objects.values_list("pk", flat=True))
    archive = tmp_path / "backup.tar.gz"

    call_command("backup", output=str(archive), stdout=io.StringIO())

    # The disaster: every table emptied, every uploaded file gone.
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    Path(settings.MEDIA_ROOT).mkdir()
    assert User.objects.count() == 0
    assert not default_storage.exists(photo_name)

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    assert "恢复完成" in out.getvalue()
    assert _counts() == before
    restored = Activity.objects.get(pk=published.pk)
    assert restored.title == "农林街志愿服务"
    assert restored.created_by.username == "secretary_a"
    assert restored.photos.get().image.name == photo_name
    assert default_storage.open(photo_name).read() == photo_bytes
    # The restored accounts still sign in with their passwords.
    assert User.objects.get(username="secretary_a").check_password("test-pass-2026")
    # New records get fresh ids after the restored ones.
    newer = factories.ActivityFactory(organizer=restored.organizer)
    assert newer.pk > max(before_ids)
    # Both steps are in the security audit log.
    from accounts.models import SecurityEvent

    assert SecurityEvent.objects.filter(kind="restore", object=str(archive)).exists()


def test_restore_refuses_a_database_that_has_records(records, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    before = _counts()

    with pytest.raises(CommandError, match="目标数据库不是空的"):
        call_command("restore", str(archive), stdout=io.StringIO())

    assert _counts() == before


def test_backup_manifest_lists_table_counts_and_media(records, tmp_path):
    import json

    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())

    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile(MANIFEST).read())
        names = tar.getnames()
    assert manifest["counts"]["activities.Activity"] == 2
    assert manifest["counts"]["auth.User"] == 1
    assert "sessions.Session" not in manifest["counts"]
    assert {item["name"] for item in manifest["media"]} == {n[len("media/") :] for n in names if n.startswith("media/")}
    assert len(manifest["media"]) == 2  # the photo and its thumbnail


def test_backup_is_readable_by_its_owner_only(records, tmp_path):
    import os
    import stat

    folder = tmp_path / "new-folder"
    archive = folder / "backup.tar.gz"
    old_umask = os.umask(0o022)
    try:
        call_command("backup", output=str(archive), stdout=io.StringIO())
    finally:
        os.umask(old_umask)

    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert list(folder.iterdir()) == [archive]


def test_restore_refuses_an_archive_with_a_path_outside_media(tmp_path, db):
    archive = tmp_path / "evil.tar.gz"
    good = tmp_path / "good.tar.gz"
    call_command("backup", output=str(good), stdout=io.StringIO())
    with tarfile.open(good) as source, tarfile.open(archive, "w:gz") as tar:
        for member in source.getmembers():
            tar.addfile(member, source.extractfile(member))
        info = tarfile.TarInfo("media/../../escaped.txt")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"bad"))

    with pytest.raises(CommandError, match="不安全的条目"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert not (tmp_path / "escaped.txt").exists()


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, db):
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("readme.txt")
        info.size = 2
        tar.addfile(info, io.BytesIO(b"hi"))

    with pytest.raises(CommandError, match="不是本系统的备份"):
        call_command("restore", str(archive), stdout=io.StringIO())
