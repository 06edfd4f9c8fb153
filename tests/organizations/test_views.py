import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Activity
from organizations.models import District, SocialOrganization
from tests.helpers import factories


@pytest.fixture
def directory(db):
    return {
        "software": factories.SocialOrganizationFactory(
            name="广州市软件行业协会",
            org_type=SocialOrganization.Type.SOCIETY,
            district=District.TIANHE,
            evaluation_grade="5A",
        ),
        "puai": factories.SocialOrganizationFactory(
            name="广州市普爱社会工作服务中心",
            org_type=SocialOrganization.Type.PRIVATE_NON_ENTERPRISE,
            district=District.YUEXIU,
            evaluation_grade="",
        ),
        "charity": factories.SocialOrganizationFactory(
            name="广州市慈善基金会",
            org_type=SocialOrganization.Type.FOUNDATION,
            district=District.YUEXIU,
            evaluation_grade="4A",
        ),
    }


def names(response):
    return [organization.name for organization in response.context["organizations"]]


def test_directory_lists_public_organizations_by_name(client, directory):
    factories.SocialOrganizationFactory(name="已归档的协会", is_archived=True)
    factories.SocialOrganizationFactory(name="已注销的协会", status=SocialOrganization.Status.DEREGISTERED)

    response = client.get("/organizations/")

    assert names(response) == sorted(["广州市软件行业协会", "广州市普爱社会工作服务中心", "广州市慈善基金会"])
    assert "名录收录在册社会组织 <strong>3</strong> 个" in response.content.decode()
    assert "已归档的协会" not in response.content.decode()
    assert "已注销的协会" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("软件", ["广州市软件行业协会"]),
        ("社会工作服务", ["广州市普爱社会工作服务中心"]),
        ("  慈善  ", ["广州市慈善基金会"]),
        ("广州市", ["广州市慈善基金会", "广州市普爱社会工作服务中心", "广州市软件行业协会"]),
        ("不存在的名字", []),
    ],
)
def test_search_by_chinese_substring_of_the_name(client, directory, query, expected):
    assert sorted(names(client.get("/organizations/", {"q": query}))) == sorted(expected)


def test_search_by_credit_code_whole_or_part_any_case(client, directory):
    code = directory["charity"].credit_code

    assert names(client.get("/organizations/", {"q": code})) == ["广州市慈善基金会"]
    assert names(client.get("/organizations/", {"q": code[-8:].lower()})) == ["广州市慈善基金会"]


def test_search_for_latin_letters_ignores_case(client, db):
    factories.SocialOrganizationFactory(name="广州市IT服务协会")

    assert names(client.get("/organizations/", {"q": "it服务"})) == ["广州市IT服务协会"]


def test_filters_by_type_district_and_grade(client, directory):
    assert names(client.get("/organizations/", {"type": "foundation"})) == ["广州市慈善基金会"]
    assert sorted(names(client.get("/organizations/", {"district": District.YUEXIU}))) == sorted(
        ["广州市普爱社会工作服务中心", "广州市慈善基金会"]
    )
    assert names(client.get("/organizations/", {"grade": "5A"})) == ["广州市软件行业协会"]
    assert names(client.get("/organizations/", {"grade": "none"})) == ["广州市普爱社会工作服务中心"]
    assert names(client.get("/organizations/", {"district": District.YUEXIU, "grade": "4A"})) == ["广州市慈善基金会"]


def test_filter_by_party_organization_coverage(client, directory):
    factories.PartyOrganizationFactory(organizations=[directory["software"]])
    factories.PartyOrganizationFactory(organizations=[directory["charity"]], is_archived=True)

    assert names(client.get("/organizations/", {"party": "yes"})) == ["广州市软件行业协会"]
    assert sorted(names(client.get("/organizations/", {"party": "no"}))) == sorted(
        ["广州市普爱社会工作服务中心", "广州市慈善基金会"]
    )
    assert "党组织已覆盖" in client.get("/organizations/", {"q": "软件"}).content.decode()


def test_directory_pages_through_results_without_counting(client, db):
    factories.SocialOrganizationFactory.create_batch(45)

    first = client.get("/organizations/")
    third = client.get("/organizations/", {"page": 3})

    assert len(first.context["organizations"]) == 20
    assert first.context["page_obj"].has_next
    assert "page=2" in first.content.decode()
    assert len(third.context["organizations"]) == 5
    assert not third.context["page_obj"].has_next
    with CaptureQueriesContext(connection) as queries:
        client.get("/organizations/", {"q": "协会", "page": 2})
    assert not any("COUNT(" in query["sql"].upper() for query in queries.captured_queries)


def test_pagination_links_keep_the_filters(client, db):
    factories.SocialOrganizationFactory.create_batch(25, district=District.HAIZHU)

    html = client.get("/organizations/", {"district": District.HAIZHU, "q": "协会"}).content.decode()

    assert "?q=%E5%8D%8F%E4%BC%9A&amp;district=440105&amp;page=2" in html


def test_directory_and_page_never_show_contact_phones(client, db):
    organization = factories.SocialOrganizationFactory(contact_phone="020-87654321")
    factories.PartyOrganizationFactory(organizations=[organization], contact_phone="13912345678")

    for url in ("/organizations/", organization.get_absolute_url(), f"/organizations/?q={organization.name}"):
        html = client.get(url).content.decode()
        assert "020-87654321" not in html
        assert "13912345678" not in html


def test_organization_page_shows_public_fields_party_organizations_and_published_activities(client, db):
    organization = factories.SocialOrganizationFactory(
        name="广州市社会组织联合会",
        org_type=SocialOrganization.Type.SOCIETY,
        district=District.YUEXIU,
        supervising_unit="广州市民政局",
        business_scope="联系服务社会组织。",
        legal_representative="孟昕",
        registered_funds=300000,
        address="越秀区农林下路",
        evaluation_grade="5A",
        charter_has_party_building=True,
    )
    party = factories.PartyOrganizationFactory(name="广州市社会组织联合会党委", organizations=[organization])
    factories.PartyOrganizationFactory(name="已归档党支部", organizations=[organization], is_archived=True)
    factories.ActivityFactory(organizer=party, title="我为群众办实事志愿服务")
    for state in ("draft", "submitted", "returned", "offline"):
        factories.ActivityFactory(organizer=party, title=f"未公开活动{state}", state=state)

    response = client.get(organization.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>广州市社会组织联合会</h1>" in html
    expected = [organization.credit_code, "广州市民政局", "联系服务社会组织。", "孟昕", "30万元", "越秀区农林下路"]
    for shown in [*expected, "5A"]:
        assert shown in html
    assert party.get_absolute_url() in html
    assert "已归档党支部" not in html
    assert "我为群众办实事志愿服务" in html
    assert "未公开活动" not in html


@pytest.mark.parametrize("changes", [{"is_archived": True}, {"status": "deregistered"}, {"status": "revoked"}], ids=str)
def test_archived_or_deregistered_organization_is_a_404(client, db, changes):
    organization = factories.SocialOrganizationFactory(**changes)

    response = client.get(organization.get_absolute_url())

    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_activities_without_a_public_party_organization_are_not_fetched(client, db, django_assert_num_queries):
    organization = factories.SocialOrganizationFactory()

    # The organization with its party organizations, and the footer's site facts.
    with django_assert_num_queries(3):
        response = client.get(organization.get_absolute_url())

    assert "尚无党组织覆盖信息" in response.content.decode()
    assert not Activity.objects.exists()
