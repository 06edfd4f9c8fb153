"""An admin site with the review mixin in front of a plain ModelAdmin, for testing the mixin on its own."""

from django.contrib import admin
from django.urls import path

from activities.admin_review import ActivityReviewAdminMixin
from activities.models import Activity
from gzpartybuild.urls import urlpatterns as project_urlpatterns

site = admin.AdminSite(name="review_admin")


class ReviewedActivityAdmin(ActivityReviewAdminMixin, admin.ModelAdmin):
    list_display = ["title", "organizer", "state"]
    list_filter = ["state"]
    fields = ["title", "kind", "organizer", "starts_at", "ends_at", "district", "description", "state"]


site.register(Activity, ReviewedActivityAdmin)

urlpatterns = [path("review-admin/", site.urls), *project_urlpatterns]
