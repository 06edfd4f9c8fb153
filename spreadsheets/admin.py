"""Spreadsheet import and export on the domain apps' admin lists.

The domain apps know nothing of spreadsheets: their admin classes are registered as they
are, and this module (loaded after theirs, since `spreadsheets` comes after them in
INSTALLED_APPS) registers each listed model again with `SpreadsheetAdminMixin` in front
of its admin class and the resource that reads and writes its rows. A model listed with
None gets the export of every field (`mixins.generic_resource`) and no import.
"""

from django.contrib import admin

from accounts.models import SecurityEvent
from activities.models import Activity, ActivityPhoto, Pairing
from organizations.models import SocialOrganization
from partybranches.models import DemonstrationSite, Milestone, PartyOrganization, StarRating
from towns.models import CharacteristicTown, TownHighlight, TownPhoto

from .mixins import SpreadsheetAdminMixin
from .resources.activities import ActivityResource, PairingResource
from .resources.organizations import SocialOrganizationResource
from .resources.partybranches import PartyOrganizationResource
from .resources.towns import CharacteristicTownResource

RESOURCES = {
    SocialOrganization: SocialOrganizationResource,
    PartyOrganization: PartyOrganizationResource,
    StarRating: None,
    DemonstrationSite: None,
    Milestone: None,
    Pairing: PairingResource,
    Activity: ActivityResource,  # export only (ActivityResource.import_enabled is False)
    ActivityPhoto: None,
    CharacteristicTown: CharacteristicTownResource,
    TownPhoto: None,
    TownHighlight: None,
    # The security audit log: exported (.xlsx, .csv) by holders of the auditor permission.
    SecurityEvent: None,
}


def with_spreadsheets(site, model, resource_class):
    """Register `model` again on `site` with its admin class extended by the spreadsheet tools."""
    current = type(site._registry[model])
    extended = type(
        current.__name__,
        (SpreadsheetAdminMixin, current),
        {"resource_class": resource_class, "__module__": current.__module__, "__doc__": current.__doc__},
    )
    site.unregister(model)
    site.register(model, extended)
    return extended


for _model, _resource in RESOURCES.items():
    with_spreadsheets(admin.site, _model, _resource)
