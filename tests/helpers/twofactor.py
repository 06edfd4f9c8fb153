"""Two-factor sign-in in tests: pass it for a test client, read a device's current code."""

import django_otp
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def confirmed_device(user):
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="测试身份验证器", confirmed=True)


def pass_second_factor(client, user):
    """Mark the client's session as having passed the second factor with `user`'s device."""
    device = confirmed_device(user)
    session = client.session
    session[django_otp.DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def current_code(device, offset_steps=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset_steps * device.step
    return f"{totp.token():0{device.digits}d}"
