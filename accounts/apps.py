from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_staff_group(sender, using, **kwargs):
    """Keep the 局工作人员 group and its permissions in step after every migrate.

    Django creates permissions app by app on this same signal, so the group is
    refreshed after auth's and each of our apps' permissions exist; the last
    call sees them all. Idempotent.
    """
    from .permissions import STAFF_MODELS, ensure_staff_group

    if sender.label in {"auth", *STAFF_MODELS}:
        ensure_staff_group(using=using)


class AccountsConfig(AppConfig):
    """Accounts and their security: two-factor sign-in, the security audit log, the staff
    group's rights, the user admin and the reset links staff send."""

    name = "accounts"
    verbose_name = "账号与安全"

    def ready(self):
        from . import audit

        post_migrate.connect(_ensure_staff_group, dispatch_uid="accounts.ensure_staff_group")
        audit.connect()
