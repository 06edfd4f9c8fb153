from django.conf import settings
from django.contrib import admin
from django.urls import include, path

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
    path("my/", include("activities.urls_my")),
    path("accounts/", include("django.contrib.auth.urls")),
    # Staff reports live under the admin's prefix; they must come before the admin's catch-all.
    path("admin/reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]


if settings.SERVE_MEDIA:
    # Uploads from the media storage in force (a folder or an object store), with the
    # portal's check of who may see an unpublished activity's photos (portal.media).
    urlpatterns += [path("media/", include("portal.urls_media"))]
