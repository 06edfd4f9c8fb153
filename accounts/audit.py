"""Recording security events (accounts.models.SecurityEvent) from wherever they happen.

Sign-in, sign-out and failures come from Django's auth signals, lockouts from django-axes,
password and rights changes from the user and group models' signals (the acting user and
address from the request simple-history keeps for the current thread); two-factor steps,
exports, imports, backups and restores call `record` themselves.
"""

import contextlib
import contextvars
import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, pre_save
from simple_history.models import HistoricalRecords

from gzpartybuild.auth import client_ip

logger = logging.getLogger("gzpartybuild.security")

# Set while a restore loads an archive's rows: the archive holds its own security events, and
# the signals of the rows being loaded (a user's groups) are not new events.
_suspended = contextvars.ContextVar("audit_suspended", default=False)


@contextlib.contextmanager
def suspended():
    """Record nothing inside this block (a restore loading the archive's own rows)."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def _current_request():
    return getattr(HistoricalRecords.context, "request", None)


def record(kind, *, request=None, user=None, username="", outcome="success", obj="", detail=""):
    """Append one security event; `request` gives the address (and the user when none is given)."""
    from .models import SecurityEvent

    if _suspended.get():
        return None
    if request is None:
        request = _current_request()
    if user is None and request is not None:
        candidate = getattr(request, "user", None)
        if candidate is not None and candidate.is_authenticated:
            user = candidate
    if user is not None and not username:
        username = user.get_username()
    address = client_ip(request) if request is not None else None
    event = SecurityEvent.objects.create(
        kind=kind,
        outcome=outcome,
        user=user,
        username=(username or "")[:150],
        address=address or None,
        object=str(obj)[:300],
        detail=str(detail)[:500],
    )
    logger.info("security event %s %s user=%s address=%s object=%s", kind, outcome, username, address, obj)
    return event


def _signed_in(sender, request, user, **kwargs):
    record("sign_in", request=request, user=user)


def _signed_out(sender, request, user, **kwargs):
    if user is not None:
        record("sign_out", request=request, user=user)


def _sign_in_failed(sender, credentials, request=None, **kwargs):
    record("sign_in_failed", request=request, username=str(credentials.get("username", "")), outcome="failure")


def _locked_out(sender, request, username, ip_address, **kwargs):
    record("locked_out", request=request, username=str(username or ""), outcome="failure", detail=f"地址 {ip_address}")


RIGHTS_FIELDS = ("is_staff", "is_superuser", "is_active")


def _user_changing(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or instance.pk is None:
        return
    watched = {"password", *RIGHTS_FIELDS}
    if update_fields is not None and not watched & set(update_fields):
        return
    before = sender._base_manager.filter(pk=instance.pk).values("password", *RIGHTS_FIELDS).first()
    if before is None:
        return
    who = instance.get_username()
    if before["password"] != instance.password:
        record("password_changed", obj=who)
    changed = [
        f"{field}: {before[field]} → {getattr(instance, field)}"
        for field in RIGHTS_FIELDS
        if before[field] != getattr(instance, field)
    ]
    if changed:
        record("rights_changed", obj=who, detail="；".join(changed))


def _m2m_rights_changed(sender, instance, action, pk_set, model, reverse, **kwargs):
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    names = sorted(str(item) for item in model._base_manager.filter(pk__in=pk_set or []))
    verb = {"post_add": "加入", "post_remove": "移除", "post_clear": "清空"}[action]
    record(
        "rights_changed",
        obj=str(instance),
        detail=f"{sender._meta.verbose_name or sender.__name__}：{verb} {'、'.join(names)}"[:500],
    )


def connect():
    from axes.signals import user_locked_out

    User = get_user_model()
    user_logged_in.connect(_signed_in, dispatch_uid="accounts.audit.sign_in")
    user_logged_out.connect(_signed_out, dispatch_uid="accounts.audit.sign_out")
    user_login_failed.connect(_sign_in_failed, dispatch_uid="accounts.audit.sign_in_failed")
    user_locked_out.connect(_locked_out, dispatch_uid="accounts.audit.locked_out")
    pre_save.connect(_user_changing, sender=User, dispatch_uid="accounts.audit.user_changing")
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(_m2m_rights_changed, sender=through, dispatch_uid=f"accounts.audit.{through.__name__}")
