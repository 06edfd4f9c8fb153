from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "activities"
    verbose_name = "活动与结对共建"

    def ready(self):
        # The models whose records cached figures and public pages read (gzpartybuild.caching).
        from django.db.models import Q

        from gzpartybuild import caching

        from .models import Activity, ActivityPhoto, Pairing

        caching.watch(Pairing)
        # Drafts, submitted, returned and withdrawn activities (and their photos) are not public:
        # saving them leaves the cached public pages valid.
        caching.watch(Activity, visible=Q(state=Activity.State.PUBLISHED))
        caching.watch(ActivityPhoto, visible=Q(activity__state=Activity.State.PUBLISHED))
