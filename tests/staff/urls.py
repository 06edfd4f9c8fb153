"""A stand-in admin site with the spreadsheet mixin on the four imported models and
activities, for the tests until the project's admin classes carry the mixin."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.urls import include, path
from simple_history.admin import SimpleHistoryAdmin

from activities.models import Activity, Pairing
from activities.resources import ActivityResource, PairingResource
from gzpartybuild.spreadsheets.mixins import SpreadsheetAdminMixin
from organizations.models import SocialOrganization
from organizations.resources import SocialOrganizationResource
from partybranches.models import PartyOrganization, StarRating
from partybranches.resources import PartyOrganizationResource
from towns.models import CharacteristicTown
from towns.resources import CharacteristicTownResource

site = admin.AdminSite(name="admin")


class SocialOrganizationAdmin(SpreadsheetAdminMixin, SimpleHistoryAdmin):
    resource_class = SocialOrganizationResource
    list_display = ("name", "credit_code", "district", "org_type")
    list_filter = ("district", "org_type", "status")
    search_fields = ("name", "credit_code")


class PartyOrganizationAdmin(SpreadsheetAdminMixin, SimpleHistoryAdmin):
    resource_class = PartyOrganizationResource
    list_filter = ("formation", "district")
    search_fields = ("name",)


class PairingAdmin(SpreadsheetAdminMixin, SimpleHistoryAdmin):
    resource_class = PairingResource
    list_filter = ("kind",)


class CharacteristicTownAdmin(SpreadsheetAdminMixin, SimpleHistoryAdmin):
    resource_class = CharacteristicTownResource


class ActivityAdmin(SpreadsheetAdminMixin, SimpleHistoryAdmin):
    resource_class = ActivityResource
    list_filter = ("state", "kind")


class StarRatingAdmin(SpreadsheetAdminMixin, admin.ModelAdmin):
    list_filter = ("year",)


site.register(User, UserAdmin)
site.register(Group, GroupAdmin)
site.register(SocialOrganization, SocialOrganizationAdmin)
site.register(PartyOrganization, PartyOrganizationAdmin)
site.register(Pairing, PairingAdmin)
site.register(CharacteristicTown, CharacteristicTownAdmin)
site.register(Activity, ActivityAdmin)
site.register(StarRating, StarRatingAdmin)

urlpatterns = [
    path("admin/reports/", include("gzpartybuild.reports.urls")),
    path("admin/", site.urls),
    path("accounts/", include("django.contrib.auth.urls")),
]
