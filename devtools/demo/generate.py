"""The generated part of the demo: thousands of made-up records whose totals are the article's.

Everything is drawn from one seeded random generator, so a given scale always gives the same
data. Records are built in memory and written with bulk inserts in batches; their change
history is written in bulk too (one "created" entry per record, by no user, with the reason
below), so the admin's history pages work for generated records as for the rest.
"""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from activities.models import Activity, ActivityPhoto, Pairing
from operations.progress import NO_PROGRESS
from organizations.models import CITY_DIVISION, District, SocialOrganization
from organizations.validators import CHARSET, make_credit_code
from partybranches.models import DemonstrationSite, PartyOrganization, StarRating
from reports.queries import INACTIVITY_MONTHS, months_before

from . import images
from . import vocabulary as words
from .facts import NAMED_PARTY_ORGANIZATIONS, named_organization_counts

SEED = 20210422
BATCH = 1000
ACTIVITY_CHUNK = 5000
HISTORY_REASON = "演示数据（seed_demo 生成）"

Type = SocialOrganization.Type
Field = SocialOrganization.Field
Kind = PartyOrganization.Kind
Formation = PartyOrganization.Formation
State = Activity.State
ActivityKind = Activity.Kind
Hall = Activity.Hall

FIRST_DAY = datetime.date(2016, 1, 1)
LAST_DAY_2020 = datetime.date(2020, 12, 31)
EPIDEMIC_START = datetime.date(2020, 1, 20)
EXHIBITION_OPENED = datetime.date(2020, 7, 1)

# Two generated party organizations, fixed by name, where the demo secretaries work. Each gets
# activities in every review state.
SECRETARY_ORGANIZATIONS = [
    {
        "name": "广州市越秀区启明社会工作服务中心",
        "org_type": Type.PRIVATE_NON_ENTERPRISE,
        "district": District.YUEXIU,
        "field": Field.SOCIAL_SERVICE,
    },
    {
        "name": "广州市天河区同心志愿者协会",
        "org_type": Type.SOCIETY,
        "district": District.TIANHE,
        "field": Field.SOCIAL_SERVICE,
    },
]
SECRETARY_BRANCHES = [f"{spec['name']}党支部" for spec in SECRETARY_ORGANIZATIONS]
# Review states of each secretary's activities: every state, more than once.
SECRETARY_STATES = (
    [State.DRAFT] * 2 + [State.SUBMITTED] * 2 + [State.RETURNED] * 2 + [State.PUBLISHED] * 5 + [State.OFFLINE] * 2
)

FIELD_WEIGHTS = {
    Type.SOCIETY: {
        Field.INDUSTRY: 30, Field.SCIENCE: 10, Field.SOCIAL_SERVICE: 12, Field.CULTURE: 12, Field.EDUCATION: 5,
        Field.HEALTH: 6, Field.SPORTS: 10, Field.ENVIRONMENT: 3, Field.LAW: 3, Field.CHARITY: 4, Field.OTHER: 5,
    },
    Type.PRIVATE_NON_ENTERPRISE: {
        Field.SOCIAL_SERVICE: 30, Field.EDUCATION: 30, Field.HEALTH: 10, Field.CULTURE: 8, Field.SPORTS: 6,
        Field.SCIENCE: 4, Field.ENVIRONMENT: 2, Field.LAW: 3, Field.OTHER: 7,
    },
    Type.FOUNDATION: {Field.CHARITY: 100},
}  # fmt: skip

SCOPES = {
    Field.INDUSTRY: "行业自律、行业调研、业务培训、交流合作、咨询服务、展览展示",
    Field.SCIENCE: "学术交流、课题研究、科学普及、咨询服务、人才培养",
    Field.SOCIAL_SERVICE: "社会工作服务、志愿服务、社区服务、个案辅导、社区营造",
    Field.CULTURE: "文化交流、艺术培训、展演展览、传统文化传承",
    Field.EDUCATION: "教育培训、课程研发、家庭教育指导、教育交流",
    Field.HEALTH: "健康教育、康复服务、医疗咨询、护理服务",
    Field.SPORTS: "体育赛事组织、全民健身推广、运动培训、交流比赛",
    Field.ENVIRONMENT: "环保宣传、生态保护、环境教育、垃圾分类推广",
    Field.LAW: "法律咨询、人民调解、普法宣传、法律援助协助",
    Field.CHARITY: "慈善募捐、扶贫济困、助学助医、公益项目资助",
    Field.OTHER: "联谊交流、会员服务、养老服务、公益活动",
}

ACTIVITY_KIND_WEIGHTS = {
    ActivityKind.VOLUNTEER: 30,
    ActivityKind.CO_BUILDING: 14,
    ActivityKind.STUDY: 20,
    ActivityKind.ASSISTANCE: 10,
    ActivityKind.PARTY_DAY: 15,
    ActivityKind.EPIDEMIC: 5,
    ActivityKind.GOVERNANCE: 6,
}
# Generated activities run up to the day the seed runs. Those of the last RECENT_DAYS may still
# be under way; older ones are reviewed long ago.
RECENT_DAYS = 120
# The share of party organizations with no published activity in the risk list's window (the
# last twelve months): about this share of covered organizations is flagged there.
DORMANT_SHARE = 0.1
STATE_WEIGHTS_RECENT = {State.PUBLISHED: 60, State.DRAFT: 12, State.SUBMITTED: 14, State.RETURNED: 6, State.OFFLINE: 8}
STATE_WEIGHTS_OLD = {State.PUBLISHED: 94, State.OFFLINE: 6}
HALL_KINDS = {
    Hall.SEED: [ActivityKind.STUDY, ActivityKind.PARTY_DAY],
    Hall.SAPLING: [ActivityKind.CO_BUILDING, ActivityKind.STUDY],
    Hall.FOREST: [ActivityKind.VOLUNTEER, ActivityKind.EPIDEMIC, ActivityKind.ASSISTANCE, ActivityKind.GOVERNANCE],
}
FEATURED_PER_HALL = 30
PHOTO_VARIANTS = 3

