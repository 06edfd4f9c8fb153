"""Spreadsheet import and export of party organizations (党组织), keyed by name.

The social organizations a party organization covers are listed by credit code in one
cell; every code must belong to an organization already in the system.
"""

from django.db.models import Prefetch

from gzpartybuild.dates import DATE_PRECISIONS, Precision
from organizations.models import District, SocialOrganization
from partybranches.models import PartyOrganization
from spreadsheets.resources.base import BureauResource, column
from spreadsheets.widgets import (
    BooleanWidget,
    ChoiceWidget,
    CreditCodeManyToManyWidget,
    DateWidget,
    DistrictWidget,
    ForeignKeyByNameWidget,
    IntegerWidget,
    TextWidget,
)

PO = PartyOrganization


def _max(name):
    return PO._meta.get_field(name).max_length


class PartyOrganizationResource(BureauResource):
    name = column(
        "name", "名称", TextWidget(_max("name")), required=True, note="党组织全称，用于识别记录：名称相同即更新。"
    )
    kind = column(
        "kind",
        "组织类别",
        ChoiceWidget(PO.Kind.choices, what="组织类别"),
        default=PO.Kind.BRANCH,
        note="党委、党总支、党支部或联合党支部；留空为党支部。",
    )
    formation = column(
        "formation",
        "组建方式",
        ChoiceWidget(PO.Formation.choices, what="组建方式"),
        default=PO.Formation.ALONE,
        note="单独组建、联合组建或行业覆盖；留空为单独组建。",
    )
    parent = column(
        "parent",
        "上级党组织",
        ForeignKeyByNameWidget(PartyOrganization, what="党组织"),
        note="上级党组织的名称；须已在系统中，或在本文件中更靠前的行。",
    )
    organizations = column(
        "organizations",
        "覆盖的社会组织（统一社会信用代码）",
        CreditCodeManyToManyWidget(SocialOrganization),
        note="所覆盖社会组织的统一社会信用代码，多个用顿号、逗号、分号或换行分隔；这些社会组织须已在系统中。",
    )
    district = column(
        "district",
        "所在区",
        DistrictWidget(District.choices),
        default="",
        note="广州市11个区之一；市级党组织可留空。",
    )
    founded_on = column("founded_on", "成立日期", DateWidget(), note="如 2020-07-01、2020/7/1 或 2020年7月1日。")
    founded_precision = column(
        "founded_precision",
        "成立日期精度",
        ChoiceWidget(DATE_PRECISIONS, what="成立日期精度", aliases={"年份": Precision.YEAR, "月份": Precision.MONTH}),
        default=Precision.DAY,
        note="年、月或日：只知成立年份（月份）的，成立日期填该年（月）的第一天、精度填“年”（“月”）；留空为日。",
    )
    secretary_name = column("secretary_name", "书记", TextWidget(_max("secretary_name")))
    secretary_is_head = column(
        "secretary_is_head",
        "书记与负责人“一肩挑”",
        BooleanWidget(),
        default=False,
        note="是或否：党组织书记同时担任社会组织负责人。",
    )
    cross_appointment = column(
        "cross_appointment", "双向进入、交叉任职", BooleanWidget(), default=False, note="是或否。"
    )
    full_members = column("full_members", "正式党员数", IntegerWidget(min_value=0), default=0)
    probationary_members = column("probationary_members", "预备党员数", IntegerWidget(min_value=0), default=0)
    first_secretary = column("first_secretary", "第一书记", TextWidget(_max("first_secretary")))
    instructor = column("instructor", "党建指导员", TextWidget(_max("instructor")))
    contact_phone = column("contact_phone", "联系电话", TextWidget(_max("contact_phone")), note="不公开。")
    is_archived = column("is_archived", "已归档", BooleanWidget(), default=False, note="是或否。")

    class Meta(BureauResource.Meta):
        model = PartyOrganization
        import_id_fields = ("name",)
        fields = (
            "name",
            "kind",
            "formation",
            "parent",
            "organizations",
            "district",
            "founded_on",
            "founded_precision",
            "secretary_name",
            "secretary_is_head",
            "cross_appointment",
            "full_members",
            "probationary_members",
            "first_secretary",
            "instructor",
            "contact_phone",
            "is_archived",
        )

    def get_queryset(self):
        return PartyOrganization.objects.select_related("parent").prefetch_related(
            Prefetch("organizations", queryset=SocialOrganization.objects.only("pk", "credit_code"))
        )

    def export_queryset(self, queryset):
        return queryset.select_related("parent").prefetch_related(
            Prefetch("organizations", queryset=SocialOrganization.objects.only("pk", "credit_code"))
        )
