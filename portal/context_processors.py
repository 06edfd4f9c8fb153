"""The site's own facts (footer, 联系我们) for every page, from the record staff keep in the admin."""

from django.utils.functional import SimpleLazyObject

from gzpartybuild import caching

from .models import SiteSettings


@caching.cached("portal:site-settings", "portal.SiteSettings")
def site_settings():
    return SiteSettings.current()


def site_facts(request):
    # Lazy: a page that shows no footer (the admin) reads nothing.
    return {"site_facts": SimpleLazyObject(site_settings)}
