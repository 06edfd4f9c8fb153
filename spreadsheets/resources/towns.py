"""Spreadsheet import and export of Conghua's characteristic towns (特色小镇), keyed by name."""

from decimal import Decimal

from spreadsheets.resources.base import BureauResource, column
from spreadsheets.widgets import (
    BooleanWidget,
    ChoiceWidget,
    DecimalWidget,
    IntegerWidget,
    TextWidget,
)
from towns.models import CharacteristicTown, Township

CT = CharacteristicTown


def _max(name):
    return CT._meta.get_field(name).max_length


class CharacteristicTownResource(BureauResource):
    name = column(
        "name", "名称", TextWidget(_max("name")), required=True, note="小镇名称，用于识别记录：名称相同即更新。"
    )
    slug = column(
        "slug",
        "网址标识",
        TextWidget(_max("slug")),
        required=True,
        note="小写英文字母、数字和连字符，如 eco-design-town；不可与其他小镇重复。",
    )
    township = column(
        "township",
        "所在镇街",
        ChoiceWidget(Township.choices, required=True, what="镇街"),
        required=True,
        note="、".join(Township.labels) + "之一。",
    )
    core_village = column("core_village", "核心村", TextWidget(_max("core_village")))
    theme_industry = column("theme_industry", "主导产业", TextWidget(_max("theme_industry")))
    summary = column("summary", "概述", TextWidget(_max("summary")))
    story = column("story", "小镇故事", TextWidget())
    launched_year = column(
        "launched_year", "启动年份", IntegerWidget(min_value=1949, max_value=2100), note="四位数年份。"
    )
    on_provincial_list = column(
        "on_provincial_list", "列入广东省特色小镇清单管理名单", BooleanWidget(), default=False, note="是或否。"
    )
    provincial_list_year = column(
        "provincial_list_year",
        "入选年份",
        IntegerWidget(min_value=1949, max_value=2100),
        note="仅在列入名单时填写，不早于启动年份。",
    )
    enterprises = column("enterprises", "入驻企业（家）", IntegerWidget(min_value=0))
    income_before = column("income_before", "核心村人均年收入（建设前，元）", DecimalWidget())
    income_after = column("income_after", "核心村人均年收入（现在，元）", DecimalWidget())
    latitude = column(
        "latitude",
        "纬度",
        DecimalWidget(min_value=Decimal("23.2"), max_value=Decimal("24.0")),
        note="从化区范围内：23.2至24.0。",
    )
    longitude = column(
        "longitude",
        "经度",
        DecimalWidget(min_value=Decimal("113.2"), max_value=Decimal("114.1")),
        note="从化区范围内：113.2至114.1。",
    )
    is_featured = column("is_featured", "首页推荐", BooleanWidget(), default=False, note="是或否。")
    is_published = column("is_published", "公开", BooleanWidget(), default=True, note="是或否；留空为“否”。")

    unique_fields = ("slug",)

    class Meta(BureauResource.Meta):
        model = CharacteristicTown
        use_bulk = True
        import_id_fields = ("name",)
        fields = (
            "name",
            "slug",
            "township",
            "core_village",
            "theme_industry",
            "summary",
            "story",
            "launched_year",
            "on_provincial_list",
            "provincial_list_year",
            "enterprises",
            "income_before",
            "income_after",
            "latitude",
            "longitude",
            "is_featured",
            "is_published",
        )
