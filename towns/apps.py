from django.apps import AppConfig


class TownsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "towns"
    verbose_name = "从化特色小镇"

    def ready(self):
        # The models whose records cached figures and public pages read (gzpartybuild.caching).
        from django.db.models import Q

        from gzpartybuild import caching

        from .models import CharacteristicTown, TownHighlight, TownPhoto

        # Unpublished towns (and their photos and highlights) are not public.
        caching.watch(CharacteristicTown, visible=Q(is_published=True))
        caching.watch(TownPhoto, TownHighlight, visible=Q(town__is_published=True))
