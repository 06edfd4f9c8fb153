from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, backup_restore, summary
from operations.progress import CommandProgress


class Command(BaseCommand):
    help = (
        "把 `manage.py backup` 写的备份文件恢复到一个空数据库（先新建数据库；本命令会执行 migrate），"
        "并把媒体文件写回媒体存储。数据库已有账号或业务记录时拒绝恢复。"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="备份文件（.tar.gz）路径。")

    def handle(self, *args, **options):
        try:
            with CommandProgress(self.stdout, verbosity=options["verbosity"]) as progress:
                manifest = backup_restore(path=options["path"], progress=progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"恢复完成：{summary(manifest)}（备份时间 {manifest['created_at']}）"))
