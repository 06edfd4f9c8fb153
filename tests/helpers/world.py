"""A small, fixed world of records whose report figures are worked out by hand."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from activities.models import Activity
from organizations.models import SocialOrganization
from partybranches.models import PartyOrganization
from tests.helpers import factories

YUEXIU, TIANHE = "440104", "440106"
PO = PartyOrganization.Formation


def local(*args):
    return datetime.datetime(*args, tzinfo=timezone.get_current_timezone())


def organization(name, district, members, **extra):
    return factories.SocialOrganizationFactory(name=name, district=district, party_member_count=members, **extra)


def party(name, district, formation, organizations, head=False, **extra):
    return factories.PartyOrganizationFactory(
        name=name,
        district=district,
        formation=formation,
        secretary_is_head=head,
        organizations=organizations,
        **extra,
    )


def activity(organizer, kind, district, starts_at, state=Activity.State.PUBLISHED, **figures):
    return factories.ActivityFactory(
        organizer=organizer,
        kind=kind,
        district=district,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        state=state,
        **figures,
    )


def build_world():
    """Six registered organizations in 越秀区 and 天河区, four live party organizations.

    O1 越秀 5 members, charter, own branch P1 (一肩挑) and the city committee P5
    O2 越秀 2 members, joint branch P2 and industry committee P3
    O3 越秀 4 members, charter, only the joint branch P2            -> risk: not own
    O4 天河 6 members, none                                          -> risk: none
    O5 天河 1 member, industry committee P3
    O8 天河 3 members, only P4, which is archived                    -> risk: none
    O6 天河 deregistered and O7 越秀 archived count nowhere.
    """
    o1 = organization("越秀甲协会", YUEXIU, 5, charter_has_party_building=True)
    o2 = organization("越秀乙中心", YUEXIU, 2, org_type=SocialOrganization.Type.PRIVATE_NON_ENTERPRISE)
    o3 = organization("越秀丙协会", YUEXIU, 4, charter_has_party_building=True)
    o4 = organization("天河丁协会", TIANHE, 6)
    o5 = organization("天河戊协会", TIANHE, 1)
    o6 = organization("天河己协会", TIANHE, 10, status=SocialOrganization.Status.DEREGISTERED)
    o7 = organization("越秀庚协会", YUEXIU, 3, is_archived=True)
    o8 = organization("天河辛协会", TIANHE, 3)
    p1 = party("越秀甲协会党支部", YUEXIU, PO.ALONE, [o1], head=True)
    p2 = party("越秀联合党支部", YUEXIU, PO.JOINT, [o2, o3])
    p3 = party("天河行业党委", TIANHE, PO.INDUSTRY, [o2, o5])
    p4 = party("天河辛协会党支部", TIANHE, PO.ALONE, [o8, o6, o7], is_archived=True)
    p5 = party("市社会组织党委", "", PO.INDUSTRY, [o1], kind=PartyOrganization.Kind.COMMITTEE)
    a1 = activity(
        p1,
        "volunteer",
        YUEXIU,
        local(2021, 4, 22, 9),
        party_members=10,
        volunteers=15,
        service_minutes=180,
        people_served=200,
        funds=Decimal("1000"),
    )
    a2 = activity(
        p2,
        "study",
        YUEXIU,
        local(2020, 6, 30, 23),
        party_members=8,
        volunteers=0,
        service_minutes=120,
        people_served=0,
        funds=Decimal("0"),
    )
    a4 = activity(
        p1,
        "co_building",
        TIANHE,
        local(2021, 1, 1, 0, 30),
        party_members=5,
        volunteers=5,
        service_minutes=90,
        people_served=50,
        funds=Decimal("2500.50"),
    )
    a4.co_organizers.add(p3)
    activity(
        p3,
        "volunteer",
        TIANHE,
        local(2021, 3, 1, 10),
        state=Activity.State.SUBMITTED,
        party_members=1,
        volunteers=2,
        service_minutes=60,
        people_served=10,
        funds=Decimal("0"),
    )
    activity(p3, "volunteer", TIANHE, local(2021, 2, 1, 10), state=Activity.State.DRAFT, party_members=99)
    factories.StarRatingFactory(party_organization=p1, year=2019, stars=4)
    factories.StarRatingFactory(party_organization=p1, year=2020, stars=5)
    factories.StarRatingFactory(party_organization=p2, year=2020, stars=3)
    factories.StarRatingFactory(party_organization=p3, year=2020, stars=5)
    factories.StarRatingFactory(party_organization=p4, year=2020, stars=1)
    factories.PairingFactory(party_organization=p1)
    return {name: value for name, value in locals().items() if name[0] in "opa" and name[1:].isdigit()}


def more_of_everything():
    """Ten more organizations, party organizations, ratings and activities (for query counts)."""
    for n in range(10):
        org = organization(f"增城协会{n}", "440118", 3 + n % 4)
        branch = party(f"增城党支部{n}", "440118", PO.ALONE if n % 2 else PO.JOINT, [org], head=n % 3 == 0)
        factories.StarRatingFactory(party_organization=branch, year=2018 + n % 3, stars=1 + n % 5)
        activity(branch, "study" if n % 2 else "volunteer", "440118", local(2021, 1 + n, 1, 9))


@pytest.fixture
def world(db):
    """The records of build_world(), by short name (o1, p1, a1, ...)."""
    return build_world()
