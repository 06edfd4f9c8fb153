from django.apps import AppConfig


class GzpartybuildConfig(AppConfig):
    name = "gzpartybuild"
    verbose_name = "广州市社会组织党建"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import stamp_session_activity

        def _stamp_on_sign_in(sender, request, user, **kwargs):
            if request is not None and hasattr(request, "session"):
                stamp_session_activity(request.session)

        user_logged_in.connect(_stamp_on_sign_in, dispatch_uid="gzpartybuild_stamp_session_activity")
