"""The rest of a relevance search when its matches cluster in the list's order (organizations.search.
ordered_rest): read in order for WALK_ROWS records, then found and sorted. Whichever way, the page
holds the same records in the same order as ranking every match, in one query."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities.models import Activity
from organizations import search
from organizations.models import SocialOrganization
from tests.helpers import factories

pytestmark = pytest.mark.django_db


def ranked_names(query):
    """Every match ranked in Python: exact name, names starting with the words, the rest; by name."""
    capitals = query.upper()
    names = [
        name for name in SocialOrganization.objects.public().values_list("name", flat=True) if capitals in name.upper()
    ]
    return sorted(
        names,
        key=lambda name: (
            0 if name.upper() == capitals else 1 if name.upper().startswith(capitals) else 2,
            name.upper(),
        ),
    )


@pytest.fixture
def districts(db, monkeypatch):
    """Thirty names, ten per district, each district's together in name order (海珠区, 白云区, 越秀区)."""
    monkeypatch.setattr(search, "WALK_ROWS", 4)
    for index in range(10):
        factories.SocialOrganizationFactory(name=f"广州市白云区第{index:02d}社会工作服务中心")
        factories.SocialOrganizationFactory(name=f"广州市海珠区第{index:02d}志愿者协会")
        factories.SocialOrganizationFactory(name=f"广州市越秀区第{index:02d}养老服务中心")


@pytest.mark.parametrize(
    "query", ["越秀", "越秀区", "州市越", "服务中心", "协会", "第03", "广州", "海珠区第09志愿者协会"]
)
@pytest.mark.parametrize("offset", [0, 3, 8])
def test_every_page_is_the_ranked_matches_whatever_the_order_of_the_matches(districts, query, offset):
    with CaptureQueriesContext(connection) as queries:
        page = SocialOrganization.objects.public().relevance_page(query, offset, 5)

    assert [organization.name for organization in page] == ranked_names(query)[offset : offset + 5]
    assert len(queries) == 1


def test_a_list_shorter_than_the_walk_is_read_whole(db, monkeypatch):
    monkeypatch.setattr(search, "WALK_ROWS", 1000)
    for name in ["广州市越秀区甲协会", "广州市白云区乙协会", "越秀协会"]:
        factories.SocialOrganizationFactory(name=name)

    page = SocialOrganization.objects.public().relevance_page("越秀", 0, 10)

    assert [organization.name for organization in page] == ["越秀协会", "广州市越秀区甲协会"]


def test_activities_newest_first_whatever_the_order_of_the_matches(db, monkeypatch):
    """A campaign's titles only in one, older season: the newest activities hold none of them."""
    monkeypatch.setattr(search, "WALK_ROWS", 3)
    now = timezone.now()
    party = factories.PartyOrganizationFactory(name="越秀区青年联合党支部")
    for day in range(8):
        factories.ActivityFactory(title=f"社区义诊{day}", organizer=party, starts_at=now - timedelta(days=day))
    for day in range(6):
        factories.ActivityFactory(
            title=f"“建党百年”主题党日{day}", organizer=party, starts_at=now - timedelta(days=300 + day)
        )

    with CaptureQueriesContext(connection) as queries:
        first = Activity.objects.published().relevance_page("建党百年", 0, 4)
    second = Activity.objects.published().relevance_page("建党百年", 4, 4)

    assert [activity.title for activity in first] == [f"“建党百年”主题党日{day}" for day in range(4)]
    assert [activity.title for activity in second] == [f"“建党百年”主题党日{day}" for day in (4, 5)]
    assert len(queries) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the walk and its gate are PostgreSQL's plan")
def test_the_sorted_matches_are_read_only_when_the_walk_falls_short(districts):
    def plan(query):
        with CaptureQueriesContext(connection) as queries:
            SocialOrganization.objects.public().relevance_page(query, 0, 3)
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + queries[0]["sql"])
            return "\n".join(row[0] for row in cursor.fetchall())

    # 海珠区 names come first in name order (海 before 白 and 越): the first four records match.
    gated = plan("海珠区")
    assert "One-Time Filter" in gated
    assert "never executed" in gated.split("One-Time Filter")[1].splitlines()[1]
    # 越秀区 names come last: the walk finds none, and the matches past it are sorted.
    assert "never executed" not in plan("越秀区").split("One-Time Filter")[1].splitlines()[1]
