# ruff: noqa: E501 (a table of the article's figures, one per line)
"""The article's programme totals that the portal keeps no records for, as sourced statistics.

Looked up by key and created only when missing: a second run changes nothing, and what staff
have corrected since stays.
"""

import datetime
from decimal import Decimal

from gzpartybuild.dates import Precision
from sourcedfigures.models import Statistic

SOCIAL_ARTICLE = "《社会组织党建“广州样本”这样炼就》（文/图 符畅、廖培金、许哲凌，广州市社会组织管理局专版，2021年）"
CONGHUA_ARTICLE = "《高质量打造“两区两谷” 勇当乡村振兴排头兵》（文/张豪，广州从化专版，2021年）"

Topic = Statistic.Topic
Bound = Statistic.Bound
Y2020 = (datetime.date(2020, 1, 1), Precision.YEAR)
Y2021 = (datetime.date(2021, 1, 1), Precision.YEAR)
MAY_2021 = (datetime.date(2021, 5, 1), Precision.MONTH)

# (key, topic, label, bound, value, unit, note, (date, precision), source)
STATISTICS = [
    ("guidance-team", Topic.PARTY_BUILDING, "市社会组织党建工作指导团", Bound.EXACT, 177, "名", "", Y2020, SOCIAL_ARTICLE),
    ("think-tank", Topic.PARTY_BUILDING, "社会组织智慧团", Bound.EXACT, 15, "名", "由专家教授、实践工作者、服务对象组成", Y2020, SOCIAL_ARTICLE),
    ("expert-pool", Topic.PARTY_BUILDING, "社会组织专家库", Bound.EXACT, 22, "名", "党建专家及资深基层党建工作者", Y2020, SOCIAL_ARTICLE),
    ("community-federations", Topic.SERVICE, "社区社会组织联合会", Bound.EXACT, 195, "个", "每个街（镇）有1个社区社会组织联合会", Y2020, SOCIAL_ARTICLE),
    ("community-organizations", Topic.SERVICE, "社区社会组织", Bound.OVER, 20000, "家", "", Y2020, SOCIAL_ARTICLE),
    ("village-aid-people", Topic.SERVICE, "“千社扶百村”惠及群众", Bound.OVER, 1400000, "人", "", Y2020, SOCIAL_ARTICLE),
    ("hardship-organizations", Topic.SERVICE, "2020年牵头开展特殊困难群体暖心帮扶项目的社会组织", Bound.EXACT, 158, "家", "", Y2020, SOCIAL_ARTICLE),
    ("hardship-projects", Topic.SERVICE, "2020年特殊困难群体暖心帮扶项目", Bound.EXACT, 259, "个", "", Y2020, SOCIAL_ARTICLE),
    ("hardship-funds", Topic.SERVICE, "2020年特殊困难群体暖心帮扶项目投入资金", Bound.OVER, 7400, "万元", "", Y2020, SOCIAL_ARTICLE),
    ("red-venture-projects", Topic.SERVICE, "“红色创投”党建公益项目", Bound.EXACT, 259, "个", "", Y2020, SOCIAL_ARTICLE),
    ("red-venture-funds", Topic.SERVICE, "“红色创投”党建公益项目投入资金", Bound.OVER, 7400, "万元", "", Y2020, SOCIAL_ARTICLE),
    ("children-helped", Topic.SERVICE, "帮扶事实无人抚养儿童", Bound.EXACT, 103, "名", "", Y2020, SOCIAL_ARTICLE),
    ("epidemic-guidelines", Topic.SERVICE, "疫情防控指引文件", Bound.OVER, 30, "份", "广州市社会组织管理局印发", Y2020, SOCIAL_ARTICLE),
    ("warm-measures", Topic.SERVICE, "“暖社”举措", Bound.EXACT, 12, "条", "", Y2020, SOCIAL_ARTICLE),
    ("warm-savings", Topic.SERVICE, "“暖社”举措为社会组织节省运营成本", Bound.EXACT, Decimal("1.44"), "亿元", "", Y2020, SOCIAL_ARTICLE),
    ("enterprise-meetings", Topic.SERVICE, "“暖业援企”对接会", Bound.OVER, 30, "场", "", Y2020, SOCIAL_ARTICLE),
    ("enterprises-helped", Topic.SERVICE, "“暖业援企”帮助解决复工复产问题的企业", Bound.OVER, 6000, "家", "", Y2020, SOCIAL_ARTICLE),
    ("hotline-lines", Topic.SERVICE, "广州社工红棉守护热线", Bound.EXACT, 239, "条", "", Y2020, SOCIAL_ARTICLE),
    ("hotline-people", Topic.SERVICE, "红棉守护热线服务群众", Bound.OVER, 1400000, "人", "", Y2020, SOCIAL_ARTICLE),
    ("towns-planned", Topic.TOWNS, "从化规划建设的特色小镇", Bound.EXACT, 20, "个", "2015年底起实施特色小镇战略", Y2021, CONGHUA_ARTICLE),
    ("provincial-list-guangzhou", Topic.TOWNS, "广东省特色小镇清单管理名单中的广州特色小镇", Bound.EXACT, 21, "个", "从化上榜数量居全市第一", MAY_2021, CONGHUA_ARTICLE),
    ("conghua-forest", Topic.TOWNS, "从化森林", Bound.EXACT, 1270, "平方公里", "", Y2021, CONGHUA_ARTICLE),
    ("conghua-orchards", Topic.TOWNS, "从化果园", Bound.EXACT, 240, "平方公里", "", Y2021, CONGHUA_ARTICLE),
    ("conghua-farmland", Topic.TOWNS, "从化耕地", Bound.EXACT, 195, "平方公里", "", Y2021, CONGHUA_ARTICLE),
    (
        "conghua-platforms",
        Topic.TOWNS,
        "从化高质量建设的平台",
        Bound.EXACT,
        4,
        "个",
        "黄埔—从化产业共建合作区、生态经济总部集聚区、穗北国际交往中心、粤港澳大湾区北部生态文化旅游合作区",
        Y2021,
        CONGHUA_ARTICLE,
    ),
]  # fmt: skip


def seed_statistics():
    for position, (key, topic, label, bound, value, unit, note, (as_of, precision), source) in enumerate(STATISTICS):
        Statistic.objects.get_or_create(
            key=key,
            defaults={
                "topic": topic,
                "label": label,
                "bound": bound,
                "value": Decimal(value),
                "unit": unit,
                "note": note,
                "as_of": as_of,
                "as_of_precision": precision,
                "source": source,
                "position": position,
            },
        )
