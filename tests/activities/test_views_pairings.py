from decimal import Decimal

import pytest

from activities.models import Pairing
from tests.helpers import factories
from tests.helpers.html import tile


@pytest.fixture
def pairings(db):
    party = factories.PartyOrganizationFactory(name="普爱社会工作服务党支部")
    partner = factories.PartyOrganizationFactory(name="广州市软件行业协会党支部")
    organization = factories.SocialOrganizationFactory(name="广州市某社工服务中心")
    factories.PairingFactory(party_organization=party, partner_name="越秀区光塔街道党工委")
    factories.PairingFactory(party_organization=party, partner_name="", partner_party_organization=partner)
    factories.PairingFactory(
        party_organization=partner,
        kind=Pairing.Kind.MENTORING,
        partner_name="",
        partner_organization=organization,
        status=Pairing.Status.ENDED,
    )
    for district, village, projects, funds in [
        ("从化区", "莲麻村", 3, "1500000"),
        ("从化区", "塘尾村", 2, "500000"),
        ("毕节市七星关区", "某村", 4, "3000000"),
    ]:
        factories.PairingFactory(
            party_organization=party,
            kind=Pairing.Kind.VILLAGE_AID,
            partner_name=village,
            village=village,
            town="吕田镇",
            district=district,
            projects=projects,
            funds_committed=Decimal(funds),
        )
    archived = factories.PartyOrganizationFactory(is_archived=True)
    factories.PairingFactory(party_organization=archived, partner_name="已归档党组织的结对")
    return party


def test_red_alliance_pairs_are_listed_by_default(client, pairings):
    response = client.get("/pairings/")
    html = response.content.decode()

    assert response.status_code == 200
    assert '<h2 id="pairs-title">红联共建结对名单</h2>' in html
    assert "越秀区光塔街道党工委" in html
    assert "广州市软件行业协会党支部" in html
    assert "已归档党组织的结对" not in html
    assert "广州市某社工服务中心" not in html


def test_mentoring_pairs_are_listed_on_their_tab(client, pairings):
    html = client.get("/pairings/", {"kind": "mentoring"}).content.decode()

    assert "党建牵手结对名单" in html
    assert "广州市某社工服务中心" in html
    assert "已结束" in html
    assert "越秀区光塔街道党工委" not in html


def test_village_aid_totals_by_district(client, pairings):
    html = client.get("/pairings/").content.decode()

    assert '<th scope="row">从化区</th><td>1</td><td>2</td><td>5</td><td>200万元</td>' in html
    assert '<th scope="row">毕节市七星关区</th><td>1</td><td>1</td><td>4</td><td>300万元</td>' in html
    assert '<tfoot><tr><th scope="row">合计</th><td>1</td><td>3</td><td>9</td><td>500万元</td>' in html
    assert html.index("毕节市七星关区</th>") < html.index("从化区</th>")


def test_pairing_kind_counts_are_shown(client, pairings):
    html = client.get("/pairings/").content.decode()

    assert tile(html, "红联共建（进行中 2 对）") == "2"
    assert tile(html, "党建牵手（进行中 0 对）") == "1"


def test_unknown_pairing_kind_falls_back_to_red_alliance(client, pairings):
    response = client.get("/pairings/", {"kind": "<script>x</script>"})
    html = response.content.decode()

    assert response.status_code == 200
    assert "红联共建结对名单" in html
    assert "筛选条件“结对类型”无效，已忽略。" in html
    assert "<script>x</script>" not in html


def test_pairings_page_through(client, db):
    party = factories.PartyOrganizationFactory()
    factories.PairingFactory.create_batch(35, party_organization=party)

    first = client.get("/pairings/")
    second = client.get("/pairings/", {"page": 2})

    assert len(first.context["pairings"]) == 30 and first.context["page_obj"].has_next
    assert len(second.context["pairings"]) == 5 and not second.context["page_obj"].has_next
