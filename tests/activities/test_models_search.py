"""Activity search by title or organizer name; on PostgreSQL through `search_text`, which the
database keeps (migration 0010): a renamed organizer or a changed title is found at once."""

import pytest
from django.db import connection

from activities.models import Activity
from tests.helpers import factories

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="search_text and its triggers exist only on PostgreSQL"
)


def found(words):
    return sorted(Activity.objects.published().search(words).values_list("title", flat=True))


@pytest.fixture
def activities(db):
    party = factories.PartyOrganizationFactory(name="广州市江南龙舟协会党支部")
    factories.ActivityFactory(title="端午节包粽子", organizer=party)
    factories.ActivityFactory(title="重阳敬老志愿服务")
    factories.ActivityFactory(title="敬老草稿", draft=True)
    return party


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("龙舟", ["端午节包粽子"]),  # the organizer's name
        ("江", ["端午节包粽子"]),
        ("敬老", ["重阳敬老志愿服务"]),
        ("重阳敬老志愿服务", ["重阳敬老志愿服务"]),
        ("粽子 ", ["端午节包粽子"]),
        ("子广", []),  # never across the title and the name
        ("%", []),
        ("鹤", []),
    ],
)
def test_title_or_organizer_name(activities, words, expected):
    assert found(words) == expected


def test_a_renamed_organizer_or_a_changed_title_is_searched_at_once(activities):
    party = activities
    party.name = "广州市从化区温泉协会党支部"
    party.save()
    assert found("温泉") == ["端午节包粽子"]
    assert found("龙舟") == []

    activity = Activity.objects.get(title="端午节包粽子")
    activity.title = "端午节龙舟赛"
    activity.save()
    assert found("龙舟赛") == ["端午节龙舟赛"]

    activity.organizer = factories.PartyOrganizationFactory(name="海珠区书法协会党支部")
    activity.save()
    assert found("书法") == ["端午节龙舟赛"]
    assert found("温泉") == []


@postgres_only
def test_the_database_keeps_the_search_text(activities):
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_text, search_ngrams FROM activities_activity WHERE title = %s", ["端午节包粽子"])
        text, ngrams = cursor.fetchone()
    assert text == "端午节包粽子\n广州市江南龙舟协会党支部"
    assert "龙舟" in ngrams and "子\n" in ngrams


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_the_planner_knows_how_titles_begin(db):
    """The title key's index is partial (published activities), and PostgreSQL keeps no statistics
    for a partial index's expressions: extended statistics on the same expression stand in, so that
    a prefix starting a sixth of the titles (党) is not guessed at 0.5 % (migration 0014)."""
    for index in range(30):
        factories.ActivityFactory(title=f"党史学习{index}" if index % 2 else f"社区义诊{index}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE activities_activity")
        cursor.execute(
            "EXPLAIN SELECT id FROM activities_activity WHERE UPPER(title::text) COLLATE \"C\" >= '党'"
            ' AND UPPER(title::text) COLLATE "C" < %s',
            ["党\U0010ffff"],
        )
        plan = cursor.fetchone()[0]

    estimated = int(plan.split("rows=")[1].split()[0])
    assert 10 <= estimated <= 20  # 15 of 30
