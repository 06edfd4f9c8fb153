from django.apps import AppConfig


class TownsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "towns"
    verbose_name = "从化特色小镇"

    def ready(self):
        # The models whose records cached figures and public pages read (gzpartybuild.caching).
        from gzpartybuild import caching

        from .models import CharacteristicTown, TownHighlight, TownPhoto

        caching.watch(CharacteristicTown, TownPhoto, TownHighlight)
