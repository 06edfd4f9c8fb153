"""The accounts' admin: staff see when each user last signed in, can send a user a password
reset link (accounts.reset_links), and reset another user's lost second factor; and the
security audit log (read-only; its .xlsx export is added by spreadsheets.admin)."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import path, reverse

from .models import SecurityEvent
from .reset_links import ResetRefused, send_reset_link
from .twofactor import reset_second_factor

# Who may reset another account's second factor: those who may delete TOTP devices.
RESET_PERMISSION = "otp_totp.delete_totpdevice"


class AccountAdmin(UserAdmin):
    actions = ["reset_second_factor"]
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

    def has_reset_second_factor_permission(self, request):
        return request.user.has_perm(RESET_PERMISSION)

    @admin.action(description="重置所选用户的两步验证（手机丢失时）", permissions=["reset_second_factor"])
    def reset_second_factor(self, request, queryset):
        done = []
        for user in queryset:
            if user.pk == request.user.pk:
                self.message_user(request, "不能重置自己的两步验证，请由另一位有权限的工作人员操作。", messages.ERROR)
                continue
            reset_second_factor(user=user, by=request.user)
            done.append(user.get_username())
        if done:
            self.message_user(
                request,
                f"已重置 {'、'.join(done)} 的两步验证并使其退出登录；下次登录时需重新设置。",
                messages.SUCCESS,
            )


admin.site.unregister(User)
admin.site.register(User, AccountAdmin)


AUDIT_PERMISSION = "accounts.audit_securityevent"


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The security audit log: read and filtered by holders of the auditor permission only;
    nobody adds, changes or deletes a record here, superusers included."""

    list_display = ["at", "kind", "outcome", "username", "address", "object", "detail"]
    list_filter = ["kind", "outcome", ("at", admin.DateFieldListFilter)]
    search_fields = ["username", "address", "object"]
    date_hierarchy = "at"
    show_full_result_count = False
    list_per_page = 100
    actions = None

    def has_module_permission(self, request):
        return request.user.is_active and request.user.has_perm(AUDIT_PERMISSION)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
