from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "organizations"
    verbose_name = "社会组织"

    def ready(self):
        # The models whose records cached figures and public pages read (gzpartybuild.caching).
        from django.db.models import Q

        from gzpartybuild import caching

        from .models import SocialOrganization

        # Archived or deregistered organizations are not public (SocialOrganizationQuerySet.public).
        caching.watch(SocialOrganization, visible=Q(is_archived=False, status=SocialOrganization.Status.NORMAL))
