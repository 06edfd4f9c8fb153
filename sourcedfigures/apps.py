from django.apps import AppConfig


class SourcedfiguresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sourcedfigures"
    verbose_name = "公开发布数据"

    def ready(self):
        # Cached public pages show these records (gzpartybuild.caching).
        from gzpartybuild import caching

        from .models import Statistic

        caching.watch(Statistic)
