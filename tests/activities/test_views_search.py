"""/activities/?q=: the gallery searched by title and organizer name, in relevance order, with its
count (exact, or estimated past the cap), published activities only, a fixed number of queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gzpartybuild import paging
from tests.helpers import factories

URL = reverse("activities:list")


def titles(response):
    assert response.status_code == 200
    return [activity.title for activity in response.context["activities"]]


@pytest.fixture
def gallery(db):
    now = timezone.now()
    organizer = factories.PartyOrganizationFactory(name="广州市海珠区敬老服务中心党支部")
    other = factories.PartyOrganizationFactory(name="广州市越秀区青年联合党支部")
    for title, days, party in [
        ("敬老志愿服务", 90, other),
        ("敬老", 400, other),
        ("重阳节敬老志愿服务", 3, other),
        ("社区义诊", 10, organizer),  # by the organizer's name only
        ("关爱空巢老人敬老活动", 30, other),
        ("垃圾分类宣传", 1, other),
    ]:
        factories.ActivityFactory(title=title, organizer=party, starts_at=now - timedelta(days=days))
    for state in ("draft", "submitted", "returned", "offline"):
        factories.ActivityFactory(title=f"敬老{state}", organizer=other, **{state: True})


def test_a_search_lists_exact_title_then_titles_starting_with_it_then_the_rest_newest_first(client, gallery):
    response = client.get(URL, {"q": "敬老"})

    assert titles(response) == ["敬老", "敬老志愿服务", "重阳节敬老志愿服务", "社区义诊", "关爱空巢老人敬老活动"]
    html = response.content.decode()
    assert "共 5 条符合条件的活动，按相关度排列" in html


def test_a_chosen_order_replaces_the_relevance(client, gallery):
    assert titles(client.get(URL, {"q": "敬老", "sort": "newest"})) == [
        "重阳节敬老志愿服务",
        "社区义诊",
        "关爱空巢老人敬老活动",
        "敬老志愿服务",
        "敬老",
    ]
    assert titles(client.get(URL, {"q": "敬老", "sort": "oldest"}))[0] == "敬老"


def test_the_search_combines_with_the_filters(client, gallery):
    factories.ActivityFactory(title="敬老宣讲", kind="study")

    assert titles(client.get(URL, {"q": "敬老", "kind": "study"})) == ["敬老宣讲"]
    assert titles(client.get(URL, {"q": "敬老", "district": "440106"})) == []


def test_unpublished_activities_are_never_found(client, gallery):
    html = client.get(URL, {"q": "敬老"}).content.decode()

    for state in ("draft", "submitted", "returned", "offline"):
        assert f"敬老{state}" not in html


def test_past_the_cap_the_count_is_estimated(client, gallery, monkeypatch):
    monkeypatch.setattr(paging.count_results, "__defaults__", (3,))

    html = client.get(URL, {"q": "敬老"}).content.decode()

    assert "约 " in html and "共 5 条" not in html


@pytest.mark.parametrize("query", ["%", "_", "敬" * 150, "'; --", "\x01"])
def test_odd_input_never_fails(client, gallery, query):
    response = client.get(URL, {"q": query})

    assert response.status_code == 200


@pytest.mark.parametrize("size", [2, 30])
def test_a_search_runs_a_fixed_number_of_queries(client, db, django_assert_num_queries, size):
    party = factories.PartyOrganizationFactory(name="服务联合党支部")
    for index in range(size):
        activity = factories.ActivityFactory(title=f"服务活动{index}", organizer=party)
        factories.ActivityPhotoFactory(activity=activity)
    client.get(URL)  # the footer's site facts and the year filter's years are cached from here on

    # The count (sampled, exact below the cap), the page's rows, their organizers, their photos.
    with django_assert_num_queries(4):
        response = client.get(URL, {"q": "服务", "kind": "volunteer", "page": "1"})

    assert len(response.context["activities"]) == min(size, 24)
