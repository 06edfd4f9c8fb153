"""Print the current two-factor code of a demo account (the demo `bureau` account)."""

import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from devtools.demo.accounts import BUREAU_USERNAME, DEMO_TOTP_DEVICE, DEMO_TOTP_KEY, demo_totp_code


class Command(BaseCommand):
    help = "Print the current two-factor code of a demo account (default: bureau); demo accounts only."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default=BUREAU_USERNAME)

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account named {username!r}: run `manage.py seed_demo` first.")
        device = TOTPDevice.objects.filter(user=user, name=DEMO_TOTP_DEVICE, key=DEMO_TOTP_KEY, confirmed=True).first()
        if device is None:
            raise CommandError(f"{username!r} has no demo authenticator: only demo accounts have a known code.")
        remaining = device.step - int(time.time() - device.t0) % device.step
        self.stdout.write(f"{username} 的两步验证码：{demo_totp_code(device)}（约 {remaining} 秒内有效）")
