from django.apps import AppConfig


class PartybranchesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partybranches"
    verbose_name = "党组织"

    def ready(self):
        # The models whose records cached figures and public pages read (gzpartybuild.caching).
        from django.db.models import Q

        from gzpartybuild import caching

        from .models import DemonstrationSite, Milestone, PartyOrganization, StarRating

        # Archived party organizations are not public (PartyOrganizationQuerySet.public).
        caching.watch(PartyOrganization, visible=Q(is_archived=False))
        caching.watch(StarRating, DemonstrationSite, Milestone)
        # Changes to who covers which organization count as changes to party organizations.
        caching.watch_m2m(PartyOrganization.organizations.through, PartyOrganization)
