"""The password policy (等保 2.0 level 3: complexity, change of an issued password, expiry,
no reuse).

- At least 12 characters (Django's MinimumLengthValidator) and at least three of four
  kinds of character: capitals, small letters, digits, symbols (`CharacterClassValidator`);
  Django's similarity, common-password and all-digits validators stay.
- Not one of the last five passwords of the account (`PasswordHistoryValidator`, against
  the hashes kept in `PasswordRecord`; the current password counts as one of them).
- A password set by someone else (staff creating the account or setting its password in
  the admin) or an account staff sent a reset link must be changed by its owner at the
  next sign-in; the demo accounts and the command line (`seed_demo`, `changepassword`)
  set no such flag.
- With PASSWORD_MAX_AGE_DAYS (DJANGO_PASSWORD_MAX_AGE_DAYS, default 0: off) a password
  older than that must be changed at the next sign-in.

Whether a change is due is worked out once, at sign-in, and kept in the session, so the
middleware that sends the user to the change page costs no query.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.contrib.auth import views as auth_views
from django.contrib.auth.hashers import check_password
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

# Why the signed-in user must change their password first: "issued" or "expired".
CHANGE_REQUIRED_SESSION_KEY = "_password_change_required"
REMEMBERED = 5
CHARACTER_CLASSES = (
    ("大写字母", str.isupper),
    ("小写字母", str.islower),
    ("数字", str.isdigit),
    ("符号", lambda char: not char.isalnum() and not char.isspace()),
)
REASONS = {
    "issued": "您的密码是由工作人员设置或重设的，请先设置一个只有您自己知道的新密码。",
    "expired": "您的密码已使用超过 {days} 天，请先设置新密码。",
}
# Where an account's owner sets their own password.
SELF_SERVICE_URL_NAMES = {"password_change", "password_reset_confirm"}
# What stays open while a change is due: the change itself, signing out, the second factor.
OPEN_URL_NAMES = ("password_change", "password_change_done", "logout", "two_factor", "two_factor_enrol")


class CharacterClassValidator:
    """At least `min_classes` of: capitals, small letters, digits, symbols."""

    def __init__(self, min_classes=3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = [name for name, test in CHARACTER_CLASSES if any(test(char) for char in password)]
        if len(present) < self.min_classes:
            raise ValidationError(
                "密码须至少包含大写字母、小写字母、数字、符号中的 %(min)d 类（现在只有：%(present)s）。",
                code="password_too_simple",
                params={"min": self.min_classes, "present": "、".join(present) or "无"},
            )

    def get_help_text(self):
        return f"密码须至少包含大写字母、小写字母、数字、符号中的 {self.min_classes} 类。"


class PasswordHistoryValidator:
    """Not the current password nor one of the account's last `remembered` ones. On every
    password set (Django calls `password_changed` after the save) the new hash is recorded."""

    def __init__(self, remembered=REMEMBERED):
        self.remembered = remembered

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        from .models import PasswordRecord

        hashes = [user.password] if user.has_usable_password() else []
        hashes += PasswordRecord.objects.filter(user=user).values_list("password", flat=True)[: self.remembered]
        if any(check_password(password, stored) for stored in hashes):
            raise ValidationError(
                "新密码不能与最近 %(count)d 次使用过的密码相同。",
                code="password_reused",
                params={"count": self.remembered},
            )

    def password_changed(self, password, user=None):
        if user is not None and user.pk is not None:
            password_recorded(user=user, remembered=self.remembered)

    def get_help_text(self):
        return f"不能与最近 {self.remembered} 次使用过的密码相同。"


def _current_request():
    return getattr(HistoricalRecords.context, "request", None)


def _actor(request):
    user = getattr(request, "user", None) if request is not None else None
    return user if user is not None and user.is_authenticated else None


def _url_name(request):
    match = getattr(request, "resolver_match", None)
    return match.url_name if match is not None else None


def set_by_someone_else(user, request=None):
    """Whether `user`'s password is being set by another signed-in user (staff in the admin),
    not by its owner on the change page or through a reset link (whoever is signed in)."""
    request = request if request is not None else _current_request()
    if _url_name(request) in SELF_SERVICE_URL_NAMES:
        return False
    actor = _actor(request)
    return actor is not None and actor.pk != user.pk


def change_detail(user):
    """How a password is being changed, for the security audit log."""
    request = _current_request()
    if request is None:
        return "命令行或程序"
    if _url_name(request) == "password_reset_confirm":
        return "通过重设密码链接"
    if set_by_someone_else(user, request):
        return f"由 {_actor(request).get_username()} 设置，须在下次登录时修改"
    return "本人修改"


def password_recorded(*, user, remembered=REMEMBERED):
    """Keep the hash `user` now has; flag it when someone else set it; forget older ones."""
    from .models import PasswordRecord

    request = _current_request()
    with transaction.atomic():
        PasswordRecord.objects.create(user=user, password=user.password, must_change=set_by_someone_else(user, request))
        kept = PasswordRecord.objects.filter(user=user).values_list("pk", flat=True)[:remembered]
        PasswordRecord.objects.filter(user=user).exclude(pk__in=list(kept)).delete()
    actor = _actor(request)
    if actor is not None and actor.pk == user.pk and hasattr(request, "session"):
        request.session.pop(CHANGE_REQUIRED_SESSION_KEY, None)


def require_change(*, user):
    """Flag `user` to change their password at the next sign-in (staff sent a reset link)."""
    from .models import PasswordRecord

    latest = PasswordRecord.objects.filter(user=user).first()
    if latest is None:
        PasswordRecord.objects.create(user=user, password=user.password, must_change=True)
    elif not latest.must_change:
        latest.must_change = True
        latest.save(update_fields=["must_change"])


def change_reason(user):
    """ "issued", "expired" or None: whether `user` must change their password now."""
    from .models import PasswordRecord

    latest = PasswordRecord.objects.filter(user=user).first()
    if latest is not None and latest.must_change:
        return "issued"
    days = settings.PASSWORD_MAX_AGE_DAYS
    if days > 0:
        # Without a record the password is as old as the account.
        set_at = latest.set_at if latest is not None else user.date_joined
        if set_at < timezone.now() - timedelta(days=days):
            return "expired"
    return None


@receiver(user_logged_in, dispatch_uid="accounts.passwords.remember_change_required")
def _remember_change_required(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    reason = change_reason(user)
    if reason:
        request.session[CHANGE_REQUIRED_SESSION_KEY] = reason
    else:
        request.session.pop(CHANGE_REQUIRED_SESSION_KEY, None)


class PasswordChangeRequiredMiddleware:
    """Sends a signed-in user whose password must be changed to the change page, from every
    page but the change itself, signing out and the second factor."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths = None
        self.file_prefixes = tuple("/" + url.lstrip("/") for url in (settings.STATIC_URL, settings.MEDIA_URL))

    def open_paths(self):
        if self._open_paths is None:
            self._open_paths = tuple(reverse(name) for name in OPEN_URL_NAMES)
        return self._open_paths

    def __call__(self, request):
        # Without a session cookie nobody is signed in: the session is not even looked at (a
        # look would add `Vary: Cookie` to the public pages, which the page cache keeps).
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            return self.get_response(request)
        session = request.session
        if (
            SESSION_KEY in session
            and session.get(CHANGE_REQUIRED_SESSION_KEY)
            and request.path not in self.open_paths()
            and not request.path.startswith(self.file_prefixes)
        ):
            return redirect("password_change")
        return self.get_response(request)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's change page, saying why a change is due, and going on where the user was headed."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        reason = self.request.session.get(CHANGE_REQUIRED_SESSION_KEY)
        context["change_reason"] = REASONS[reason].format(days=settings.PASSWORD_MAX_AGE_DAYS) if reason else ""
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "密码已修改。")
        return response
