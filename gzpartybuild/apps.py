from django.apps import AppConfig


class GzpartybuildConfig(AppConfig):
    name = "gzpartybuild"
    verbose_name = "广州市社会组织党建"

    def ready(self):
        from django.contrib.admin.templatetags import admin_list
        from django.contrib.auth.signals import user_logged_in

        from .admin_tools import boolean_icon
        from .middleware import stamp_session_activity

        # Django's yes/no icons carry alt="True"/"False"; every admin page (lists, read-only
        # fields) looks the function up in this module when it draws one.
        admin_list._boolean_icon = boolean_icon

        def _stamp_on_sign_in(sender, request, user, **kwargs):
            if request is not None and hasattr(request, "session"):
                stamp_session_activity(request.session)

        user_logged_in.connect(_stamp_on_sign_in, dispatch_uid="gzpartybuild_stamp_session_activity")
