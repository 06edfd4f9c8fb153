"""Password reset links, sent by staff: there is no self-service reset (docs/DESIGN.md).

The link goes to the account's own registered e-mail, works for PASSWORD_RESET_TIMEOUT
(one hour) and once (Django's token changes with the password and the last sign-in).
"""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


class ResetRefused(Exception):
    """Why no link was sent, in Chinese."""


def reset_refusal(actor, user):
    """The reason `actor` may not send `user` a reset link, or None if they may."""
    if not user.is_active:
        return "该账号已停用，不能重设密码。"
    if not user.email:
        return "该账号没有登记邮箱，无法发送重设密码链接。请先由管理员登记邮箱。"
    if (user.is_staff or user.is_superuser) and not actor.is_superuser:
        return "工作人员账号的密码重设链接只能由系统管理员发送。"
    return None


def reset_url(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL.rstrip("/") + reverse("password_reset_confirm", args=[uid, token])


def send_reset_link(*, actor, user):
    """E-mail `user` a link to set a new password; raises ResetRefused."""
    refusal = reset_refusal(actor, user)
    if refusal:
        raise ResetRefused(refusal)
    context = {"user": user, "site_name": settings.SITE_NAME, "reset_url": reset_url(user)}
    subject = " ".join(render_to_string("registration/staff_password_reset_subject.txt", context).split())
    body = render_to_string("registration/staff_password_reset_email.txt", context)
    send_mail(subject, body, None, [user.email])
