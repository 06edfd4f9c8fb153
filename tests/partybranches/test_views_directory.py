"""/branches/: the party organization directory, its search and filters (district, formation, kind,
latest stars, superior), with a fixed number of queries at any size."""

import pytest
from django.urls import reverse

from partybranches.models import PartyOrganization
from tests.helpers import factories

URL = reverse("partybranches:list")
PO = PartyOrganization
YUEXIU, TIANHE = "440104", "440106"


def names(response):
    assert response.status_code == 200
    return [party.name for party in response.context["party_organizations"]]


@pytest.fixture
def directory(db):
    committee = factories.PartyOrganizationFactory(
        name="市社会组织党委", kind=PO.Kind.COMMITTEE, formation=PO.Formation.INDUSTRY, district=""
    )
    general = factories.PartyOrganizationFactory(
        name="越秀区行业协会党总支", kind=PO.Kind.GENERAL_BRANCH, parent=committee, district=YUEXIU
    )
    alone = factories.PartyOrganizationFactory(
        name="越秀甲协会党支部", parent=general, district=YUEXIU, formation=PO.Formation.ALONE
    )
    joint = factories.PartyOrganizationFactory(
        name="天河联合党支部",
        kind=PO.Kind.JOINT_BRANCH,
        parent=committee,
        district=TIANHE,
        formation=PO.Formation.JOINT,
    )
    factories.PartyOrganizationFactory(name="已归档党支部", district=YUEXIU, is_archived=True)
    factories.StarRatingFactory(party_organization=alone, year=2020, stars=3)
    factories.StarRatingFactory(party_organization=alone, year=2021, stars=5)
    factories.StarRatingFactory(party_organization=joint, year=2021, stars=3)
    return {"committee": committee, "general": general, "alone": alone, "joint": joint}


def test_directory_lists_active_party_organizations_by_name(client, directory):
    response = client.get(URL)
    html = response.content.decode()
    listed = names(response)
    assert listed == sorted(listed) and len(listed) == 4
    assert "已归档党支部" not in html
    assert f'href="{directory["alone"].get_absolute_url()}"' in html
    assert "党支部 · 单独组建 · 越秀区" in html and "最近评星 5星" in html


def test_a_search_lists_the_exact_name_then_names_starting_with_it_then_the_rest(client, directory):
    for name in ["联合党支部第二", "联合党支部", "白云联合党支部", "联合党支部第一", "已归档联合党支部"]:
        factories.PartyOrganizationFactory(name=name, is_archived=name.startswith("已归档"))

    response = client.get(URL, {"q": "联合党支部"})

    assert names(response) == [
        "联合党支部",
        *sorted(["联合党支部第一", "联合党支部第二"]),
        "天河联合党支部",
        "白云联合党支部",
    ]
    html = response.content.decode()
    assert "共 5 条结果，按相关度排列" in html
    assert "已归档" not in html


def test_a_search_matching_more_than_the_cap_shows_an_estimate(client, directory, monkeypatch):
    from gzpartybuild import paging

    monkeypatch.setattr(paging.count_results, "__defaults__", (2,))

    html = client.get(URL, {"q": "党"}).content.decode()

    assert "约 " in html and "条结果" in html
    assert "共 1 条结果" in client.get(URL, {"q": "天河联合"}).content.decode()


def test_search_by_part_of_the_name(client, directory):
    assert names(client.get(URL, {"q": "  联合 "})) == ["天河联合党支部"]
    assert names(client.get(URL, {"q": "归档"})) == []
    assert "没有符合条件的党组织" in client.get(URL, {"q": "不存在的名称"}).content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"district": YUEXIU}, ["越秀区行业协会党总支", "越秀甲协会党支部"]),
        ({"formation": "joint"}, ["天河联合党支部"]),
        ({"kind": "committee"}, ["市社会组织党委"]),
        ({"stars": "5"}, ["越秀甲协会党支部"]),
        # The latest rating counts: 越秀甲 was rated 3 stars in 2020 but 5 in 2021.
        ({"stars": "3"}, ["天河联合党支部"]),
        ({"stars": "none", "district": YUEXIU}, ["越秀区行业协会党总支"]),
        ({"district": YUEXIU, "formation": "alone", "stars": "5"}, ["越秀甲协会党支部"]),
    ],
)
def test_filters_narrow_the_directory(client, directory, params, expected):
    assert sorted(names(client.get(URL, params))) == sorted(expected)


def test_superior_filter_lists_its_direct_subordinates_and_names_it(client, directory):
    committee = directory["committee"]
    response = client.get(URL, {"parent": committee.pk})
    assert names(response) == ["天河联合党支部", "越秀区行业协会党总支"]
    html = response.content.decode()
    assert "<h1>市社会组织党委的下级党组织</h1>" in html
    assert f'<input type="hidden" name="parent" value="{committee.pk}"' in html


@pytest.mark.parametrize(
    ("params", "notice"),
    [
        ({"district": "999999"}, "筛选条件“所在区”无效，已忽略。"),
        ({"stars": "6"}, "筛选条件“最近一次评星”无效，已忽略。"),
        ({"parent": "abc"}, "筛选条件“上级党组织”无效，已忽略。"),
        ({"parent": "99999999999999999999"}, "筛选条件“上级党组织”无效，已忽略。"),
        ({"parent": "999999"}, "所指的上级党组织不存在，已显示全部党组织。"),
        ({"page": "x"}, "页码“x”无效，已显示第 1 页。"),
        ({"q": "党" * 150}, "搜索词过长，只按前 100 个字搜索。"),
    ],
)
def test_bad_input_is_ignored_with_a_chinese_notice(client, directory, params, notice):
    response = client.get(URL, params)
    assert response.status_code == 200
    assert notice in response.content.decode()
    if "q" not in params:
        assert len(names(response)) == 4


def test_an_archived_superior_is_not_found(client, directory):
    archived = PartyOrganization.objects.get(name="已归档党支部")
    response = client.get(URL, {"parent": archived.pk})
    assert "所指的上级党组织不存在" in response.content.decode() and len(names(response)) == 4


def test_pages_keep_the_filters(client, db):
    for i in range(35):
        factories.PartyOrganizationFactory(name=f"越秀第{i:02d}党支部", district=YUEXIU)
    first = client.get(URL, {"district": YUEXIU})
    assert len(names(first)) == 30
    assert f'href="?district={YUEXIU}&amp;page=2"' in first.content.decode()
    assert names(client.get(URL, {"district": YUEXIU, "page": 2})) == [f"越秀第{i:02d}党支部" for i in range(30, 35)]


@pytest.mark.parametrize("size", [2, 40])
def test_directory_runs_a_fixed_number_of_queries(client, db, django_assert_num_queries, size):
    committee = factories.PartyOrganizationFactory(kind=PO.Kind.COMMITTEE)
    for i in range(size):
        party = factories.PartyOrganizationFactory(parent=committee, district=YUEXIU)
        factories.StarRatingFactory(party_organization=party, year=2021, stars=1 + i % 5)
    client.get("/privacy/")  # the footer's site facts are cached from here on
    with django_assert_num_queries(1):
        client.get(URL)
    # A search or a filter: its count (exact up to the cap, else estimated) in one query, then the page.
    with django_assert_num_queries(2):
        client.get(URL, {"q": "党", "district": YUEXIU, "formation": "alone", "stars": "3", "page": "2"})
    # The superior's name, the count of its subordinates, then the page.
    with django_assert_num_queries(3):
        client.get(URL, {"parent": committee.pk})
