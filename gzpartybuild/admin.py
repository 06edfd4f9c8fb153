"""The user list of the admin, with the staff-performed recovery of a lost second factor,
and the security audit log (read-only; its .xlsx export is added by spreadsheets.admin)."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import SecurityEvent
from .twofactor import reset_second_factor

User = get_user_model()
# Who may reset another account's second factor: those who may delete TOTP devices.
RESET_PERMISSION = "otp_totp.delete_totpdevice"


class PortalUserAdmin(UserAdmin):
    actions = ["reset_second_factor"]

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
admin.site.register(User, PortalUserAdmin)


AUDIT_PERMISSION = "gzpartybuild.audit_securityevent"


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
