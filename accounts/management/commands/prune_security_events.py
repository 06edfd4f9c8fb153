"""Remove security audit records older than the retention period (default 180 days)."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts.models import SecurityEvent


class Command(BaseCommand):
    help = "Remove security audit records older than --days (default SECURITY_EVENT_RETENTION_DAYS, 180)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.SECURITY_EVENT_RETENTION_DAYS)

    def handle(self, *args, days, **options):
        if days < settings.SECURITY_EVENT_RETENTION_DAYS:
            raise CommandError(
                f"Refused: security records are kept at least {settings.SECURITY_EVENT_RETENTION_DAYS} days."
            )
        cutoff = timezone.now() - datetime.timedelta(days=days)
        removed = SecurityEvent.objects.prune(older_than=cutoff)
        self.stdout.write(f"已删除 {removed} 条 {days} 天前的安全审计记录。")
