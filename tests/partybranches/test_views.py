import datetime
import re

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from activities.models import Activity, Pairing
from partybranches.models import DemonstrationSite, PartyOrganization
from tests.helpers import factories


@pytest.fixture
def branch(db):
    first = factories.SocialOrganizationFactory(name="普爱社会工作服务中心")
    second = factories.SocialOrganizationFactory(name="广州市软件行业协会")
    hidden = factories.SocialOrganizationFactory(name="已归档的服务中心", is_archived=True)
    parent = factories.PartyOrganizationFactory(name="广州市社会组织党委", organizations=[])
    party = factories.PartyOrganizationFactory(
        name="普爱社会工作服务联合党支部",
        kind=PartyOrganization.Kind.JOINT_BRANCH,
        formation=PartyOrganization.Formation.JOINT,
        parent=parent,
        organizations=[first, second, hidden],
        founded_on=datetime.date(2016, 7, 1),
        secretary_name="王五",
        secretary_is_head=True,
        full_members=12,
        probationary_members=2,
        first_secretary="刘志娟",
        instructor="陈六",
        contact_phone="13911112222",
    )
    party.secretaries.add(User.objects.create_user("puai_secretary", "puai@example.com", "x"))
    factories.StarRatingFactory(party_organization=party, year=2019, stars=4)
    factories.StarRatingFactory(party_organization=party, year=2020, stars=5)
    factories.DemonstrationSiteFactory(
        party_organization=party, level=DemonstrationSite.Level.PROVINCIAL, year=2020, title="省级社会组织党建示范点"
    )
    factories.PairingFactory(party_organization=party, partner_name="越秀区光塔街道党工委")
    mentor = factories.PartyOrganizationFactory(name="广州市社会组织联合会党委")
    factories.PairingFactory(
        party_organization=mentor, kind=Pairing.Kind.MENTORING, partner_name="", partner_party_organization=party
    )
    factories.ActivityFactory(organizer=party, title="关爱困境障碍群体志愿服务")
    factories.ActivityFactory(
        organizer=party, title="退回的活动", state=Activity.State.RETURNED, review_reason="请补充照片"
    )
    return party


def test_party_organization_page_shows_its_record(client, branch):
    response = client.get(branch.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>普爱社会工作服务联合党支部</h1>" in html
    expected = ["联合党支部", "联合组建", "广州市社会组织党委", "2016年7月1日", "王五", "一肩挑"]
    for shown in [*expected, "14 名", "刘志娟", "陈六"]:
        assert shown in html
    assert branch.parent.get_absolute_url() in html


def test_party_organization_page_lists_covered_public_organizations(client, branch):
    html = client.get(branch.get_absolute_url()).content.decode()

    assert "普爱社会工作服务中心" in html
    assert "广州市软件行业协会" in html
    assert "已归档的服务中心" not in html


def test_party_organization_page_shows_ratings_titles_and_pairings_on_both_sides(client, branch):
    html = client.get(branch.get_absolute_url()).content.decode()

    assert html.index("2020年") < html.index("2019年")
    assert "5星" in html and "4星" in html
    assert "省级社会组织党建示范点" in html
    assert "越秀区光塔街道党工委" in html
    assert "广州市社会组织联合会党委" in html
    assert "党建牵手" in html


def test_party_organization_page_shows_published_activities_only(client, branch):
    html = client.get(branch.get_absolute_url()).content.decode()

    assert "关爱困境障碍群体志愿服务" in html
    assert "退回的活动" not in html
    assert "请补充照片" not in html


def test_party_organization_page_hides_phones_and_secretary_accounts(client, branch):
    html = client.get(branch.get_absolute_url()).content.decode()

    assert "13911112222" not in html
    assert "13800000000" not in html
    assert "puai_secretary" not in html
    assert "puai@example.com" not in html


def test_archived_party_organization_is_a_404(client, db):
    party = factories.PartyOrganizationFactory(is_archived=True)

    response = client.get(party.get_absolute_url())

    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_archived_parent_is_named_without_a_link(client, db):
    parent = factories.PartyOrganizationFactory(name="已撤销的上级党委", is_archived=True)
    party = factories.PartyOrganizationFactory(parent=parent)

    html = client.get(party.get_absolute_url()).content.decode()

    assert "已撤销的上级党委" in html
    assert parent.get_absolute_url() not in html


def test_demonstration_sites_list_titles_of_active_party_organizations(client, db):
    factories.DemonstrationSiteFactory(level=DemonstrationSite.Level.PROVINCIAL, title="省级示范点甲", year=2021)
    factories.DemonstrationSiteFactory(level=DemonstrationSite.Level.MUNICIPAL, title="市级示范基地乙", year=2019)
    archived = factories.PartyOrganizationFactory(is_archived=True)
    factories.DemonstrationSiteFactory(party_organization=archived, title="已归档党组织的示范点")

    response = client.get("/branches/demonstration/")
    html = response.content.decode()

    assert response.status_code == 200
    assert html.index("省级示范点甲") < html.index("市级示范基地乙")
    assert "已归档党组织的示范点" not in html
    assert "共 <strong>2</strong> 个" in html
    assert "省级 <strong>1</strong> 个" in html


def test_demonstration_sites_filter_by_level(client, db):
    factories.DemonstrationSiteFactory(level=DemonstrationSite.Level.PROVINCIAL, title="省级示范点甲")
    factories.DemonstrationSiteFactory(level=DemonstrationSite.Level.MUNICIPAL, title="市级示范基地乙")

    html = client.get("/branches/demonstration/", {"level": "provincial"}).content.decode()

    assert "省级示范点甲" in html
    assert "市级示范基地乙" not in html


def test_party_organization_page_shows_the_newest_dozen_of_its_own_and_co_organized_activities(client, db):
    party = factories.PartyOrganizationFactory()
    other = factories.PartyOrganizationFactory()
    now = timezone.now()

    def made(title, days_ago, **extra):
        return factories.ActivityFactory(
            title=title,
            starts_at=now - datetime.timedelta(days=days_ago),
            ends_at=now - datetime.timedelta(days=days_ago) + datetime.timedelta(hours=2),
            **extra,
        )

    for n in range(14):  # more of its own than the page shows, every one older than the shared ones
        made(f"自办活动{n:02d}", 30 + n, organizer=party)
    for n in range(3):
        made(f"协办活动{n:02d}", 5 + n, organizer=other).co_organizers.add(party)
    made("协办草稿", 1, organizer=other, draft=True).co_organizers.add(party)
    made("他人活动", 2, organizer=other)

    html = client.get(party.get_absolute_url()).content.decode()
    shown = re.findall(r"(自办活动\d\d|协办活动\d\d|协办草稿|他人活动)", html)
    expected = ["协办活动00", "协办活动01", "协办活动02"] + [f"自办活动{n:02d}" for n in range(9)]
    assert list(dict.fromkeys(shown)) == expected
