from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_staff_group(sender, using, **kwargs):
    """Keep the 局工作人员 group and its permissions in step after every migrate.

    Django creates permissions app by app on this same signal, so the group is
    refreshed after auth's and each of our apps' permissions exist; the last
    call sees them all. Idempotent.
    """
    from .permissions import STAFF_MODELS, ensure_staff_group

    if sender.label in {"auth", *STAFF_MODELS}:
        ensure_staff_group(using=using)


class GzpartybuildConfig(AppConfig):
    name = "gzpartybuild"
    verbose_name = "广州市社会组织党建"

    def ready(self):
        from django.contrib.admin.templatetags import admin_list
        from django.contrib.auth.signals import user_logged_in

        from . import audit, passwords  # noqa: F401 - passwords: its sign-in receiver
        from .admin_tools import boolean_icon
        from .middleware import stamp_session_activity

        # Django's yes/no icons carry alt="True"/"False"; every admin page (lists, read-only
        # fields) looks the function up in this module when it draws one.
        admin_list._boolean_icon = boolean_icon

        post_migrate.connect(_ensure_staff_group, dispatch_uid="gzpartybuild.ensure_staff_group")
        audit.connect()

        # Before the domain apps watch their models (caching.watch): on each commit the WAL
        # position is stored before the cached pages' versions change.
        from .replica import connect_signals

        connect_signals()

        def _stamp_on_sign_in(sender, request, user, **kwargs):
            if request is not None and hasattr(request, "session"):
                stamp_session_activity(request.session)

        user_logged_in.connect(_stamp_on_sign_in, dispatch_uid="gzpartybuild_stamp_session_activity")