STUDY_TOPICS = {
    2016: "“两学一做”学习教育",
    2017: "党的十九大精神",
    2018: "党的十九大精神",
    2019: "“不忘初心、牢记使命”主题教育",
    2020: "党的十九届五中全会精神",
    2021: "党史学习教育",
    2022: "党的二十大精神",
    2023: "学习贯彻习近平新时代中国特色社会主义思想主题教育",
    2024: "党纪学习教育",
    2025: "深入贯彻中央八项规定精神学习教育",
}
GENERAL_TOPICS = [
    "社会组织党建工作实务",
    "发展党员工作规程",
    "党费收缴使用管理",
    "支部“三会一课”规范",
    "社会组织法规政策",
]
CAPTIONS = {
    ActivityKind.VOLUNTEER: "志愿服务现场",
    ActivityKind.CO_BUILDING: "共建交流现场",
    ActivityKind.STUDY: "集中学习现场",
    ActivityKind.ASSISTANCE: "帮扶走访现场",
    ActivityKind.PARTY_DAY: "主题党日现场",
    ActivityKind.EPIDEMIC: "疫情防控服务现场",
    ActivityKind.GOVERNANCE: "社区议事现场",
}

# Titles of demonstration sites: the kinds of title the province and the city name, no proper names.
PROVINCIAL_SITE_TITLES = [
    "广东省社会组织党建工作示范点",
    "广东省社会组织党建工作示范基地",
    "广东省社会组织党建引领服务示范点",
]
MUNICIPAL_SITE_TITLES = [
    "广州市社会组织党建工作示范点",
    "广州市社会组织党建工作示范基地",
    "广州市社会组织“红苗工程”党建示范点",
    "广州市社会组织党建引领社会治理示范点",
    "广州市社会组织党员教育示范点",
    "广州市行业协会商会党建工作示范点",
    "广州市社会组织“三亮三树”示范点",
    "广州市社会组织党建品牌示范点",
]

CHINESE_NUMERALS = "零一二三四五六七八九十"


def _ordinal(n):
    if n <= 10:
        return CHINESE_NUMERALS[n]
    if n < 20:
        return "十" + CHINESE_NUMERALS[n - 10]
    return str(n)


def _largest_remainder(total, weights):
    """Split an integer total in proportion to weights, exactly (Hamilton's method)."""
    weight_sum = sum(weights)
    shares = [total * w / weight_sum for w in weights]
    floors = [int(share) for share in shares]
    left = total - sum(floors)
    order = sorted(range(len(weights)), key=lambda i: shares[i] - floors[i], reverse=True)
    for i in order[:left]:
        floors[i] += 1
    return floors


