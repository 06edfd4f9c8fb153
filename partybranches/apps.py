from django.apps import AppConfig


class PartybranchesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partybranches"
    verbose_name = "党组织"
