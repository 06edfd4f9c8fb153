"""Demo accounts: bureau staff and two party-organization secretaries."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model

from gzpartybuild.permissions import ensure_staff_group

from .facts import BUREAU

DEFAULT_PASSWORD = "gzpb-demo-2026"

BUREAU_USERNAME = "bureau"
SECRETARY_USERNAMES = ("secretary1", "secretary2")


def demo_password(option=None):
    """--password, else the DEMO_PASSWORD setting (from the environment), else the default."""
    return option or getattr(settings, "DEMO_PASSWORD", "") or DEFAULT_PASSWORD


@dataclass
class Accounts:
    bureau: object
    secretaries: list


def ensure_accounts(password):
    """Create the demo accounts if missing and (re)set their password; idempotent."""
    User = get_user_model()
    bureau = _user(
        User,
        BUREAU_USERNAME,
        password,
        first_name=f"{BUREAU}工作人员",
        email="bureau@example.com",
        is_staff=True,
    )
    bureau.groups.add(ensure_staff_group())
    secretaries = [
        _user(User, username, password, first_name=first_name, email=f"{username}@example.com")
        for username, first_name in zip(SECRETARY_USERNAMES, ("陈晓红", "黄志明"), strict=True)
    ]
    return Accounts(bureau=bureau, secretaries=secretaries)


def _user(User, username, password, **fields):
    user, created = User.objects.get_or_create(username=username, defaults=fields)
    changed = []
    if fields.get("is_staff") and not user.is_staff:
        user.is_staff = True
        changed.append("is_staff")
    if created or not user.check_password(password):
        user.set_password(password)
        changed.append("password")
    if changed:
        user.save(update_fields=changed)
    return user