class Generator:
    def __init__(self, *, targets, named, accounts, with_photos=True, log=None, progress=NO_PROGRESS):
        self.targets = targets
        self.named = named
        self.accounts = accounts
        self.with_photos = with_photos
        self.log = log or (lambda message: None)
        # Stages and the activities' bar on seed_demo's terminal (operations.progress).
        self.progress = progress
        self.rng = random.Random(SEED)
        self.tz = timezone.get_default_timezone()
        self.used_names = set(SocialOrganization.objects.values_list("name", flat=True))
        self.used_party_names = set(PartyOrganization.objects.values_list("name", flat=True))
        self.used_people = set()
        today = timezone.localdate()
        # Generated activities end yesterday: none is published before it took place.
        self.last_day = today - datetime.timedelta(days=1)
        # The risk list's window: the twelve months up to today (reports.queries.inactivity_window).
        self.window_start = months_before(today, INACTIVITY_MONTHS) + datetime.timedelta(days=1)
        self.dormant = set()

    # ------------------------------------------------------------------ helpers
    def _save(self, model, objs):
        if not objs:
            return objs
        return bulk_create_with_history(objs, model, batch_size=BATCH, default_change_reason=HISTORY_REASON)

    def _date_between(self, start, end):
        return start + datetime.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def _person(self):
        rng = self.rng
        given = rng.choice(words.GIVEN_CHARS) + (rng.choice(words.GIVEN_CHARS) if rng.random() < 0.7 else "")
        return rng.choice(words.SURNAMES) + given

    def _unique_person(self):
        for _ in range(100):
            name = self._person()
            if name not in self.used_people:
                self.used_people.add(name)
                return name
        raise RuntimeError("ran out of distinct person names")

    def _trade(self):
        return self.rng.choice(words.TRADE_FIRST) + self.rng.choice(words.TRADE_SECOND)

    def _phone(self):
        return f"020-{self.rng.randint(3000_0000, 8999_9999)}"

    def _mobile(self):
        return f"13{self.rng.randint(0, 9)}{self.rng.randint(0, 9999_9999):08d}"

    def _street(self, district):
        return self.rng.choice(words.STREETS[district])

    def _district(self):
        return self.rng.choices(list(words.DISTRICT_WEIGHTS), weights=list(words.DISTRICT_WEIGHTS.values()))[0]

    def _aware(self, day, hour=9, minute=0):
        return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.tz)

    # ------------------------------------------------------------------ organizations
    def _org_name(self, org_type, field, prefix):
        rng = self.rng
        trade = self._trade
        if org_type == Type.FOUNDATION:
            choices = {Field.CHARITY: lambda: f"广州市{trade()}{rng.choice(words.FOUNDATION_PURPOSES)}基金会"}
        elif org_type == Type.SOCIETY:
            choices = {
                Field.INDUSTRY: lambda: (
                    f"{prefix}{rng.choice(words.INDUSTRIES)}" + rng.choice(["行业协会", "协会", "商会", "促进会"])
                ),
                Field.SCIENCE: lambda: f"{prefix}{rng.choice(words.RESEARCH_TOPICS)}{rng.choice(['研究会', '学会'])}",
                Field.SOCIAL_SERVICE: lambda: (
                    f"{prefix}{trade()}" + rng.choice(["志愿者协会", "社会服务促进会", "义工联合会", "社区服务协会"])
                ),
                Field.CULTURE: lambda: (
                    f"{prefix}{rng.choice(words.ARTS)}" + rng.choice(["协会", "研究会", "艺术协会", "爱好者协会"])
                ),
                Field.EDUCATION: lambda: (
                    f"{prefix}{trade()}" + rng.choice(["教育促进会", "家庭教育研究会", "教育交流协会"])
                ),
                Field.HEALTH: lambda: (
                    f"{prefix}{rng.choice(['医师', '护理', '康复医学', '中医药', '健康管理', '营养'])}"
                    + rng.choice(["协会", "学会", "促进会"])
                ),
                Field.SPORTS: lambda: (
                    f"{prefix}{rng.choice(words.SPORTS)}" + rng.choice(["协会", "运动协会", "爱好者协会"])
                ),
                Field.ENVIRONMENT: lambda: (
                    f"{prefix}{trade()}" + rng.choice(["环保促进会", "生态环境保护协会", "绿色发展促进会"])
                ),
                Field.LAW: lambda: f"{prefix}{trade()}" + rng.choice(["人民调解协会", "法律服务协会"]),
                Field.CHARITY: lambda: f"{prefix}{trade()}" + rng.choice(["慈善会", "公益促进会"]),
                Field.OTHER: lambda: (
                    f"广州市{rng.choice(words.HOMETOWNS)}商会" if rng.random() < 0.4 else f"{prefix}{trade()}联谊会"
                ),
            }
        else:
            choices = {
                Field.SOCIAL_SERVICE: lambda: (
                    f"{prefix}{trade()}"
                    + rng.choice(
                        ["社会工作服务中心", "社工服务中心", "社区服务中心", "家庭综合服务中心", "志愿服务中心"]
                    )
                ),
                Field.EDUCATION: lambda: (
                    f"{prefix}{trade()}"
                    + rng.choice(["培训中心", "职业培训学校", "幼儿园", "艺术培训中心", "科技培训中心"])
                ),
                Field.HEALTH: lambda: f"{prefix}{trade()}" + rng.choice(["门诊部", "康复中心", "护理院", "中医门诊部"]),
                Field.CULTURE: lambda: f"{prefix}{trade()}" + rng.choice(["文化艺术中心", "艺术团", "文化传播中心"]),
                Field.SPORTS: lambda: f"{prefix}{trade()}{rng.choice(words.SPORTS)}俱乐部",
                Field.SCIENCE: lambda: f"{prefix}{trade()}" + rng.choice(["科技服务中心", "技术研究院", "科普中心"]),
                Field.ENVIRONMENT: lambda: f"{prefix}{trade()}" + rng.choice(["环境教育中心", "生态研究中心"]),
                Field.LAW: lambda: f"{prefix}{trade()}法律服务中心",
                Field.OTHER: lambda: (
                    f"{prefix}{trade()}" + rng.choice(["养老院", "颐养院", "长者服务中心", "残疾人康复中心"])
                ),
            }
        build = choices[field]
        for _ in range(30):
            name = build()
            if name not in self.used_names:
                break
        else:
            base, n = build(), 2
            while f"{base}（{_ordinal(n)}）" in self.used_names:
                n += 1
            name = f"{base}（{_ordinal(n)}）"
        self.used_names.add(name)
        return name

    def _funds(self, org_type):
        low, high = {
            Type.SOCIETY: (3, 50),
            Type.PRIVATE_NON_ENTERPRISE: (3, 100),
            Type.FOUNDATION: (200, 5000),
        }[org_type]
        return Decimal(self.rng.randint(low, high) * 10000)

    def _organization(self, org_type, serial, *, name=None, district=None, field=None, level=None):
        rng = self.rng
        if field is None:
            weights = FIELD_WEIGHTS[org_type]
            field = rng.choices(list(weights), weights=list(weights.values()))[0]
        if level is None:
            city_share = 1.0 if org_type == Type.FOUNDATION else 0.3
            level = SocialOrganization.Level.CITY if rng.random() < city_share else SocialOrganization.Level.DISTRICT
        district = district or self._district()
        if name is None:
            prefix = "广州市" if level == SocialOrganization.Level.CITY else f"广州市{District(district).label}"
            name = self._org_name(org_type, field, prefix)
        division = CITY_DIVISION if level == SocialOrganization.Level.CITY else district
        grade = ""
        valid_until = None
        if rng.random() < 0.25:
            grade = rng.choices(["1A", "2A", "3A", "4A", "5A"], weights=[2, 8, 45, 30, 15])[0]
            valid_until = datetime.date(rng.randint(2016, 2020) + 5, 12, 31)
        street = self._street(district)
        return SocialOrganization(
            name=name,
            credit_code=make_credit_code(SocialOrganization.TYPE_DIGIT[org_type], division, serial),
            org_type=org_type,
            level=level,
            district=district,
            supervising_unit=words.SUPERVISING_UNITS.get(field, "") if rng.random() < 0.5 else "",
            field=field,
            business_scope=SCOPES[field],
            legal_representative=self._person(),
            registered_funds=self._funds(org_type),
            address=f"广州市{District(district).label}{street}{rng.randint(1, 399)}号",
            evaluation_grade=grade,
            evaluation_valid_until=valid_until,
            is_charity=rng.random() < (0.8 if org_type == Type.FOUNDATION else 0.03),
            description=f"{name}是在广州市登记的{Type(org_type).label}，业务范围包括{SCOPES[field]}。",
            contact_phone=self._phone(),
        )

    def _serial(self, index):
        # "MJ" + a letter (never Y, which the named organizations use) + six digits.
        letters = [c for c in CHARSET[10:] if c != "Y"]
        return f"MJ{letters[index // 1_000_000 % len(letters)]}{index % 1_000_000:06d}"

    def build_organizations(self):
        named = named_organization_counts()
        t = self.targets
        wanted = {
            Type.SOCIETY: t.societies - named.get(Type.SOCIETY, 0),
            Type.PRIVATE_NON_ENTERPRISE: t.private_non_enterprises - named.get(Type.PRIVATE_NON_ENTERPRISE, 0),
            Type.FOUNDATION: t.foundations - named.get(Type.FOUNDATION, 0),
        }
        organizations = []
        for spec in SECRETARY_ORGANIZATIONS:
            self.used_names.add(spec["name"])
        for index, spec in enumerate(SECRETARY_ORGANIZATIONS):
            organizations.append(
                self._organization(
                    spec["org_type"],
                    self._serial(index),
                    name=spec["name"],
                    district=spec["district"],
                    field=spec["field"],
                    level=SocialOrganization.Level.DISTRICT,
                )
            )
            wanted[spec["org_type"]] -= 1
        serial = len(organizations)
        for org_type, count in wanted.items():
            for _ in range(max(0, count)):
                organizations.append(self._organization(org_type, self._serial(serial)))
                serial += 1
        # Registration dates are set once the party organizations are known (an organization
        # registers before its own party organization is founded).
        self.organizations = organizations
        self.log(f"社会组织：{len(organizations)} 个（生成）")

    # ------------------------------------------------------------------ party organizations
    def _party_name(self, base, fallback):
        name = base
        n = 2
        while name in self.used_party_names:
            name = fallback(n)
            n += 1
        self.used_party_names.add(name)
        return name

    def build_party_organizations(self):
        rng = self.rng
        t = self.targets
        city_committee = self.named.city_committee
        total = t.party_organizations - NAMED_PARTY_ORGANIZATIONS
        industry = max(1, round(total * 0.03)) if total >= 10 else 0
        joint = round(total * 0.25)
        alone = total - industry - joint

        pool = self.organizations[len(SECRETARY_ORGANIZATIONS) :]
        rng.shuffle(pool)
        # Committees and general branches go to the kinds of organization that employ many people.
        large = {Field.INDUSTRY, Field.EDUCATION, Field.HEALTH}
        own = sorted(pool[: alone - len(SECRETARY_ORGANIZATIONS)], key=lambda o: o.field not in large)
        alone_orgs = self.organizations[: len(SECRETARY_ORGANIZATIONS)] + own
        rest = pool[alone - len(SECRETARY_ORGANIZATIONS) :]
        by_district = defaultdict(list)
        for organization in rest:
            by_district[organization.district].append(organization)

        specs = []  # (PartyOrganization, [SocialOrganization], weight, minimum)
        committees = round(alone * 0.012)
        general = round(alone * 0.04)
        # The secretaries' branches come first and stay plain branches.
        kinds = (
            [Kind.BRANCH] * len(SECRETARY_ORGANIZATIONS)
            + [Kind.COMMITTEE] * committees
            + [Kind.GENERAL_BRANCH] * general
            + [Kind.BRANCH] * (alone - committees - general - len(SECRETARY_ORGANIZATIONS))
        )
        suffix = {Kind.COMMITTEE: "党委", Kind.GENERAL_BRANCH: "党总支", Kind.BRANCH: "党支部"}
        for organization, kind in zip(alone_orgs, kinds, strict=True):
            party = PartyOrganization(
                name=self._party_name(
                    organization.name + suffix[kind], lambda n, o=organization: f"{o.name}第{_ordinal(n)}党支部"
                ),
                kind=kind,
                formation=Formation.ALONE,
                district=organization.district,
                secretary_is_head=rng.random() < 0.55,
                cross_appointment=rng.random() < 0.5,
            )
            weight, minimum = {
                Kind.COMMITTEE: (45, 50),
                Kind.GENERAL_BRANCH: (18, 20),
                Kind.BRANCH: (rng.uniform(1, 6), 3),
            }[kind]
            specs.append((party, [organization], weight, minimum))

        for _ in range(joint):
            district = rng.choice(list(District))
            if len(by_district[district]) < 2:
                district = max(by_district, key=lambda d: len(by_district[d]))
            members = [by_district[district].pop() for _ in range(min(len(by_district[district]), rng.randint(2, 5)))]
            street = self._street(district)
            prefix = f"广州市{District(district).label}{street}社会组织"
            party = PartyOrganization(
                name=self._party_name(f"{prefix}联合党支部", lambda n, p=prefix: f"{p}第{_ordinal(n)}联合党支部"),
                kind=Kind.JOINT_BRANCH,
                formation=Formation.JOINT,
                district=district,
                cross_appointment=rng.random() < 0.3,
            )
            specs.append((party, members, rng.uniform(1, 3), 3))

        remaining = [organization for district in by_district.values() for organization in district]
        rng.shuffle(remaining)
        industry_parties = []
        for index in range(industry):
            is_committee = index % 2 == 0
            covered = [remaining.pop() for _ in range(min(len(remaining), rng.randint(4, 12)))]
            if is_committee:
                trade = rng.choice(words.INDUSTRIES)
                name = self._party_name(
                    f"广州市{trade}行业党委", lambda n, tr=trade: f"广州市{tr}行业第{_ordinal(n)}党委"
                )
                district = ""
            else:
                district = rng.choice(list(District))
                field = Field(rng.choice([f for f in Field if f != Field.OTHER])).label
                prefix = f"广州市{District(district).label}{field}类社会组织"
                name = self._party_name(f"{prefix}党总支", lambda n, p=prefix: f"{p}第{_ordinal(n)}党总支")
            party = PartyOrganization(
                name=name,
                kind=Kind.COMMITTEE if is_committee else Kind.GENERAL_BRANCH,
                formation=Formation.INDUSTRY,
                district=district,
                parent=city_committee,
            )
            industry_parties.append(party)
            specs.append((party, covered, 10 if is_committee else 6, 20 if is_committee else 10))
        self.uncovered = remaining

        # The article's party organizations get their members by the same rules as the rest, so
        # that every party organization's count is known and the total is the article's.
        named_specs = self._named_member_specs()
        self._assign_founding(specs)
        self._assign_members(named_specs + specs)
        instructors = [self._unique_person() for _ in range(t.instructors)]
        order = list(range(len(specs)))
        rng.shuffle(order)
        for position, index in enumerate(order):
            party = specs[index][0]
            party.secretary_name = self._person()
            party.contact_phone = self._mobile()
            if position < len(instructors):
                party.instructor = instructors[position]
            elif rng.random() < 0.6:
                party.instructor = rng.choice(instructors)
            if rng.random() < 0.04:
                party.first_secretary = self._person()
        for party, user in zip(specs[: len(SECRETARY_ORGANIZATIONS)], self.accounts.secretaries, strict=True):
            party[0].secretary_name = user.first_name

        # Industry organizations first: the others may have one as their parent.
        self._save(PartyOrganization, industry_parties)
        others = [spec[0] for spec in specs if spec[0].formation != Formation.INDUSTRY]
        for party in others:
            if industry_parties and rng.random() < 0.15:
                party.parent = rng.choice(industry_parties)
            else:
                party.parent = city_committee
        self._save(SocialOrganization, self.organizations)
        self._save(PartyOrganization, others)
        self._update_named_members(named_specs)
        through = PartyOrganization.organizations.through
        links = [
            through(partyorganization_id=party.pk, socialorganization_id=organization.pk)
            for party, covered, _, _ in specs
            for organization in covered
        ]
        through.objects.bulk_create(links, batch_size=BATCH)
        self.party_specs = specs
        self.parties = [spec[0] for spec in specs]
        self.secretary_parties = self.parties[: len(SECRETARY_ORGANIZATIONS)]
        self.log(f"党组织：{len(self.parties)} 个（生成），覆盖社会组织 {len(links)} 个")

    def _named_member_specs(self):
        specs = []
        named = self.named
        for party in (named.city_committee, named.federation_committee, named.puai_branch, named.software_branch):
            if party.full_members or party.probationary_members:
                continue  # counts kept by staff since an earlier run
            weight, minimum = (45, 50) if party.kind == Kind.COMMITTEE else (self.rng.uniform(1, 6), 3)
            covered = list(party.organizations.all()) if party.formation == Formation.ALONE else []
            specs.append((party, covered, weight, minimum))
        return specs

    def _update_named_members(self, specs):
        parties = [spec[0] for spec in specs]
        organizations = [organization for spec in specs for organization in spec[1]]
        bulk_update_with_history(
            parties,
            PartyOrganization,
            ["full_members", "probationary_members"],
            batch_size=BATCH,
            default_change_reason=HISTORY_REASON,
        )
        bulk_update_with_history(
            organizations,
            SocialOrganization,
            ["party_member_count"],
            batch_size=BATCH,
            default_change_reason=HISTORY_REASON,
        )

    def _member_totals(self, specs):
        """Each party organization's members: the article's members at the start of 2016 go to those
        founded before, the members added in 2020 to those founded in 2020, the rest to the others."""
        t = self.targets
        groups = {"before": [], "2020": [], "rest": []}
        for index, spec in enumerate(specs):
            founded = spec[0].founded_on
            key = (
                "before" if founded and founded.year < 2016 else "2020" if founded and founded.year == 2020 else "rest"
            )
            groups[key].append(index)
        targets = {"before": t.members_before_2016, "2020": t.members_added_2020}
        targets["rest"] = t.party_members - targets["before"] - targets["2020"]
        totals = [0] * len(specs)
        for key, indexes in groups.items():
            target = targets[key]
            minimums = [specs[i][3] for i in indexes]
            for cap in (3, 1, 0):
                if sum(minimums) <= target:
                    break
                minimums = [min(cap, m) for m in minimums]
            shares = _largest_remainder(target - sum(minimums), [specs[i][2] for i in indexes]) if indexes else []
            for i, minimum, share in zip(indexes, minimums, shares, strict=True):
                totals[i] = minimum + share
        return totals

    def _assign_members(self, specs):
        rng = self.rng
        for (party, covered, _, _), total in zip(specs, self._member_totals(specs), strict=True):
            probationary = min(int(total * rng.uniform(0, 0.15)), max(0, total - 3))
            party.full_members = total - probationary
            party.probationary_members = probationary
            if party.formation == Formation.ALONE:
                covered[0].party_member_count = party.full_members
            else:
                left = party.full_members
                for organization in covered:
                    count = min(left, rng.randint(0, 2))
                    organization.party_member_count = count
                    left -= count
        for organization in self.uncovered:
            roll = rng.random()
            # A few organizations have three or more full members but no party organization
            # of their own yet: the ones the risk list is for.
            organization.party_member_count = (
                0 if roll < 0.85 else rng.randint(1, 2) if roll < 0.98 else rng.randint(3, 6)
            )

    def _assign_founding(self, specs):
        rng = self.rng
        t = self.targets
        count = len(specs)
        before = t.founded_before_2016
        in_2020 = t.founded_in_2020
        middle = count - before - in_2020
        if middle < 0:
            raise ValueError("scale too small for the founding figures")
        periods = ["before"] * before + ["middle"] * middle + ["2020"] * in_2020
        rng.shuffle(periods)
        # The secretaries' branches are old enough to have activities in every year.
        for index in range(len(SECRETARY_ORGANIZATIONS)):
            if periods[index] != "before":
                swap = periods.index("before", len(SECRETARY_ORGANIZATIONS))
                periods[index], periods[swap] = periods[swap], periods[index]
        for (party, covered, _, _), period in zip(specs, periods, strict=True):
            if period == "before":
                year = rng.choices(range(2005, 2016), weights=range(1, 12))[0]
                founded = self._date_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
            elif period == "middle":
                founded = self._date_between(FIRST_DAY, datetime.date(2019, 12, 31))
            else:
                founded = self._date_between(datetime.date(2020, 1, 1), LAST_DAY_2020)
            party.founded_on = founded
            for organization in covered:
                earliest = max(datetime.date(1992, 1, 1), founded - datetime.timedelta(days=3650))
                organization.registered_on = self._date_between(earliest, founded)
                organization.charter_has_party_building = rng.random() < 0.95
        for organization in self.uncovered:
            year = rng.choices(range(1992, 2021), weights=[1 + (y - 1992) // 3 for y in range(1992, 2021)])[0]
            organization.registered_on = self._date_between(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
            organization.charter_has_party_building = rng.random() < 0.6

    # ------------------------------------------------------------------ ratings and titles
    def build_ratings_and_sites(self):
        rng = self.rng
        ratings = []
        for party in self.parties:
            for year in range(2016, 2021):
                if party.founded_on.year < year and rng.random() < 0.75:
                    stars = rng.choices([1, 2, 3, 4, 5], weights=[3, 10, 37, 35, 15])[0]
                    ratings.append(StarRating(party_organization=party, year=year, stars=stars))
        self._save(StarRating, ratings)

        count = self.targets.demonstration_sites
        candidates = [party for party in self.parties if party.founded_on.year < 2020]
        chosen = rng.sample(candidates, count)
        provincial = round(count * 0.2)
        sites = []
        for index, party in enumerate(chosen):
            year = rng.randint(max(2016, party.founded_on.year + 1), 2020)
            if index < provincial:
                level, title = DemonstrationSite.Level.PROVINCIAL, rng.choice(PROVINCIAL_SITE_TITLES)
            else:
                level, title = DemonstrationSite.Level.MUNICIPAL, rng.choice(MUNICIPAL_SITE_TITLES)
            sites.append(DemonstrationSite(party_organization=party, level=level, year=year, title=title))
        self._save(DemonstrationSite, sites)
        self.log(f"评星定级：{len(ratings)} 条；示范点（基地）：{len(sites)} 个")

    # ------------------------------------------------------------------ pairings
    def _pairing_dates(self, party, first_year, end_year=2021):
        start = max(party.founded_on, datetime.date(first_year, 1, 1))
        started = self._date_between(start, max(start, datetime.date(end_year, 12, 31)))
        return started

    def _spread(self, holders, partners):
        """Give every holder at least one partner and every partner exactly one holder."""
        rng = self.rng
        assigned = list(holders) + [rng.choice(holders) for _ in range(len(partners) - len(holders))]
        rng.shuffle(assigned)
        return list(zip(assigned, partners, strict=True))

    def build_pairings(self):
        rng = self.rng
        t = self.targets
        pairings = []

        # 红联共建: party organizations with grassroots party organizations (outside bodies).
        holders = rng.sample(self.parties, t.red_alliance_organizations)
        partner_names = set()
        while len(partner_names) < t.red_alliance_partners:
            district = rng.choice(list(District))
            street = self._street(district)
            community = rng.choice(words.COMMUNITY_FIRST) + rng.choice(words.COMMUNITY_SECOND)
            body = rng.choice(["社区党委", "社区党总支", "社区党支部"])
            partner_names.add(f"{District(district).label}{street}{community}{body}")
        for party, partner in self._spread(holders, sorted(partner_names)):
            started = self._pairing_dates(party, 2017)
            ended = rng.random() < 0.1 and started < datetime.date(2021, 1, 1)
            pairings.append(
                Pairing(
                    kind=Pairing.Kind.RED_ALLIANCE,
                    party_organization=party,
                    partner_name=partner,
                    started_on=started,
                    ended_on=datetime.date(2021, 12, 31) if ended else None,
                    status=Pairing.Status.ENDED if ended else Pairing.Status.ACTIVE,
                    description=f"与{partner}开展“活动牵引+平台联动+学习共享”红联共建。",
                )
            )

        # 党建牵手: lead organizations mentoring social organizations without a party organization.
        leads = rng.sample(self.parties, t.mentoring_leads)
        mentees = rng.sample(self.uncovered, t.mentoring_mentees)
        for party, mentee in self._spread(leads, mentees):
            started = self._pairing_dates(party, 2017)
            pairings.append(
                Pairing(
                    kind=Pairing.Kind.MENTORING,
                    party_organization=party,
                    partner_organization=mentee,
                    started_on=started,
                    status=Pairing.Status.ACTIVE,
                    description=f"指导{mentee.name}推进党建工作。",
                )
            )

        # 千社扶百村: party organizations assisting villages, with projects and funds.
        villages = set()
        while len(villages) < t.village_aid_villages:
            county = rng.choice(words.AID_COUNTIES)
            town = rng.choice(words.PLACE_FIRST) + rng.choice(words.PLACE_SECOND) + "镇"
            village = rng.choice(words.PLACE_FIRST) + rng.choice(words.PLACE_SECOND) + "村"
            villages.add((village, town, county))
        villages = sorted(villages)
        # Helpers are party organizations formed alone (one social organization taking part each),
        # topped up with others only where a tiny scale has too few.
        alone = [party for party in self.parties if party.formation == Formation.ALONE]
        others = [party for party in self.parties if party.formation != Formation.ALONE]
        rng.shuffle(alone)
        rng.shuffle(others)
        helpers = (alone + others)[: t.village_aid_organizations]
        # Every village gets one helper, the remaining helpers join random villages.
        assigned = villages + [rng.choice(villages) for _ in range(len(helpers) - len(villages))]
        rng.shuffle(assigned)
        projects = [1] * len(helpers)
        for index in rng.choices(range(len(helpers)), k=t.village_aid_projects - len(helpers)):
            projects[index] += 1
        weights = [p * rng.uniform(0.3, 1.7) for p in projects]
        yuan = _largest_remainder(int(t.village_aid_funds), weights)
        for party, (village, town, county), count, amount in zip(helpers, assigned, projects, yuan, strict=True):
            started = self._pairing_dates(party, 2016, end_year=2020)
            ended = rng.random() < 0.6
            pairings.append(
                Pairing(
                    kind=Pairing.Kind.VILLAGE_AID,
                    party_organization=party,
                    partner_name=f"{county}{town}{village}",
                    village=village,
                    town=town,
                    district=county,
                    projects=count,
                    funds_committed=Decimal(amount),
                    started_on=started,
                    ended_on=LAST_DAY_2020 if ended else None,
                    status=Pairing.Status.ENDED if ended else Pairing.Status.ACTIVE,
                    description=f"“千社扶百村”帮扶{county}{town}{village}，实施帮扶项目{count}个。",
                )
            )
        self._save(Pairing, pairings)
        self.pairings = pairings
        self.log(f"结对共建：{len(pairings)} 对")

    # ------------------------------------------------------------------ activities
    def _pool_photos(self):
        pool = {}
        if not self.with_photos:
            return pool
        for kind in ActivityKind:
            pool[kind] = [
                images.save_activity_photo(images.draw_activity_photo(kind, variant))
                for variant in range(PHOTO_VARIANTS)
            ]
        return pool

    def _title(self, kind, day, street, pairing):
        rng = self.rng
        if kind == ActivityKind.VOLUNTEER:
            return rng.choice(
                [
                    f"{street}“我为群众办实事”党员志愿服务",
                    "关爱长者上门探访志愿服务",
                    f"{street}社区环境清洁志愿行动",
                    "“学雷锋”党员志愿服务",
                    "关爱困境儿童志愿服务",
                    "助残帮扶志愿服务",
                    "垃圾分类宣传志愿服务",
                    "社区义诊志愿服务",
                    "敬老爱老志愿服务",
                ]
            )
        if kind == ActivityKind.CO_BUILDING:
            if pairing is not None and pairing.kind == Pairing.Kind.RED_ALLIANCE:
                return f"红联共建：与{pairing.partner_name}联合开展党建活动"
            if pairing is not None:
                return f"党建牵手：指导{pairing.partner_organization.name}开展党建工作"
            return rng.choice(
                ["“手拉手”党建交流会", "支部共建主题党日", "共建单位联合志愿服务", "“面对面”党建经验分享会"]
            )
        if kind == ActivityKind.STUDY:
            general = rng.choice(GENERAL_TOPICS)
            topic = STUDY_TOPICS.get(day.year, general) if rng.random() < 0.6 else general
            return rng.choice(
                [
                    f"社会组织学习大讲堂：{topic}",
                    f"“红苗计划”专题培训：{topic}",
                    f"党务知识课堂：{topic}",
                    f"精品党课：{topic}",
                    "党性培训班",
                    "党建示范培训班",
                    "支部组织生活案例交流会",
                ]
            )
        if kind == ActivityKind.ASSISTANCE:
            if pairing is not None:
                return rng.choice(
                    [
                        f"“千社扶百村”{pairing.village}帮扶项目",
                        f"{pairing.village}产业帮扶对接活动",
                        f"{pairing.village}助学帮扶",
                    ]
                )
            return rng.choice(["消费帮扶农产品展销", "特殊困难群体暖心帮扶", "事实无人抚养儿童关爱帮扶"])
        if kind == ActivityKind.PARTY_DAY:
            options = ["“三亮三树”主题党日", "重温入党誓词主题党日", "红色教育基地参观学习", "党员亮身份主题党日"]
            if day.month in {6, 7}:
                options.append("“七一”主题党日")
            if day >= EXHIBITION_OPENED:
                options.append("参观广州市社会组织党建展览馆主题党日")
            return rng.choice(options)
        if kind == ActivityKind.EPIDEMIC:
            return rng.choice(
                [
                    "社区疫情防控值守志愿服务",
                    "疫苗接种点志愿服务",
                    "“暖业援企”复工复产对接服务",
                    "红棉守护热线心理援助服务",
                    "防疫物资捐赠",
                ]
            )
        return rng.choice(
            [f"{street}社区议事协商会", "平安建设宣传活动", "社区社会组织能力提升培训", "基层治理微创投项目推进会"]
        )

    def _activity(self, kind, organizer, day, *, state=None, pairing=None, created_by=None):
        rng = self.rng
        district = organizer.district if organizer.district and rng.random() < 0.85 else rng.choice(list(District))
        street = self._street(district)
        place = rng.choice(
            [f"{street}党群服务中心", f"{street}社区居委会", f"{street}社区服务站", f"{street}文化广场", "本单位会议室"]
        )
        where = f"{District(district).label}{street}"
        if pairing is not None and pairing.kind == Pairing.Kind.VILLAGE_AID:
            # Villages in Conghua and Zengcheng are in the city; elsewhere the activity's district
            # stays the organizer's, and the place says where it really was.
            local = {"广州市从化区": District.CONGHUA, "广州市增城区": District.ZENGCHENG}.get(pairing.district)
            if local:
                district, street, place = local, pairing.town, pairing.village
            else:
                street, place = "", pairing.partner_name
            where = pairing.partner_name
        if kind == ActivityKind.PARTY_DAY and day >= EXHIBITION_OPENED and rng.random() < 0.2:
            place = "广州市社会组织党建展览馆"
        title = self._title(kind, day, street, pairing)
        start = self._aware(day, rng.randint(8, 16), rng.choice([0, 30]))
        hours = rng.randint(1, 6)
        end = start + datetime.timedelta(hours=hours)
        members = organizer.full_members + organizer.probationary_members
        party_members = rng.randint(min(2, members), max(2, min(40, members)))
        service = kind not in {ActivityKind.STUDY, ActivityKind.PARTY_DAY}
        # 服务时长 for service, 学时 (the members' study time) for study; a party day is neither.
        minutes = {ActivityKind.STUDY: hours * 60 * party_members, ActivityKind.PARTY_DAY: 0}
        volunteers = rng.randint(0, 60) if service else 0
        served = rng.randint(20, 800) if service else 0
        funds = {
            ActivityKind.ASSISTANCE: rng.randint(50, 2000) * 100,
            ActivityKind.VOLUNTEER: rng.randint(0, 50) * 100,
            ActivityKind.EPIDEMIC: rng.randint(0, 300) * 100,
        }.get(kind, rng.randint(0, 20) * 100)
        if state is None:
            recent = (self.last_day - day).days <= RECENT_DAYS
            weights = STATE_WEIGHTS_RECENT if recent else STATE_WEIGHTS_OLD
            state = rng.choices(list(weights), weights=list(weights.values()))[0]
        activity = Activity(
            title=title,
            kind=kind,
            organizer=organizer,
            pairing=pairing,
            starts_at=start,
            ends_at=end,
            district=district,
            street=street,
            place=place,
            party_members=party_members,
            volunteers=volunteers,
            service_minutes=minutes.get(kind, hours * 60 * (party_members + volunteers)),
            people_served=served,
            funds=Decimal(funds),
            description=(
                f"{organizer.name}组织党员{party_members}名"
                + (f"、志愿者{volunteers}名" if volunteers else "")
                + f"，在{where}开展“{title}”"
                + (f"，服务群众{served}人次。" if served else "。")
            ),
            state=state,
            created_by=created_by,
        )
        if state != State.DRAFT:
            activity.submitted_at = end + datetime.timedelta(days=rng.randint(0, 5), hours=rng.randint(1, 8))
        if state in {State.RETURNED, State.PUBLISHED, State.OFFLINE}:
            activity.reviewed_by = self.accounts.bureau
            activity.reviewed_at = activity.submitted_at + datetime.timedelta(days=rng.randint(1, 3))
        if state == State.RETURNED:
            activity.review_reason = rng.choice(words.RETURN_REASONS)
        if state in {State.PUBLISHED, State.OFFLINE}:
            activity.published_at = activity.reviewed_at
        return activity

    def _last_day(self, party):
        """Dormant party organizations did nothing in the risk list's window."""
        if party.pk in self.dormant:
            return self.window_start - datetime.timedelta(days=1)
        return self.last_day

    def _activity_day(self, party, kind):
        start = max(FIRST_DAY, party.founded_on)
        if kind == ActivityKind.EPIDEMIC:
            start = max(start, EPIDEMIC_START)
        return self._date_between(start, self._last_day(party))

    def _choose_dormant(self):
        candidates = [party for party in self.parties if party not in self.secretary_parties]
        count = round(len(candidates) * DORMANT_SHARE)
        self.dormant = {party.pk for party in self.rng.sample(candidates, count)}

    def build_activities(self):
        rng = self.rng
        named_activities = Activity.objects.count()
        total = max(0, self.targets.activities - named_activities)
        pool = self._pool_photos()

        weights = [(p.full_members + p.probationary_members) ** 0.7 for p in self.parties]
        by_kind = defaultdict(list)
        for pairing in self.pairings:
            by_kind[pairing.kind].append(pairing)
        kinds = list(ACTIVITY_KIND_WEIGHTS)
        kind_weights = list(ACTIVITY_KIND_WEIGHTS.values())

        self._choose_dormant()
        planned = []  # (kind, organizer, day, state, pairing, created_by)
        for party, user in zip(self.secretary_parties, self.accounts.secretaries, strict=True):
            for index, state in enumerate(SECRETARY_STATES):
                kind = kinds[index % len(kinds)]
                if state in {State.DRAFT, State.SUBMITTED, State.RETURNED}:
                    day = self._date_between(self.last_day - datetime.timedelta(days=90), self.last_day)
                else:
                    day = self._activity_day(party, kind)
                planned.append((kind, party, day, state, None, user))
        secretary_of = {
            party.pk: user for party, user in zip(self.secretary_parties, self.accounts.secretaries, strict=True)
        }
        # Every party organization but the dormant ones published something in the last twelve months.
        for party in self.parties:
            if party.pk in self.dormant:
                continue
            kind = rng.choices(kinds, weights=kind_weights)[0]
            day = self._date_between(self.window_start, self.last_day)
            planned.append((kind, party, day, State.PUBLISHED, None, secretary_of.get(party.pk)))
        organizers = rng.choices(self.parties, weights=weights, k=max(0, total - len(planned)))
        for organizer in organizers:
            kind = rng.choices(kinds, weights=kind_weights)[0]
            pairing = None
            if kind == ActivityKind.CO_BUILDING and rng.random() < 0.5:
                pairing = rng.choice(by_kind[Pairing.Kind.RED_ALLIANCE] + by_kind[Pairing.Kind.MENTORING])
            elif kind == ActivityKind.ASSISTANCE and rng.random() < 0.7:
                pairing = rng.choice(by_kind[Pairing.Kind.VILLAGE_AID])
            if pairing is not None:
                organizer = pairing.party_organization
                last = min(pairing.ended_on or self.last_day, self._last_day(organizer))
                day = self._date_between(max(FIRST_DAY, pairing.started_on), last)
            else:
                day = self._activity_day(organizer, kind)
            # Everything the secretaries' organizations did was entered by their secretary.
            planned.append((kind, organizer, day, None, pairing, secretary_of.get(organizer.pk)))

        featured = {hall: max(3, round(FEATURED_PER_HALL * self.targets.activities / 20000)) for hall in HALL_KINDS}
        counts = defaultdict(int)
        photos_written = 0
        self.progress.set_total(len(planned))
        for offset in range(0, len(planned), ACTIVITY_CHUNK):
            chunk = [
                self._activity(kind, organizer, day, state=state, pairing=pairing, created_by=user)
                for kind, organizer, day, state, pairing, user in planned[offset : offset + ACTIVITY_CHUNK]
            ]
            for activity in chunk:
                if activity.state != State.PUBLISHED:
                    continue
                for hall, hall_kinds in HALL_KINDS.items():
                    if featured[hall] and activity.kind in hall_kinds and rng.random() < 0.05:
                        activity.featured_hall = hall
                        featured[hall] -= 1
                        break
            self._save(Activity, chunk)
            photos_written += self._photos_and_co_organizers(chunk, pool)
            for activity in chunk:
                counts[activity.state] += 1
            self.progress.advance(len(chunk))
        photos_written += self._top_up_featured(featured, pool)
        self.log(
            f"活动：{len(planned)} 项（生成），照片 {photos_written} 张；"
            + "，".join(f"{State(state).label} {count}" for state, count in counts.items())
        )

    def _top_up_featured(self, featured, pool):
        """At small scales chance may leave a hall short: feature the first fitting activities."""
        written = 0
        for hall, left in featured.items():
            if left <= 0:
                continue
            chosen = list(
                Activity.objects.filter(
                    state=State.PUBLISHED, featured_hall="", kind__in=HALL_KINDS[hall], photos__isnull=True
                ).order_by("pk")[:left]
            )
            for activity in chosen:
                activity.featured_hall = hall
            bulk_update_with_history(
                chosen, Activity, ["featured_hall"], batch_size=BATCH, default_change_reason=HISTORY_REASON
            )
            if pool:
                photos = [
                    ActivityPhoto(
                        activity=activity,
                        image=name,
                        thumbnail=thumb,
                        width=width,
                        height=height,
                        caption=f"{CAPTIONS[activity.kind]}（示意图）",
                        position=position,
                    )
                    for activity in chosen
                    for position, (name, thumb, width, height) in enumerate(pool[activity.kind][:2])
                ]
                self._save(ActivityPhoto, photos)
                written += len(photos)
        return written

    def _photos_and_co_organizers(self, chunk, pool):
        rng = self.rng
        photos = []
        co_links = []
        through = Activity.co_organizers.through
        for activity in chunk:
            if pool:
                if activity.featured_hall:
                    count = 2
                elif activity.created_by_id:
                    count = 1 if activity.state != State.DRAFT else rng.randint(0, 1)
                elif activity.state in {State.PUBLISHED, State.OFFLINE}:
                    count = 1 if rng.random() < 0.15 else 0
                else:
                    count = 1 if rng.random() < 0.5 else 0
                for position, (name, thumb, width, height) in enumerate(rng.sample(pool[activity.kind], count)):
                    photos.append(
                        ActivityPhoto(
                            activity=activity,
                            image=name,
                            thumbnail=thumb,
                            width=width,
                            height=height,
                            caption=f"{CAPTIONS[activity.kind]}（示意图）",
                            position=position,
                        )
                    )
            if rng.random() < 0.06:
                for party in rng.sample(self.parties, rng.randint(1, 2)):
                    if party.pk in self.dormant:
                        continue
                    if party.pk != activity.organizer_id:
                        co_links.append(through(activity_id=activity.pk, partyorganization_id=party.pk))
        self._save(ActivityPhoto, photos)
        through.objects.bulk_create(co_links, batch_size=BATCH, ignore_conflicts=True)
        return len(photos)

    # ------------------------------------------------------------------ all
    def run(self):
        steps = (
            ("社会组织", self.build_organizations),
            ("党组织", self.build_party_organizations),
            ("评星定级与示范点", self.build_ratings_and_sites),
            ("结对共建", self.build_pairings),
            ("活动与照片", self.build_activities),
        )
        for label, build in steps:
            with self.progress.stage(label):
                build()


def generated_part_exists():
    """Whether an earlier run generated records (found by name, or by their history if renamed since)."""
    return (
        SocialOrganization.objects.filter(name=SECRETARY_ORGANIZATIONS[0]["name"]).exists()
        or SocialOrganization.history.filter(history_change_reason=HISTORY_REASON).exists()
    )


def bind_secretaries(accounts):
    """Bind secretary1 and secretary2 to their party organizations (idempotent)."""
    parties = {p.name: p for p in PartyOrganization.objects.filter(name__in=SECRETARY_BRANCHES)}
    for name, user in zip(SECRETARY_BRANCHES, accounts.secretaries, strict=True):
        if name in parties:
            parties[name].secretaries.add(user)
    return [parties.get(name) for name in SECRETARY_BRANCHES]
