from django.apps import AppConfig


class PortalConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "portal"
    verbose_name = "公众门户"

    def ready(self):
        # The models whose records cached values and public pages read (gzpartybuild.caching).
        from django.db.models import Q

        from gzpartybuild import caching

        from .models import Announcement, Exhibit, SiteSettings

        caching.watch(SiteSettings, Announcement)
        caching.watch(Exhibit, visible=Q(is_published=True))
