"""The security audit log: who signed in or failed to, changed rights, exported or imported
data, made or restored a backup — with time, address, outcome and object.

Append-only from the application: a row is never changed or deleted through the ORM (save
of an existing row, delete, QuerySet.update and QuerySet.delete raise), the admin offers
neither, and only `prune_security_events` removes rows older than the retention period.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AppendOnly(Exception):
    """A security event is never changed or deleted by the application."""


class SecurityEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnly("security events are never changed")

    def delete(self):
        raise AppendOnly("security events are removed by prune_security_events only")

    def prune(self, *, older_than):
        """Remove events older than `older_than` (a datetime); the retention command's only path."""
        old = self.filter(at__lt=older_than)
        return old._raw_delete(old.db)


class SecurityEvent(models.Model):
    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", "登录"
        SIGN_OUT = "sign_out", "退出登录"
        SIGN_IN_FAILED = "sign_in_failed", "登录失败"
        LOCKED_OUT = "locked_out", "账号锁定"
        SECOND_FACTOR = "second_factor", "两步验证"
        SECOND_FACTOR_ENROLLED = "second_factor_enrolled", "开启两步验证"
        SECOND_FACTOR_RESET = "second_factor_reset", "重置两步验证"
        PASSWORD_CHANGED = "password_changed", "修改密码"
        RIGHTS_CHANGED = "rights_changed", "权限或分组变更"
        EXPORT = "export", "导出"
        IMPORT = "import", "导入"
        BACKUP = "backup", "备份"
        RESTORE = "restore", "恢复"

    class Outcome(models.TextChoices):
        SUCCESS = "success", "成功"
        FAILURE = "failure", "失败"

    at = models.DateTimeField("时间", default=timezone.now, db_index=True)
    kind = models.CharField("事件", max_length=32, choices=Kind)
    outcome = models.CharField("结果", max_length=16, choices=Outcome, default=Outcome.SUCCESS)
    # The acting user's id is kept even after the account is deleted (no constraint, no cascade).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作用户",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    username = models.CharField("用户名", max_length=150, blank=True)
    address = models.GenericIPAddressField("来源地址", null=True, blank=True)
    object = models.CharField("对象", max_length=300, blank=True)
    detail = models.CharField("说明", max_length=500, blank=True)

    objects = SecurityEventQuerySet.as_manager()

    class Meta:
        # The table keeps the name it had before the model moved here from the project package.
        db_table = "gzpartybuild_securityevent"
        verbose_name = "安全审计记录"
        verbose_name_plural = "安全审计记录"
        ordering = ["-at", "-pk"]
        default_permissions = ()
        permissions = [("audit_securityevent", "可查阅和导出安全审计日志")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.username}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("security events are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("security events are removed by prune_security_events only")
