from django.urls import path

from . import views_my

app_name = "my"

urlpatterns = [
    path("", views_my.dashboard, name="dashboard"),
    path("activities/new/", views_my.activity_create, name="activity_create"),
    path("activities/<int:pk>/", views_my.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views_my.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/submit/", views_my.activity_submit, name="activity_submit"),
    path("activities/<int:pk>/withdraw/", views_my.activity_withdraw, name="activity_withdraw"),
    path("co-organizers/", views_my.co_organizer_search, name="co_organizer_search"),
    path("photos/<int:pk>/delete/", views_my.photo_delete, name="photo_delete"),
    path("photos/<int:pk>/move/", views_my.photo_move, name="photo_move"),
]

urlpatterns += [
    path("notifications/", views_my.notifications, name="notifications"),
    path("notifications/<int:pk>/", views_my.notification_open, name="notification_open"),
    path("notifications/settings/", views_my.notification_settings, name="notification_settings"),
]
