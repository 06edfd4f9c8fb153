"""A whole public portal's worth of records at a chosen size, for pinning query counts."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from activities.models import Activity, Pairing
from devtools.demo.exhibits import EXHIBITS
from organizations.models import District, SocialOrganization
from partybranches.models import DemonstrationSite
from portal.models import Exhibit
from tests.helpers import factories

DISTRICTS = [code for code, _ in District.choices]
TYPES = [code for code, _ in SocialOrganization.Type.choices]
HALLS = ["seed", "sapling", "forest"]


@dataclass
class Portal:
    organization: object
    party_organization: object
    activity: object
    town: object
    announcement: object
    exhibit: object


def populate(size):
    """`size` records of every kind, most of them around one focus object per detail page,
    so that a page with `size` = 2 and one with `size` = 30 differ only in row counts."""
    now = timezone.now()
    parent = factories.PartyOrganizationFactory(name="广州市社会组织党委", kind="committee", organizations=[])
    covered = [
        factories.SocialOrganizationFactory(org_type=TYPES[i % 3], district=DISTRICTS[i % 11], evaluation_grade="4A")
        for i in range(size)
    ]
    party = factories.PartyOrganizationFactory(
        name="普爱社会工作服务党支部", parent=parent, organizations=covered, first_secretary="刘志娟"
    )
    for i in range(size):
        factories.StarRatingFactory(party_organization=party, year=2000 + i, stars=1 + i % 5)
        factories.DemonstrationSiteFactory(
            party_organization=party,
            level=DemonstrationSite.Level.PROVINCIAL if i % 2 else DemonstrationSite.Level.MUNICIPAL,
            year=2000 + i,
        )

    # Under the focus party organization, `size` subordinates with `size` of their own.
    for _ in range(size):
        child = factories.PartyOrganizationFactory(parent=party, kind="general_branch", organizations=[])
        for _ in range(size):
            factories.PartyOrganizationFactory(parent=child, organizations=[])

    # The focus organization is covered by `size` party organizations.
    organization = covered[0]
    others = [
        factories.PartyOrganizationFactory(organizations=[organization], founded_on=datetime.date(2010 + i % 11, 7, 1))
        for i in range(size)
    ]

    # Pairings on both sides of the focus party organization, of every kind.
    for i in range(size):
        other = others[i]
        factories.PairingFactory(party_organization=party, partner_name="", partner_party_organization=other)
        factories.PairingFactory(
            party_organization=other, kind=Pairing.Kind.MENTORING, partner_name="", partner_organization=covered[i]
        )
        factories.PairingFactory(
            party_organization=party if i % 2 else other,
            kind=Pairing.Kind.VILLAGE_AID,
            partner_name=f"帮扶村{i}",
            village=f"帮扶村{i}",
            town="吕田镇",
            district=["从化区", "增城区", "毕节市七星关区"][i % 3],
            projects=2,
            funds_committed=Decimal("100000"),
        )
    pairing = party.pairings.first()

    # Published activities of the focus party organization, with photos, in every hall; and unpublished ones.
    for i in range(size):
        activity = factories.ActivityFactory(
            organizer=party,
            kind=[kind for kind, _ in Activity.Kind.choices][i % 7],
            district=DISTRICTS[i % 11],
            starts_at=now - datetime.timedelta(days=20 * i + 1),
            featured_hall=HALLS[i % 3],
        )
        factories.ActivityPhotoFactory(activity=activity)
        factories.ActivityPhotoFactory(activity=activity)
        activity.co_organizers.add(others[i])
        factories.ActivityFactory(organizer=party, state=Activity.State.DRAFT, featured_hall=HALLS[i % 3])
    activity = factories.ActivityFactory(
        organizer=party, pairing=pairing, title="关爱困境障碍群体志愿服务", starts_at=now, featured_hall="forest"
    )
    activity.co_organizers.add(*others)
    for _ in range(size):
        factories.ActivityPhotoFactory(activity=activity)

    for i in range(size):
        factories.MilestoneFactory(date=datetime.date(2000 + i, 7, 1))
        town = factories.CharacteristicTownFactory(
            is_featured=True, latitude=Decimal("23.5") + Decimal(i) / 100, longitude=Decimal("113.5")
        )
        factories.TownPhotoFactory(town=town)
    town = factories.CharacteristicTownFactory(name="生态设计小镇", slug="eco-design", is_featured=True, enterprises=84)
    for _ in range(size):
        factories.TownPhotoFactory(town=town)
        factories.TownHighlightFactory(town=town)

    # Published notices, one still a draft and one dated tomorrow (neither public).
    today = timezone.localdate()
    for i in range(size):
        factories.AnnouncementFactory(published_on=today - datetime.timedelta(days=i + 1))
    factories.AnnouncementFactory(is_published=False)
    factories.AnnouncementFactory(published_on=today + datetime.timedelta(days=1))
    announcement = factories.AnnouncementFactory(title="关于开展社会组织党组织评星定级工作的通知", published_on=today)
    # Every hall: the demo's exhibits with their live figures (each computed once whatever the
    # size), `size` more without one, and an unpublished one.
    for hall in HALLS:
        figures = [exhibit[4] for exhibit in EXHIBITS if exhibit[0] == hall and exhibit[4]]
        for order, figure in enumerate(figures + [""] * size, start=1):
            factories.ExhibitFactory(hall=hall, order=order, figure=figure)
        factories.ExhibitFactory(hall=hall, order=len(figures) + size + 1, is_published=False)
    exhibit = Exhibit.objects.get(hall="sapling", order=2)
    return Portal(
        organization=organization,
        party_organization=party,
        activity=activity,
        town=town,
        announcement=announcement,
        exhibit=exhibit,
    )


@pytest.fixture
def portal(db):
    """A small portal with a record of every kind."""
    return populate(2)
