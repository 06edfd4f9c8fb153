from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

admin.site.site_header = "广州市社会组织党建管理平台"
admin.site.site_title = "社会组织党建管理平台"
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
    path("accounts/", include("accounts.urls")),
    # Sign-in, sign-out and password change; no self-service password reset: staff send a
    # reset link from the user's admin page, and only its confirmation pages are here
    # (docs/DESIGN.md, "Security").
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    # Staff reports live under the admin's prefix; they must come before the admin's catch-all.
    path("admin/reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]


if settings.SERVE_MEDIA:
    # Uploads from the media storage in force (a folder or an object store), with the
    # portal's check of who may see an unpublished activity's photos (portal.media).
    urlpatterns += [path("media/", include("portal.urls_media"))]
