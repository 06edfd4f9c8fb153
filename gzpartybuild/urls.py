from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

admin.site.site_header = "广州市社会组织党建管理后台"
admin.site.site_title = "社会组织党建管理后台"
admin.site.index_title = "业务管理"

urlpatterns = [
    path("", include("portal.urls")),
    path("exhibition/", include("portal.urls_exhibition")),
    path("organizations/", include("portal.urls_organizations")),
    path("branches/", include("portal.urls_branches")),
    path("activities/", include("activities.urls")),
    path("pairings/", include("activities.urls_pairings")),
    path("towns/", include("towns.urls")),
    path("announcements/", include("portal.urls_announcements")),
    path("my/", include("activities.urls_my")),
    path("accounts/", include("django.contrib.auth.urls")),
    # Staff reports live under the admin's prefix; they must come before the admin's catch-all.
    path("admin/reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]


def serve_media(request, path):
    # MEDIA_ROOT is read per request, not once when this module loads, so a changed setting
    # (a test's temporary folder) is served too.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


if settings.SERVE_MEDIA:
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_media)]
