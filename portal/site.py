"""The pages every government site has: 联系我们, 网站地图, 隐私声明, 无障碍声明, 通知公告, robots.txt."""

from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from gzpartybuild.caching import cached_page
from gzpartybuild.paging import paginate

from .models import Announcement, SiteSettings
from .views import HALLS

ANNOUNCEMENT_PAGE_SIZE = 20

# Paths no search engine needs: the sign-in pages, the secretaries' workspace, the admin and the
# printable exhibit labels (the record pages they lead to are in the sitemap).
ROBOTS_DISALLOW = ["/admin/", "/my/", "/accounts/", "/labels/", "/search/"]


@cached_page(SiteSettings)
def contact(request):
    return render(request, "portal/contact.html")


@cached_page(SiteSettings)
def site_map(request):
    """网站地图: every section of the site and its pages, for people (search engines read /sitemap.xml)."""
    return render(request, "portal/site_map.html", {"halls": HALLS.values()})


@cached_page(SiteSettings)
def privacy(request):
    return render(request, "portal/privacy.html")


@cached_page(SiteSettings)
def accessibility(request):
    return render(request, "portal/accessibility.html")


@cached_page(Announcement, SiteSettings)
def announcement_list(request):
    page = paginate(
        Announcement.objects.published().for_list().only("pk", "title", "issuer", "published_on"),
        request.GET.get("page"),
        page_size=ANNOUNCEMENT_PAGE_SIZE,
    )
    return render(
        request,
        "portal/announcement_list.html",
        {"page_obj": page, "announcements": page.object_list, "notices": page.notices, "query_params": QueryDict()},
    )


@cached_page(Announcement, SiteSettings)
def announcement_detail(request, pk):
    announcement = get_object_or_404(Announcement.objects.published(), pk=pk)
    return render(request, "portal/announcement_detail.html", {"announcement": announcement})


@require_safe
def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW), "Allow: /", ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
