from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "activities"
    verbose_name = "活动与结对共建"

    def ready(self):
        # The models whose records cached figures and public pages read (gzpartybuild.caching).
        from gzpartybuild import caching

        from .models import Activity, ActivityPhoto, Pairing

        caching.watch(Pairing, Activity, ActivityPhoto)
