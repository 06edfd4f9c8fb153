from django.apps import AppConfig


class TownsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "towns"
    verbose_name = "从化特色小镇"
