import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Activity
from gzpartybuild.paging import COUNT_CAP
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


def test_directory_pages_through_results_without_counting_every_row(client, db):
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
    sqls = [query["sql"].upper() for query in queries.captured_queries]
    counts = [sql for sql in sqls if "COUNT(" in sql and "UNION" not in sql]  # not the page's rows (their gate)
    # One query counts: on PostgreSQL over a sample of the table's pages, and exactly, stopping at
    # COUNT_CAP + 1 rows, only below the cap. Only SQLite, the small embedded default, counts every match.
    assert len(counts) == 1
    if connection.vendor == "postgresql":
        assert "TABLESAMPLE SYSTEM" in counts[0] and f"LIMIT {COUNT_CAP + 1}" in counts[0]


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


# -- relevance, counts, orders and numbered pages ---------------------------------------------


def result_names(response):
    return [organization.name for organization in response.context["organizations"]]


def test_search_results_come_exact_name_first_then_names_starting_with_it(client, db):
    for name in [
        "番禺区软件协会联合会",
        "广州软件协会",
        "软件协会",
        "软件协会第二分会",
        "软件协会第一分会",
        "白云软件协会",
    ]:
        factories.SocialOrganizationFactory(name=name)
    factories.SocialOrganizationFactory(name="广州市律师协会")

    response = client.get("/organizations/", {"q": "软件协会"})

    names = result_names(response)
    assert names[0] == "软件协会"
    assert names[1:3] == sorted(["软件协会第二分会", "软件协会第一分会"])
    assert sorted(names[3:]) == sorted(["番禺区软件协会联合会", "广州软件协会", "白云软件协会"])
    assert names[3:] == sorted(names[3:], key=str.upper)
    html = response.content.decode()
    assert "共 6 条结果" in html
    assert "按相关度排列" in html


def test_a_search_matching_more_than_the_cap_shows_an_estimate(client, db, monkeypatch):
    from gzpartybuild import paging

    monkeypatch.setattr(paging, "COUNT_CAP", 5)
    monkeypatch.setattr(paging.count_results, "__defaults__", (5,))
    for index in range(8):
        factories.SocialOrganizationFactory(name=f"广州市第{index}养老服务中心")

    html = client.get("/organizations/", {"q": "养老"}).content.decode()

    assert "约 " in html and "条结果" in html
    assert "共 8 条结果" not in html
    assert "共 1 条结果" in client.get("/organizations/", {"q": "第1养老"}).content.decode()


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["甲协会", "乙协会", "丙协会"]),
        ("founded", ["乙协会", "丙协会", "甲协会"]),
        ("grade", ["丙协会", "甲协会", "乙协会"]),
    ],
)
def test_the_directory_sorts_by_name_founding_date_or_grade(client, db, sort, expected):
    import datetime

    factories.SocialOrganizationFactory(name="甲协会", registered_on=datetime.date(2001, 1, 1), evaluation_grade="3A")
    factories.SocialOrganizationFactory(name="乙协会", registered_on=datetime.date(2020, 1, 1), evaluation_grade="")
    factories.SocialOrganizationFactory(name="丙协会", registered_on=datetime.date(2010, 1, 1), evaluation_grade="5A")
    by_code_point = sorted(["甲协会", "乙协会", "丙协会"])
    if sort == "name":
        expected = by_code_point

    assert result_names(client.get("/organizations/", {"sort": sort})) == expected
    assert result_names(client.get("/organizations/", {"sort": sort, "q": "协会"})) == expected


def test_results_have_numbered_pages(client, db):
    for index in range(95):
        factories.SocialOrganizationFactory(name=f"广州市第{index:03d}社会工作服务中心")

    response = client.get("/organizations/", {"q": "社会工作", "page": 3})

    html = response.content.decode()
    assert "共 95 条结果" in html
    assert response.context["page_obj"].page_numbers == [1, 2, 3, 4, 5]
    assert 'aria-current="page"><span class="page-link">第 3 页' in html
    assert "page=5" in html and "q=" in html
    assert result_names(response)[0] == "广州市第040社会工作服务中心"
    first = client.get("/organizations/").context["page_obj"]
    assert first.page_numbers == [1, 2, 3, None, 5]


@pytest.mark.parametrize("size", [2, 40])
def test_a_search_runs_two_queries_at_any_size(client, db, django_assert_num_queries, size):
    for index in range(size):
        factories.SocialOrganizationFactory(name=f"广州市第{index:03d}社会工作服务中心")

    # (+1 on this first request: the footer's site facts, cached afterwards)
    with django_assert_num_queries(3):
        response = client.get("/organizations/", {"q": "广州", "district": "440104", "sort": "", "page": 1})
    assert response.status_code == 200
    with django_assert_num_queries(2):
        client.get("/organizations/", {"q": "社会工作服务"})
