"""The 局工作人员 group: what bureau staff may do in the admin without being superusers."""

from django.contrib.auth.models import Group, Permission

STAFF_GROUP_NAME = "局工作人员"

# app label -> models whose add/change/view permissions staff hold.
STAFF_MODELS = {
    "organizations": ["socialorganization"],
    "partybranches": ["partyorganization", "starrating", "demonstrationsite", "milestone"],
    "activities": ["pairing", "activity", "activityphoto"],
    "towns": ["characteristictown", "townphoto", "townhighlight"],
    "sourcedfigures": ["statistic"],
    "portal": ["sitesettings", "announcement"],
}
# Children of an aggregate that staff may remove (a wrong photo or rating).
STAFF_DELETABLE = {"activityphoto", "townphoto", "starrating", "townhighlight"}


def ensure_staff_group(using="default"):
    """Create or update the staff group; idempotent."""
    group, _ = Group.objects.using(using).get_or_create(name=STAFF_GROUP_NAME)
    codenames = []
    for models in STAFF_MODELS.values():
        for model in models:
            codenames += [f"add_{model}", f"change_{model}", f"view_{model}"]
            if model in STAFF_DELETABLE:
                codenames.append(f"delete_{model}")
    codenames += ["view_user"]
    permissions = Permission.objects.using(using).filter(
        content_type__app_label__in=[*STAFF_MODELS, "auth"], codename__in=codenames
    )
    group.permissions.set(permissions)
    return group
