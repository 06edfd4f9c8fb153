"""The accounts' admin: staff see when each user last signed in, and can send a user a
password reset link (gzpartybuild.accounts) from the user's page."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse

from .accounts import ResetRefused, send_reset_link


class AccountAdmin(UserAdmin):
    list_display = ["username", "email", "first_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active", "groups"]
    change_form_template = "admin/auth/user/account_change_form.html"

    def get_urls(self):
        send = path(
            "<path:object_id>/send-reset-link/",
            self.admin_site.admin_view(self.send_reset_link_view),
            name="auth_user_send_reset_link",
        )
        return [send, *super().get_urls()]

    def send_reset_link_view(self, request, object_id):
        user = self.get_object(request, unquote(object_id))
        if user is None:
            raise Http404("用户不存在。")
        if not self.has_view_or_change_permission(request, user):
            raise PermissionDenied
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            send_reset_link(actor=request.user, user=user)
        except ResetRefused as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
        else:
            self.log_change(request, user, "发送了重设密码链接")
            self.message_user(
                request, f"已向 {user.email} 发送重设密码链接，一小时内有效，只能使用一次。", messages.SUCCESS
            )
        return redirect(reverse("admin:auth_user_change", args=[user.pk]))


admin.site.unregister(User)
admin.site.register(User, AccountAdmin)
