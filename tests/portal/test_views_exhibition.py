import datetime
from decimal import Decimal

import pytest

from activities.models import Activity, Pairing
from tests.helpers import factories
from tests.helpers.html import tile


def test_exhibition_shows_the_three_halls_and_the_chronicle_in_order(client, db):
    factories.MilestoneFactory(date=datetime.date(2020, 7, 1), title="党建展览馆正式开放并上线云展馆")
    factories.MilestoneFactory(date=datetime.date(2010, 1, 1), title="社会组织党工委成立")
    factories.MilestoneFactory(date=datetime.date(2012, 1, 1), title="党工委更名为社会组织党委")
    factories.PartyOrganizationFactory.create_batch(3)

    response = client.get("/exhibition/")
    html = response.content.decode()

    assert response.status_code == 200
    for hall in ("seed", "sapling", "forest"):
        assert f'href="/exhibition/{hall}/"' in html
    assert "红种子展厅" in html and "红树苗展厅" in html and "红树林展厅" in html
    assert html.index("社会组织党工委成立") < html.index("党工委更名为社会组织党委") < html.index("党建展览馆正式开放")
    assert '<time class="timeline-date" datetime="2020-07-01">2020年7月1日</time>' in html
    assert '<span class="figure-label">社会组织党组织</span> <strong class="figure-inline">3</strong>' in html


@pytest.mark.parametrize("hall", ["seed", "sapling", "forest"])
def test_hall_shows_only_published_activities_featured_in_it(client, db, hall):
    party = factories.PartyOrganizationFactory()
    factories.ActivityFactory(organizer=party, title="本厅展示的活动", featured_hall=hall)
    factories.ActivityFactory(organizer=party, title="未展示的活动", featured_hall="")
    other = {"seed": "forest", "sapling": "seed", "forest": "sapling"}[hall]
    factories.ActivityFactory(organizer=party, title="其他展厅的活动", featured_hall=other)
    factories.ActivityFactory(organizer=party, title="已下线的活动", featured_hall=hall, state=Activity.State.OFFLINE)

    html = client.get(f"/exhibition/{hall}/").content.decode()

    assert "本厅展示的活动" in html
    for hidden in ("未展示的活动", "其他展厅的活动", "已下线的活动"):
        assert hidden not in html


def test_seed_hall_figures_come_from_party_organizations(client, db):
    factories.PartyOrganizationFactory(formation="alone", secretary_is_head=True)
    factories.PartyOrganizationFactory(formation="joint", cross_appointment=True)
    factories.PartyOrganizationFactory(formation="joint")
    factories.ActivityFactory(kind=Activity.Kind.STUDY)  # its organizer is a fourth, formed alone

    html = client.get("/exhibition/seed/").content.decode()

    assert tile(html, "社会组织党组织") == "4"
    assert tile(html, "单独组建") == "2"
    assert tile(html, "联合组建") == "2"
    assert tile(html, "行业覆盖") == "0"
    assert tile(html, "书记与负责人“一肩挑”") == "1"
    assert tile(html, "双向进入、交叉任职") == "1"
    assert tile(html, "学习培训活动") == "1"
    assert tile(html, "党组织覆盖率") == "100%"


def test_sapling_hall_shows_people_ratings_and_demonstration_sites(client, db):
    party = factories.PartyOrganizationFactory(first_secretary="刘志娟", full_members=7, probationary_members=1)
    factories.StarRatingFactory(party_organization=party, year=2020, stars=5)
    factories.DemonstrationSiteFactory(party_organization=party)

    html = client.get("/exhibition/sapling/").content.decode()

    assert tile(html, "党员") == "8"
    assert tile(html, "配备第一书记的党组织") == "1"
    assert tile(html, "省、市党建示范点（基地）") == "1"
    assert tile(html, "2020年五星党组织") == "1"


def test_forest_hall_totals_village_aid_and_service(client, db):
    party = factories.PartyOrganizationFactory()
    for village in ("莲麻村", "塘尾村"):
        factories.PairingFactory(
            party_organization=party,
            kind=Pairing.Kind.VILLAGE_AID,
            partner_name=village,
            village=village,
            district="从化区",
            projects=3,
            funds_committed=Decimal("293500000"),
        )
    factories.ActivityFactory(organizer=party, kind=Activity.Kind.EPIDEMIC, service_minutes=600)

    html = client.get("/exhibition/forest/").content.decode()

    assert tile(html, "“千社扶百村”帮扶村（社区）") == "2"
    assert tile(html, "“千社扶百村”帮扶项目") == "6"
    assert tile(html, "“千社扶百村”帮扶资金") == "5.87亿元"
    assert tile(html, "疫情防控活动") == "1"
    assert tile(html, "服务时长") == "10"
