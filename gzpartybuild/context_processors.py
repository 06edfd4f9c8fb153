from django.conf import settings

# The age-friendly mode (长者模式) is a visitor's choice kept in this cookie by static/js/elder-mode.js;
# the server reads it too, so that a page arrives already in that mode (no flash of small text).
ELDER_MODE_COOKIE = "elder_mode"

# Every cookie whose value a page renders, with the one value that changes it. The page
# cache (caching.cached_page) keeps one copy per combination: a cookie rendered into a page
# but missing here would leak one visitor's variant to another. Declared here, beside the
# context processor that reads them, and nowhere else.
PAGE_COOKIES = {ELDER_MODE_COOKIE: "1"}


def site(request):
    """The site's name and the visitor's display mode (the footer's facts: portal.context_processors)."""
    return {
        "elder_mode": request.COOKIES.get(ELDER_MODE_COOKIE) == PAGE_COOKIES[ELDER_MODE_COOKIE],
        "SITE_NAME": settings.SITE_NAME,
    }
