"""/sitemap.xml: an index of one sitemap per kind of public page (django.contrib.sitemaps).

Detail sections are cut into pages of SITEMAP_PAGE_SIZE addresses, so that at ten times
the article's scale (80,950 organizations) no sitemap file comes near the protocol's
50,000-address limit and each costs one COUNT and one bounded query (the index: a COUNT and a MAX per section).
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from activities.models import Activity
from organizations.models import SocialOrganization
from partybranches.models import PartyOrganization
from towns.models import CharacteristicTown

from .models import Announcement, Exhibit
from .views import HALLS

SITEMAP_PAGE_SIZE = 5000

# The public pages that are not one record's page, as (url name, args).
SECTION_PAGES = [
    ("home", []),
    ("exhibition:index", []),
    *(("exhibition:hall", [slug]) for slug in HALLS),
    ("organizations:list", []),
    ("partybranches:list", []),
    ("partybranches:demonstration", []),
    ("activities:list", []),
    ("pairings:list", []),
    ("towns:list", []),
    ("stats", []),
    ("announcements:list", []),
    ("contact", []),
    ("site_map", []),
    ("privacy", []),
    ("accessibility", []),
]


class SectionSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return SECTION_PAGES

    def location(self, item):
        name, args = item
        return reverse(name, args=args)


class RecordSitemap(Sitemap):
    """Every public record of one model, by primary key, with its last change."""

    limit = SITEMAP_PAGE_SIZE
    changefreq = "weekly"
    fields = ["pk", "updated_at"]

    def queryset(self):
        raise NotImplementedError

    def items(self):
        return self.queryset().only(*self.fields).order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        """The index's date for this section, in one aggregate (Django's default reads every row)."""
        return self.queryset().aggregate(latest=Max("updated_at"))["latest"]


class OrganizationSitemap(RecordSitemap):
    def queryset(self):
        return SocialOrganization.objects.public()


class PartyOrganizationSitemap(RecordSitemap):
    def queryset(self):
        return PartyOrganization.objects.public()


class ActivitySitemap(RecordSitemap):
    def queryset(self):
        return Activity.objects.published()


class TownSitemap(RecordSitemap):
    fields = ["pk", "slug", "updated_at"]

    def queryset(self):
        return CharacteristicTown.objects.published()


class AnnouncementSitemap(RecordSitemap):
    def queryset(self):
        return Announcement.objects.published()


class ExhibitSitemap(RecordSitemap):
    def queryset(self):
        return Exhibit.objects.published()


SITEMAPS = {
    "pages": SectionSitemap,
    "organizations": OrganizationSitemap,
    "branches": PartyOrganizationSitemap,
    "activities": ActivitySitemap,
    "towns": TownSitemap,
    "announcements": AnnouncementSitemap,
    "exhibits": ExhibitSitemap,
}
