from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from operations.backups import BackupError, backup_create, default_backup_path, summary
from operations.progress import CommandProgress


class Command(BaseCommand):
    help = (
        "备份数据库（一个只读事务内的全部记录）和上传的媒体文件，写成一个 .tar.gz 文件。"
        "用 `manage.py restore 文件` 恢复到一个空数据库。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            "-o",
            help="备份文件路径（默认写到 DJANGO_BACKUP_DIR 下，文件名带时间）。",
        )
        parser.add_argument(
            "--no-media",
            action="store_true",
            help="不备份媒体文件（媒体在对象存储上另行备份时使用）。",
        )

    def handle(self, *args, **options):
        path = options["output"] or default_backup_path(settings.BACKUP_DIR)
        try:
            with CommandProgress(self.stdout, verbosity=options["verbosity"]) as progress:
                manifest = backup_create(path=path, include_media=not options["no_media"], progress=progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"备份完成：{path}，{summary(manifest)}"))
