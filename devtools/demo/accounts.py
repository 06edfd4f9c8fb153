"""Demo accounts: bureau staff and two party-organization secretaries."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.permissions import ensure_staff_group

from .facts import BUREAU

DEFAULT_PASSWORD = "gzpb-demo-2026"

BUREAU_USERNAME = "bureau"
SECRETARY_USERNAMES = ("secretary1", "secretary2")
# The demo bureau account's authenticator seed (staff must pass a second factor). Known, like
# the demo password: `manage.py demo_totp bureau` prints its current code. Never in a deployment.
DEMO_TOTP_KEY = "67707a622d64656d6f2d746f74702d6b65792d21"
DEMO_TOTP_DEVICE = "演示身份验证器"


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
    ensure_demo_totp(bureau)
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


def ensure_demo_totp(user):
    """Give a demo account a confirmed TOTP device with the known demo seed (idempotent)."""
    TOTPDevice.objects.exclude(name=DEMO_TOTP_DEVICE).filter(user=user).delete()
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name=DEMO_TOTP_DEVICE, defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
    )
    return device


def demo_totp_code(device, at=None):
    """The code a demo device's authenticator app shows now (or at Unix time `at`)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    if at is not None:
        totp.time = at
    return f"{totp.token():0{device.digits}d}"
