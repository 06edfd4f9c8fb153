"""Two-factor sign-in (django-otp): a TOTP authenticator app plus one-time backup codes.

Every staff account must pass a second factor before any page under /admin/ opens (it
enrols at its first sign-in: a QR code to scan, then ten backup codes shown once). A
secretary may enrol too; from then on /my/ asks for the code as well. Whether a session
passed is the device id django-otp keeps in the session, so checking costs no query.
Another staff member holding the `otp_totp.delete_totpdevice` permission resets a
colleague who lost the phone (the admin's user list, an action): the devices are deleted
and the colleague's sessions ended, so the next sign-in enrols again.
"""

from urllib.parse import quote

import django_otp
import segno
from django import forms
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.contrib.sessions.models import Session
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit

# Set at sign-in for a user who has a confirmed device (staff need one in any case).
REQUIRED_SESSION_KEY = "_otp_required"
BACKUP_CODES = 10
PROTECTED_PREFIXES = ("/admin/", "/my/")
# The sign-in and sign-out pages of the admin stay open, or no one could reach the code page.
OPEN_PATHS = ("/admin/login/", "/admin/logout/")


def is_verified(request):
    return django_otp.DEVICE_ID_SESSION_KEY in request.session


def has_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@receiver(user_logged_in, dispatch_uid="accounts.twofactor.remember_requirement")
def _remember_requirement(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        request.session[REQUIRED_SESSION_KEY] = bool(user.is_staff or has_device(user))


class TwoFactorMiddleware:
    """Sends a signed-in user who must pass the second factor to it, from /admin/ and /my/."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith(PROTECTED_PREFIXES) and not path.startswith(OPEN_PATHS):
            session = request.session
            if SESSION_KEY in session and not is_verified(request):
                user = request.user
                if user.is_staff or session.get(REQUIRED_SESSION_KEY):
                    return redirect(f"{reverse('two_factor')}?next={quote(request.get_full_path())}")
        return self.get_response(request)


class TokenForm(forms.Form):
    token = forms.CharField(
        label="验证码",
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
        help_text="身份验证器应用中显示的 6 位数字；手机不在身边时，可输入一个备用码。",
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split()).lower()


def _next_url(request, default):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def _default_next(user):
    return reverse("admin:index") if user.is_staff else reverse("my:dashboard")


def _qr_svg(device):
    # An inline <svg> of the otpauth:// address: no script, no style, no network.
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#000", light="#fff")
    return mark_safe(svg.replace("<svg ", '<svg role="img" aria-label="两步验证二维码" ', 1))  # noqa: S308 - segno's own markup of a URL it encoded


def _pending_device(user):
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name="身份验证器", confirmed=False)


def _new_backup_codes(user):
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="备用码")
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@never_cache
@sensitive_post_parameters("token")
@login_required
def verify(request):
    """Ask for the code of the authenticator app (or a backup code)."""
    user = request.user
    totp = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if totp is None:
        return redirect(f"{reverse('two_factor_enrol')}?next={quote(_next_url(request, _default_next(user)))}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["token"]
        # Six digits are the app's code, anything else a backup code. Each device counts
        # its own failures and makes the next attempt wait longer and longer.
        candidate = totp if token.isdigit() and len(token) == 6 else StaticDevice.objects.filter(user=user).first()
        device = None
        if candidate is not None and not candidate.verify_is_allowed()[0]:
            form.add_error("token", "验证码错误次数过多，请稍等片刻再试。")
        else:
            if candidate is not None and candidate.verify_token(token):
                device = candidate
            else:
                audit.record("second_factor", request=request, outcome="failure")
                form.add_error("token", "验证码不正确或已过期，请输入应用中当前显示的 6 位数字，或一个未用过的备用码。")
        if device is not None:
            django_otp.login(request, device)
            audit.record(
                "second_factor", request=request, detail="备用码" if isinstance(device, StaticDevice) else "验证码"
            )
            return redirect(_next_url(request, _default_next(user)))
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": _next_url(request, "")},
    )


@never_cache
@sensitive_post_parameters("token")
@login_required
def enrol(request):
    """Scan a QR code, confirm with its first code, receive ten backup codes (shown once)."""
    user = request.user
    if has_device(user) and not is_verified(request):
        return redirect(f"{reverse('two_factor')}?next={quote(_next_url(request, _default_next(user)))}")
    if has_device(user):
        return render(request, "registration/two_factor_enrolled.html", {"next": _next_url(request, "")})
    device = _pending_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not device.verify_is_allowed()[0]:
        form.add_error("token", "验证码错误次数过多，请稍等片刻再试。")
    elif request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
                codes = _new_backup_codes(user)
            django_otp.login(request, device)
            request.session[REQUIRED_SESSION_KEY] = True
            audit.record("second_factor_enrolled", request=request)
            return render(
                request,
                "registration/two_factor_backup_codes.html",
                {"codes": codes, "next": _next_url(request, _default_next(user))},
            )
        form.add_error("token", "验证码不正确：请确认手机时间准确，并输入应用中当前显示的 6 位数字。")
    return render(
        request,
        "registration/two_factor_enrol.html",
        {
            "form": form,
            "qr_svg": _qr_svg(device),
            "secret": _base32(device.bin_key),
            "issuer": settings.OTP_TOTP_ISSUER,
            "next": _next_url(request, ""),
        },
    )


def _base32(key):
    import base64

    encoded = base64.b32encode(key).decode().rstrip("=")
    return " ".join(encoded[i : i + 4] for i in range(0, len(encoded), 4))


def end_sessions_of(user):
    """Sign `user` out everywhere (every stored session naming them is deleted)."""
    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


def reset_second_factor(*, user, by):
    """Delete `user`'s devices and end their sessions: the next sign-in enrols again."""
    if user.pk == by.pk:
        raise PermissionError("a second factor is reset by another staff member")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    ended = end_sessions_of(user)
    audit.record("second_factor_reset", user=by, obj=user.get_username(), detail=f"结束了 {ended} 个会话")
    return ended
