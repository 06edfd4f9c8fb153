"""Spreadsheet import and export of pairings (结对共建), and export of activities.

A pairing is identified by what it is: our party organization, the kind, the partner
and the start date. The same row imported twice is the same pairing.
"""

from decimal import Decimal

from django.db.models import Prefetch

from activities.models import Activity, Pairing
from activities.rules import ACTIVITY_FIELDS
from organizations.models import District, SocialOrganization
from partybranches.models import PartyOrganization
from spreadsheets.resources.base import BureauResource, column
from spreadsheets.widgets import (
    ChoiceWidget,
    CreditCodeForeignKeyWidget,
    DateWidget,
    DecimalWidget,
    DistrictWidget,
    ForeignKeyByNameWidget,
    IntegerWidget,
    TextWidget,
)

PARTNER_NOTE = "结对对象三选一：系统内党组织、系统内社会组织或系统外单位名称，只填其中一列。"


def _max(model, name):
    return model._meta.get_field(name).max_length


class PairingResource(BureauResource):
    kind = column(
        "kind",
        "结对类型",
        ChoiceWidget(Pairing.Kind.choices, required=True, what="结对类型"),
        required=True,
        note="红联共建、党建牵手或千社扶百村。",
    )
    party_organization = column(
        "party_organization",
        "本方党组织",
        ForeignKeyByNameWidget(PartyOrganization, what="党组织"),
        required=True,
        note="本方党组织的名称，须已在系统中。",
    )
    partner_party_organization = column(
        "partner_party_organization",
        "结对党组织（系统内）",
        ForeignKeyByNameWidget(PartyOrganization, what="党组织"),
        required_header=True,
        note="系统内党组织的名称。" + PARTNER_NOTE,
    )
    partner_organization = column(
        "partner_organization",
        "结对社会组织（统一社会信用代码）",
        CreditCodeForeignKeyWidget(SocialOrganization),
        required_header=True,
        note="系统内社会组织的统一社会信用代码。" + PARTNER_NOTE,
    )
    partner_name = column(
        "partner_name",
        "结对单位（系统外）",
        TextWidget(_max(Pairing, "partner_name")),
        required_header=True,
        note="基层党组织、村（社区）等系统外单位的名称。" + PARTNER_NOTE,
    )
    village = column("village", "帮扶村（社区）", TextWidget(_max(Pairing, "village")), note="千社扶百村填写。")
    town = column("town", "所在镇街", TextWidget(_max(Pairing, "town")))
    district = column("district", "所在区/县", TextWidget(_max(Pairing, "district")))
    projects = column("projects", "帮扶项目数", IntegerWidget(min_value=0), default=0)
    funds_committed = column(
        "funds_committed", "承诺投入资金（元）", DecimalWidget(), default=Decimal("0"), note="单位为元，留空为0。"
    )
    started_on = column(
        "started_on", "开始日期", DateWidget(), required=True, note="如 2020-07-01、2020/7/1 或 2020年7月1日。"
    )
    ended_on = column("ended_on", "结束日期", DateWidget(), note="不早于开始日期；进行中可留空。")
    status = column(
        "status",
        "状态",
        ChoiceWidget(Pairing.Status.choices, what="状态"),
        default=Pairing.Status.ACTIVE,
        note="进行中或已结束；留空为进行中。",
    )
    description = column("description", "共建内容", TextWidget())

    class Meta(BureauResource.Meta):
        model = Pairing
        use_bulk = True
        import_id_fields = (
            "party_organization",
            "kind",
            "partner_party_organization",
            "partner_organization",
            "partner_name",
            "started_on",
        )
        fields = (
            "kind",
            "party_organization",
            "partner_party_organization",
            "partner_organization",
            "partner_name",
            "village",
            "town",
            "district",
            "projects",
            "funds_committed",
            "started_on",
            "ended_on",
            "status",
            "description",
        )

    def get_queryset(self):
        return Pairing.objects.select_related(
            "party_organization", "partner_party_organization", "partner_organization"
        )

    def export_queryset(self, queryset):
        return queryset.select_related("party_organization", "partner_party_organization", "partner_organization")


class ActivityResource(BureauResource):
    """Export only: activities are written by secretaries and reviewed in the admin."""

    title = column("title", "活动名称", TextWidget())
    kind = column("kind", "活动类型", ChoiceWidget(Activity.Kind.choices))
    organizer = column("organizer", "主办党组织", ForeignKeyByNameWidget(PartyOrganization))
    co_organizers = column("co_organizers", "协办党组织", TextWidget())
    pairing = column("pairing", "所属结对共建", TextWidget())
    starts_at = column("starts_at", "开始时间", TextWidget())
    ends_at = column("ends_at", "结束时间", TextWidget())
    district = column("district", "所在区", DistrictWidget(District.choices))
    street = column("street", "街道（镇）", TextWidget())
    place = column("place", "地点", TextWidget())
    party_members = column("party_members", "参与党员（人）", IntegerWidget())
    volunteers = column("volunteers", "志愿者（人）", IntegerWidget())
    service_hours = column("service_minutes", "服务时长（小时）", TextWidget())
    people_served = column("people_served", "服务群众（人次）", IntegerWidget())
    funds = column("funds", "投入资金（元）", DecimalWidget())
    description = column("description", "活动内容", TextWidget())
    state = column("state", "审核状态", ChoiceWidget(Activity.State.choices))
    created_by = column("created_by", "填报人", TextWidget())
    submitted_at = column("submitted_at", "提交时间", TextWidget())
    published_at = column("published_at", "发布时间", TextWidget())

    import_enabled = False

    class Meta(BureauResource.Meta):
        model = Activity
        # The secretary's fields (the service time in hours), then the workflow's.
        fields = (
            *("service_hours" if name == "service_minutes" else name for name in ACTIVITY_FIELDS),
            "state",
            "created_by",
            "submitted_at",
            "published_at",
        )

    def export_queryset(self, queryset):
        return queryset.select_related(
            "organizer",
            "pairing__party_organization",
            "pairing__partner_party_organization",
            "pairing__partner_organization",
            "created_by",
        ).prefetch_related(Prefetch("co_organizers", queryset=PartyOrganization.objects.only("pk", "name")))

    def dehydrate_co_organizers(self, activity):
        return "；".join(sorted(organizer.name for organizer in activity.co_organizers.all()))

    def dehydrate_pairing(self, activity):
        return str(activity.pairing) if activity.pairing_id else ""

    def dehydrate_starts_at(self, activity):
        return activity.starts_at

    def dehydrate_ends_at(self, activity):
        return activity.ends_at

    def dehydrate_submitted_at(self, activity):
        return activity.submitted_at

    def dehydrate_published_at(self, activity):
        return activity.published_at

    def dehydrate_service_hours(self, activity):
        if activity.service_minutes is None:
            return None
        return round(Decimal(activity.service_minutes) / 60, 2)

    def dehydrate_created_by(self, activity):
        return activity.created_by.get_username() if activity.created_by_id else ""
