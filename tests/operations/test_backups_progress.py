"""backup and restore show their stages on a terminal, and only their result line elsewhere."""

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.helpers import factories
from tests.helpers.terminal import terminal

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def photos(branch_a):
    activity = factories.ActivityFactory(organizer=branch_a, title="农林街志愿服务")
    return [factories.ActivityPhotoFactory(activity=activity, position=n) for n in range(2)]


def _media_files(settings):
    return sum(1 for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())


def test_backup_and_restore_show_their_stages_on_a_terminal(photos, tmp_path, settings):
    archive = tmp_path / "backup.tar.gz"
    files = _media_files(settings)

    with terminal() as term:
        call_command("backup", output=str(archive), stdout=term.file)
        term.file.flush()
    backup = term.text

    assert "读取数据库" in backup and "媒体文件" in backup
    assert f"{files}/{files}" in backup and "━" in backup
    assert backup.count("✓") >= 3
    assert "备份完成" in backup

    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.MEDIA_ROOT)
    Path(settings.MEDIA_ROOT).mkdir()
    with terminal() as term:
        call_command("restore", str(archive), stdout=term.file)
        term.file.flush()
    restore = term.text

    for stage in ("迁移数据库", "载入记录并核对行数", "写回媒体文件"):
        assert stage in restore
    assert f"{files}/{files}" in restore
    assert "恢复完成" in restore
    assert _media_files(settings) == files


def test_without_a_terminal_backup_and_restore_write_their_result_line_only(photos, tmp_path, settings):
    archive = tmp_path / "backup.tar.gz"
    out = io.StringIO()

    call_command("backup", output=str(archive), stdout=out)
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(archive), stdout=out)

    lines = out.getvalue().splitlines()
    assert [line[:4] for line in lines] == ["备份完成", "恢复完成"]
    assert "\x1b" not in out.getvalue()
