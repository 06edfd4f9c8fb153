"""A party organization's page shows where it stands: its superiors (党委 → 总支 → 支部) and its
subordinates two levels down, bounded, with a fixed number of queries at any size."""

import re

import pytest

from partybranches.models import PartyOrganization
from portal import records
from tests.helpers import factories

PO = PartyOrganization


def tree(html):
    return html[html.index('class="party-tree"') : html.index('id="orgs-title"')]


def breadcrumb(html):
    return html[html.index('class="breadcrumb"') : html.index("</ol>")]


@pytest.fixture
def hierarchy(db):
    committee = factories.PartyOrganizationFactory(name="市社会组织党委", kind=PO.Kind.COMMITTEE)
    general = factories.PartyOrganizationFactory(name="行业协会党总支", kind=PO.Kind.GENERAL_BRANCH, parent=committee)
    branch = factories.PartyOrganizationFactory(name="甲协会党支部", parent=general)
    sibling = factories.PartyOrganizationFactory(name="乙协会党支部", parent=general)
    factories.PartyOrganizationFactory(name="已归档党支部", parent=general, is_archived=True)
    direct = factories.PartyOrganizationFactory(name="丙联合党支部", kind=PO.Kind.JOINT_BRANCH, parent=committee)
    return {"committee": committee, "general": general, "branch": branch, "sibling": sibling, "direct": direct}


def test_a_branch_shows_its_superiors_from_the_top_down(client, hierarchy):
    html = client.get(hierarchy["branch"].get_absolute_url()).content.decode()
    part = tree(html)
    positions = [part.index(name) for name in ["市社会组织党委", "行业协会党总支", "甲协会党支部"]]
    assert positions == sorted(positions)
    assert f'href="{hierarchy["committee"].get_absolute_url()}"' in part
    assert '<strong aria-current="page">甲协会党支部</strong>' in part
    assert "乙协会党支部" not in part  # siblings are the superior's business
    crumbs = breadcrumb(html)
    assert crumbs.index("党组织名录") < crumbs.index("市社会组织党委") < crumbs.index("行业协会党总支")
    assert "0 个直属下级党组织" in html


def test_a_committee_shows_its_subordinates_two_levels_down_without_archived_ones(client, hierarchy):
    html = client.get(hierarchy["committee"].get_absolute_url()).content.decode()
    part = tree(html)
    for party in ["general", "branch", "sibling", "direct"]:
        assert f'href="{hierarchy[party].get_absolute_url()}"' in part
    assert "已归档党支部" not in part
    # Nesting: the branches sit inside the general branch's list.
    general_item = part[part.index("行业协会党总支") :]
    assert part.index("丙联合党支部") < part.index("行业协会党总支")  # by name
    assert "甲协会党支部" in general_item and "乙协会党支部" in general_item
    assert "2 个直属下级党组织" in html
    assert "查看全部" not in html


def test_long_lists_of_subordinates_are_cut_and_lead_to_the_directory(client, db, monkeypatch):
    monkeypatch.setattr(records, "SUBORDINATES_SHOWN", 3)
    monkeypatch.setattr(records, "SUB_SUBORDINATES_SHOWN", 2)
    committee = factories.PartyOrganizationFactory(name="市社会组织党委", kind=PO.Kind.COMMITTEE)
    generals = [
        factories.PartyOrganizationFactory(name=f"第{i}党总支", kind=PO.Kind.GENERAL_BRANCH, parent=committee)
        for i in range(5)
    ]
    for i in range(4):
        factories.PartyOrganizationFactory(name=f"第0党总支第{i}支部", parent=generals[0])
    html = client.get(committee.get_absolute_url()).content.decode()
    part = tree(html)
    assert re.findall(r"第\d党总支(?=</a>)", part) == ["第0党总支", "第1党总支", "第2党总支"]
    assert re.findall(r"第0党总支第\d支部(?=</a>)", part) == ["第0党总支第0支部", "第0党总支第1支部"]
    assert f'href="/branches/?parent={generals[0].pk}">第0党总支的全部 4 个下级党组织</a>' in part
    assert f'<a href="/branches/?parent={committee.pk}">查看全部 5 个下级党组织</a>' in html


def test_an_archived_superior_is_named_without_a_link(client, db):
    archived = factories.PartyOrganizationFactory(name="旧党委", kind=PO.Kind.COMMITTEE, is_archived=True)
    branch = factories.PartyOrganizationFactory(name="某党支部", parent=archived)
    part = tree(client.get(branch.get_absolute_url()).content.decode())
    assert "旧党委" in part and f'href="{archived.get_absolute_url()}"' not in part


@pytest.mark.parametrize("size", [2, 30])
def test_the_page_runs_the_same_queries_for_small_and_large_trees(client, db, django_assert_num_queries, size):
    top = factories.PartyOrganizationFactory(kind=PO.Kind.COMMITTEE)
    committee = factories.PartyOrganizationFactory(kind=PO.Kind.COMMITTEE, parent=top)
    for _ in range(size):
        general = factories.PartyOrganizationFactory(kind=PO.Kind.GENERAL_BRANCH, parent=committee)
        for _ in range(size):
            factories.PartyOrganizationFactory(parent=general, organizations=[])
    client.get("/privacy/")  # the footer's site facts are cached from here on
    # The record with its superiors, covered organizations, ratings, titles, subordinates (2 levels),
    # pairings, activities and their photos (none).
    with django_assert_num_queries(8):
        response = client.get(committee.get_absolute_url())
    assert len(response.context["party_organization"].public_children) == min(size, records.SUBORDINATES_SHOWN)
