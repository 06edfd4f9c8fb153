"""The article's named facts: organizations, party organizations, the chronicle, the two
2021 volunteer services and Conghua's characteristic towns.

Every record is looked up by its natural key and created only when missing, so running the
seed again changes nothing (and keeps whatever staff have edited since). Where the article
does not give a fact the field stays empty; where a field cannot be empty the choice is
noted next to it.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from activities.models import Activity, ActivityPhoto
from gzpartybuild.dates import Precision
from organizations.models import CITY_DIVISION, District, SocialOrganization
from organizations.validators import make_credit_code
from partybranches.models import Milestone, PartyOrganization
from towns.models import CharacteristicTown, TownHighlight, TownPhoto, Township

from . import images
from .exhibits import seed_announcements, seed_exhibits
from .statistics import seed_statistics

# The municipal party committee for social organizations (市社会组织党委), parent of the others.
CITY_COMMITTEE = "广州市社会组织党委"
CITY_COMMITTEE_FOUNDED = datetime.date(2010, 1, 1)  # precision: year
FEDERATION = "广州市社会组织联合会"
FEDERATION_COMMITTEE = "广州市社会组织联合会党委"
PUAI = "普爱社会工作服务"
PUAI_BRANCH = "普爱社会工作服务党支部"
SOFTWARE = "广州市软件行业协会"
SOFTWARE_BRANCH = "广州市软件行业协会党支部"
BUREAU = "广州市社会组织管理局"

# The credit codes of these organizations are not in the article: the demo gives them valid
# codes in a serial range ("Y" series) that generated records never use.
NAMED_ORGANIZATIONS = [
    {
        "name": FEDERATION,
        "org_type": SocialOrganization.Type.SOCIETY,
        "level": SocialOrganization.Level.CITY,
        # The article does not say where it sits; 越秀区 is where its activities took place.
        "district": District.YUEXIU,
        "field": SocialOrganization.Field.SOCIAL_SERVICE,
        "serial": "MJY000001",
        "charter_has_party_building": True,
        "description": (
            "广州市社会组织的联合性枢纽组织。在市社会组织管理局指导下，"
            "发布全国首个社会组织应对突发公共卫生事件防控规范的团体标准。"
        ),
    },
    {
        "name": PUAI,
        "org_type": SocialOrganization.Type.PRIVATE_NON_ENTERPRISE,
        "level": SocialOrganization.Level.DISTRICT,
        "district": District.YUEXIU,
        "field": SocialOrganization.Field.SOCIAL_SERVICE,
        "serial": "MJY000002",
        "charter_has_party_building": True,
        "description": "社会工作服务机构，搭建社区慈善服务平台，在党建引领下开展红联共建，为群众解决实际问题。",
    },
    {
        "name": SOFTWARE,
        "org_type": SocialOrganization.Type.SOCIETY,
        "level": SocialOrganization.Level.CITY,
        "district": District.TIANHE,
        "field": SocialOrganization.Field.INDUSTRY,
        "serial": "MJY000003",
        "charter_has_party_building": True,
        "description": "软件行业的行业协会。",
    },
]

MILESTONES = [
    # (date, precision, title, description): where the article gives only the year (or the month)
    # the date is the first day of it and the precision says so; pages show no more than that.
    (
        datetime.date(2010, 1, 1),
        Precision.YEAR,
        "广州市委成立社会组织党工委",
        "广州市委高度重视社会组织党建工作，于2010年成立社会组织党工委。",
    ),
    (
        datetime.date(2012, 1, 1),
        Precision.YEAR,
        "社会组织党工委更名为“社会组织党委”",
        "2012年，市社会组织党工委更名为“社会组织党委”。",
    ),
    (
        datetime.date(2020, 7, 1),
        Precision.DAY,
        "广州市社会组织党建展览馆正式开放，“云展馆”同步上线",
        "打造“现实+虚拟”立体化党建阵地，进一步拓展社会组织党建工作的影响力和传播力。",
    ),
    (
        datetime.date(2020, 10, 1),
        Precision.MONTH,
        "民政部社会组织管理局局长柳拯来穗调研，称之为“广州样本”",
        "柳拯指出，广州社会组织党建工作起步早、起点高、推进快、效果好、影响大，"
        "为全国社会组织党建工作提供了“广州样本”。",
    ),
    (
        datetime.date(2021, 4, 22),
        Precision.DAY,
        "市社会组织联合会党委到越秀区农林街开展“我为群众办实事”党员志愿服务",
        "广州市社会组织联合会党委到越秀区农林街开展“我为群众办实事”党员志愿服务实践活动。",
    ),
    (
        datetime.date(2021, 5, 1),
        Precision.MONTH,
        "三个社会组织党组织联合上门探访越秀区光塔街困难残障家庭",
        "广州市社会组织联合会党委联动普爱社会工作服务党支部、广州市软件行业协会党支部，"
        "共同开展关爱困境障碍群体志愿服务，并捐赠一批爱心物资。",
    ),
]


APPROXIMATE_LOCATION = "核心村位置的近似坐标（据公开报道中的村名和所在镇街估计）。"


@dataclass
class TownFact:
    name: str
    slug: str
    township: str
    core_village: str = ""
    theme_industry: str = ""
    summary: str = ""
    story: str = ""
    enterprises: int | None = None
    latitude: str | None = None
    longitude: str | None = None
    location_source: str = APPROXIMATE_LOCATION
    featured: bool = False
    theme: str = "mountain"
    highlights: list = field(default_factory=list)


# The nine Conghua towns on Guangdong's provincial list (广东省特色小镇清单管理名单, published
# in May 2021). Coordinates are approximate: the core village's where it is known, else the seat
# of the town's township; each town's location_source says which.
TOWNS = [
    TownFact(
        name="生态设计小镇",
        slug="eco-design",
        township=Township.LIANGKOU,
        core_village="塘尾村",
        theme_industry="生态设计",
        summary="良口镇塘尾村盘活村集体闲置用地，濒临倒闭的农贸市场89天变身世界生态设计大会永久会址。",
        story=(
            "曾经濒临倒闭的农贸市场，仅用了89天，就变身成为世界生态设计大会永久会址。"
            "在从化区良口镇塘尾村（连同良明、良平两村），当地盘活村集体闲置用地，"
            "一个国际化的生态设计小镇悄然崛起。\n\n"
            "2018年以来，生态设计小镇以世界生态设计大会为引擎，以湾区设计开放大学、"
            "广东省生态工业设计研究院等为支撑平台，吸引了国际生态设计促进中心、生态工业设计产业研究、"
            "院士工作站、设计师村、高端酒店等一批优质项目入驻，并集聚了84家设计创意类企业，"
            "形成生态产业化、产业生态化的生态经济体系。"
        ),
        enterprises=84,
        latitude="23.705000",
        longitude="113.733000",
        featured=True,
        theme="design",
        highlights=[
            ("世界生态设计大会永久会址", "由濒临倒闭的农贸市场改造，仅用89天建成。"),
            ("湾区设计开放大学", "小镇的支撑平台之一。"),
            ("广东省生态工业设计研究院", "小镇的支撑平台之一。"),
            ("国际生态设计促进中心", "入驻小镇的优质项目之一。"),
            ("院士工作站", "入驻小镇的优质项目之一。"),
            # 从都国际论坛, 全国民宿大会 and the mountain marathon the article credits to "a batch of
            # characteristic towns" together, not to this one: the towns page says so.
        ],
    ),
    TownFact(
        name="西和万花风情小镇",
        slug="xihe-flowers",
        township=Township.CHENGJIAO,
        core_village="西和村",
        theme_industry="花卉观光",
        summary="城郊街西和村的花卉风情主题小镇。",
        latitude="23.600000",
        longitude="113.553000",
        theme="flowers",
    ),
    TownFact(
        name="西塘童话小镇",
        slug="xitang-fairy-tale",
        township=Township.AOTOU,
        core_village="西塘村",
        theme_industry="田园童话旅游",
        summary="鳌头镇西塘村，面积约4.2平方公里的田园童话主题小镇。",
        story="西塘童话小镇位于从化区鳌头镇西塘村，面积约4.2平方公里。",
        latitude="23.590000",
        longitude="113.428000",
        featured=True,
        theme="fairytale",
    ),
    TownFact(
        name="南平静修小镇",
        slug="nanping-retreat",
        # From public reports as remembered, not verified against a source at hand.
        township=Township.WENQUAN,
        core_village="南平村",
        theme_industry="静修康养",
        summary="温泉镇南平村的静修主题小镇。",
        latitude="23.655000",
        longitude="113.655000",
        theme="retreat",
    ),
    TownFact(
        name="格塘南药小镇",
        slug="getang-herbs",
        # 格塘村 is in 太平镇's north-west (public place-name records of its neighbour 连塘村, code
        # 440117111226: "太平镇西北部 … 离太平墟镇约6公里", 格塘村 among its neighbours).
        township=Township.TAIPING,
        core_village="格塘村",
        theme_industry="南药种植",
        summary="太平镇格塘村以南药种植为主题的特色小镇。",
        latitude="23.490000",
        longitude="113.475000",
        location_source=(
            "近似坐标：按公开地名资料，格塘村位于太平镇西北部、距太平墟约6公里，图上据此估计标出，未经实地核实。"
        ),
        theme="herbs",
    ),
    TownFact(
        name="莲麻小镇",
        slug="lianma",
        township=Township.LYUTIAN,
        core_village="莲麻村",
        theme_industry="生态旅游",
        summary="吕田镇莲麻村，从化特色小镇的第一个试点，曾经的贫困村。",
        story="莲麻小镇位于从化区吕田镇莲麻村，是从化建设特色小镇的第一个试点，莲麻村曾是贫困村。",
        latitude="23.905000",
        longitude="113.905000",
        featured=True,
        theme="mountain",
    ),
    TownFact(
        name="古驿道小镇",
        slug="ancient-post-road",
        township=Township.TAIPING,
        core_village="钱岗村",
        theme_industry="古驿道文化旅游",
        summary="太平镇以钱岗古村和南粤古驿道为依托的历史文化小镇。",
        latitude="23.466000",
        longitude="113.503000",
        theme="post_road",
    ),
    TownFact(
        name="赛莱拉干细胞科技小镇",
        slug="cellular-biomedicine",
        # Not verified from public reports: the township is required; 鳌头镇 (明珠工业园) is the best guess.
        # With no core village known, the map places it at the seat of 鳌头镇 and says so.
        township=Township.AOTOU,
        theme_industry="干细胞科技",
        summary="以干细胞科技为主题产业的特色小镇。",
        latitude="23.630000",
        longitude="113.400000",
        location_source="未查到小镇的具体位置：图上标在所在镇街（鳌头镇）政府驻地的近似位置。",
        theme="biotech",
    ),
    TownFact(
        name="罗洞工匠小镇",
        slug="luodong-craftsmen",
        township=Township.JIANGPU,
        core_village="罗洞村",
        theme_industry="工匠手作",
        summary="江埔街罗洞村的工匠主题小镇。",
        latitude="23.520000",
        longitude="113.640000",
        theme="craft",
    ),
]

PROVINCIAL_LIST_YEAR = 2021


@dataclass
class Named:
    """The records later steps refer to."""

    city_committee: PartyOrganization
    federation_committee: PartyOrganization
    puai_branch: PartyOrganization
    software_branch: PartyOrganization


def named_organization_counts():
    """How many named organizations of each type the facts contain (the generator adds the rest)."""
    counts = {}
    for spec in NAMED_ORGANIZATIONS:
        counts[spec["org_type"]] = counts.get(spec["org_type"], 0) + 1
    return counts


NAMED_PARTY_ORGANIZATIONS = 4


def seed_facts(*, bureau_user, with_photos=True):
    organizations = {}
    for spec in NAMED_ORGANIZATIONS:
        type_digit = SocialOrganization.TYPE_DIGIT[spec["org_type"]]
        division = CITY_DIVISION if spec["level"] == SocialOrganization.Level.CITY else spec["district"]
        organizations[spec["name"]], _ = SocialOrganization.objects.get_or_create(
            name=spec["name"],
            defaults={
                "credit_code": make_credit_code(type_digit, division, spec["serial"]),
                "org_type": spec["org_type"],
                "level": spec["level"],
                "district": spec["district"],
                "field": spec["field"],
                "charter_has_party_building": spec["charter_has_party_building"],
                "description": spec["description"],
            },
        )

    # Founded in 2010 as the 社会组织党工委 (renamed in 2012): the article gives the year only.
    # The other named party organizations' founding dates are not in the article (未登记).
    city_committee, _ = PartyOrganization.objects.get_or_create(
        name=CITY_COMMITTEE,
        defaults={
            "kind": PartyOrganization.Kind.COMMITTEE,
            "formation": PartyOrganization.Formation.INDUSTRY,
            "founded_on": CITY_COMMITTEE_FOUNDED,
            "founded_precision": Precision.YEAR,
        },
    )
    federation_committee = _party_organization(
        FEDERATION_COMMITTEE,
        organizations[FEDERATION],
        city_committee,
        kind=PartyOrganization.Kind.COMMITTEE,
        # 孟昕 is the federation's party secretary and deputy secretary-general.
        secretary_name="孟昕",
    )
    puai_branch = _party_organization(PUAI_BRANCH, organizations[PUAI], city_committee, first_secretary="刘志娟")
    software_branch = _party_organization(SOFTWARE_BRANCH, organizations[SOFTWARE], city_committee)

    for date, precision, title, description in MILESTONES:
        Milestone.objects.get_or_create(
            date=date, title=title, defaults={"precision": precision, "description": description}
        )

    named = Named(city_committee, federation_committee, puai_branch, software_branch)
    _seed_activities(named, bureau_user=bureau_user, with_photos=with_photos)
    _seed_towns(with_photos=with_photos)
    seed_statistics()
    seed_exhibits()
    seed_announcements()
    return named


def _party_organization(name, organization, parent, **fields):
    party_organization, created = PartyOrganization.objects.get_or_create(
        name=name,
        defaults={
            "kind": PartyOrganization.Kind.BRANCH,
            "formation": PartyOrganization.Formation.ALONE,
            "parent": parent,
            "district": organization.district,
            **fields,
        },
    )
    if created:
        party_organization.organizations.add(organization)
    return party_organization


def _aware(year, month, day, hour=0, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=timezone.get_default_timezone())


def _seed_activities(named, *, bureau_user, with_photos):
    # The article gives the day of one and the month of the other, and none of their figures:
    # the precision says what is known and the figures stay empty (未登记).
    specs = [
        {
            "title": "“我为群众办实事”党员志愿服务实践活动（越秀区农林街）",
            "organizer": named.federation_committee,
            "co_organizers": [],
            "starts_at": _aware(2021, 4, 22),
            "precision": Precision.DAY,
            "street": "农林街",
            "description": (
                "2021年4月22日，广州市社会组织联合会党委到越秀区农林街开展“我为群众办实事”党员志愿服务实践活动。"
            ),
            "caption": "“我为群众办实事”党员志愿服务（示意图）",
        },
        {
            "title": "关爱困境障碍群体志愿服务：上门探访光塔街困难残障家庭",
            "organizer": named.federation_committee,
            "co_organizers": [named.puai_branch, named.software_branch],
            "starts_at": _aware(2021, 5, 1),
            "precision": Precision.MONTH,
            "street": "光塔街",
            "description": (
                "2021年5月，广州市社会组织联合会党委联动普爱社会工作服务党支部、广州市软件行业协会党支部，"
                "共同开展关爱困境障碍群体志愿服务，上门探访越秀区光塔街的困难残障家庭，并捐赠一批爱心物资。"
                "普爱党支部第一书记刘志娟表示：“我们将继续搭建社区慈善服务平台，在党建引领下进行红联共建，"
                "为群众解决实际问题。”"
            ),
            "caption": "上门探访困难残障家庭（示意图）",
        },
    ]
    for spec in specs:
        activity, created = Activity.objects.get_or_create(
            title=spec["title"],
            organizer=spec["organizer"],
            starts_at=spec["starts_at"],
            defaults={
                "kind": Activity.Kind.VOLUNTEER,
                "ends_at": spec["starts_at"],
                "time_precision": spec["precision"],
                "party_members": None,
                "volunteers": None,
                "service_minutes": None,
                "people_served": None,
                "funds": None,
                "district": District.YUEXIU,
                "street": spec["street"],
                "description": spec["description"],
                "state": Activity.State.PUBLISHED,
                "featured_hall": Activity.Hall.FOREST,
                "submitted_at": spec["starts_at"],
                "reviewed_by": bureau_user,
                "reviewed_at": spec["starts_at"],
                "published_at": spec["starts_at"],
            },
        )
        if created and spec["co_organizers"]:
            activity.co_organizers.add(*spec["co_organizers"])
        if with_photos and not activity.photos.exists():
            name, thumb, width, height = images.save_activity_photo(
                images.draw_activity_photo(Activity.Kind.VOLUNTEER, spec["street"])
            )
            ActivityPhoto.objects.create(
                activity=activity, image=name, thumbnail=thumb, width=width, height=height, caption=spec["caption"]
            )


def _seed_towns(*, with_photos):
    for fact in TOWNS:
        town, _ = CharacteristicTown.objects.get_or_create(
            slug=fact.slug,
            defaults={
                "name": fact.name,
                "township": fact.township,
                "core_village": fact.core_village,
                "theme_industry": fact.theme_industry,
                "summary": fact.summary,
                "story": fact.story,
                "on_provincial_list": True,
                "provincial_list_year": PROVINCIAL_LIST_YEAR,
                "enterprises": fact.enterprises,
                "latitude": Decimal(fact.latitude) if fact.latitude else None,
                "longitude": Decimal(fact.longitude) if fact.longitude else None,
                "location_source": fact.location_source if fact.latitude else "",
                "is_featured": fact.featured,
            },
        )
        for title, description in fact.highlights:
            TownHighlight.objects.get_or_create(town=town, title=title, defaults={"description": description})
        if with_photos and not town.photos.exists():
            TownPhoto.objects.create(
                town=town,
                image=images.save_town_photo(images.draw_town_photo(fact.theme, fact.slug)),
                caption=f"{fact.name}（示意图，程序绘制）",
            )
