"""Spreadsheet import and export of social organizations (社会组织), keyed by credit code."""

from organizations.models import District, SocialOrganization
from spreadsheets.resources.base import BureauResource, column
from spreadsheets.widgets import (
    BooleanWidget,
    ChoiceWidget,
    CreditCodeWidget,
    DateWidget,
    DecimalWidget,
    DistrictWidget,
    IntegerWidget,
    TextWidget,
)

SO = SocialOrganization


def _max(name):
    return SO._meta.get_field(name).max_length


class SocialOrganizationResource(BureauResource):
    name = column("name", "名称", TextWidget(_max("name")), required=True, note="社会组织的登记名称，不可重复。")
    credit_code = column(
        "credit_code",
        "统一社会信用代码",
        CreditCodeWidget(),
        required=True,
        note="18位，以“5”开头，第2位与组织类型一致（1 社会团体、2 民办非企业单位、3 基金会），第3至8位为行政区划码。"
        "用于识别记录：代码相同即更新该社会组织。请将该列设为文本格式。",
    )
    credit_code_verified = column(
        "credit_code_verified",
        "人工核实",
        BooleanWidget(),
        default=False,
        note="填“是”表示早期登记、不通过校验的代码已经人工核实；留空为“否”。",
    )
    org_type = column(
        "org_type",
        "组织类型",
        ChoiceWidget(SO.Type.choices, required=True, what="组织类型"),
        required=True,
        note="社会团体、民办非企业单位或基金会。",
    )
    level = column(
        "level",
        "登记层级",
        ChoiceWidget(SO.Level.choices, what="登记层级"),
        default=SO.Level.DISTRICT,
        note="市级或区级；留空为区级。",
    )
    district = column(
        "district",
        "所在区",
        DistrictWidget(District.choices, required=True),
        required=True,
        note="广州市11个区之一，如“越秀区”（也可填“越秀”或区划代码440104）。",
    )
    supervising_unit = column("supervising_unit", "业务主管单位", TextWidget(_max("supervising_unit")))
    field = column(
        "field",
        "活动领域",
        ChoiceWidget(SO.Field.choices, what="活动领域"),
        default=SO.Field.OTHER,
        note="、".join(SO.Field.labels) + "；留空为“其他”。",
    )
    business_scope = column("business_scope", "业务范围", TextWidget())
    legal_representative = column("legal_representative", "法定代表人", TextWidget(_max("legal_representative")))
    registered_on = column(
        "registered_on", "成立登记日期", DateWidget(), note="如 2020-07-01、2020/7/1 或 2020年7月1日。"
    )
    registered_funds = column(
        "registered_funds",
        "注册资金（元）",
        DecimalWidget(),
        note="社会团体为注册资金，民办非企业单位为开办资金，基金会为原始基金；单位为元，未登记的留空。",
    )
    address = column("address", "住所", TextWidget(_max("address")))
    status = column(
        "status",
        "登记状态",
        ChoiceWidget(SO.Status.choices, what="登记状态"),
        default=SO.Status.NORMAL,
        note="正常、注销或撤销；留空为正常。",
    )
    evaluation_grade = column(
        "evaluation_grade",
        "评估等级",
        ChoiceWidget(SO.Grade.choices, what="评估等级"),
        default="",
        note="1A至5A，未评估留空。",
    )
    evaluation_valid_until = column("evaluation_valid_until", "评估等级有效期至", DateWidget())
    is_charity = column("is_charity", "认定为慈善组织", BooleanWidget(), default=False, note="是或否。")
    party_member_count = column(
        "party_member_count",
        "从业人员中正式党员数",
        IntegerWidget(min_value=0),
        default=0,
        note=f"整数；{SO.OWN_PARTY_ORG_THRESHOLD}名以上正式党员应单独组建党组织。",
    )
    charter_has_party_building = column(
        "charter_has_party_building", "党建写入章程", BooleanWidget(), default=False, note="是或否。"
    )
    description = column("description", "简介", TextWidget(), note="公开显示。")
    contact_phone = column("contact_phone", "联系电话", TextWidget(_max("contact_phone")), note="不公开。")
    is_archived = column(
        "is_archived", "已归档", BooleanWidget(), default=False, note="是或否；归档后不在公开页面显示。"
    )

    unique_fields = ("name",)

    class Meta(BureauResource.Meta):
        model = SocialOrganization
        use_bulk = True
        import_id_fields = ("credit_code",)
        fields = (
            "name",
            "credit_code",
            "credit_code_verified",
            "org_type",
            "level",
            "district",
            "supervising_unit",
            "field",
            "business_scope",
            "legal_representative",
            "registered_on",
            "registered_funds",
            "address",
            "status",
            "evaluation_grade",
            "evaluation_valid_until",
            "is_charity",
            "party_member_count",
            "charter_has_party_building",
            "description",
            "contact_phone",
            "is_archived",
        )

    def reword(self, message):
        if "请勾选“人工核实”后保存" in message:
            return "如该代码为早期登记且已人工核实，请在“人工核实”列填写“是”。"
        return super().reword(message)
