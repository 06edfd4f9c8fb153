"""The staff's activity search: title, street, place or organizer, any state, in a fixed number of queries."""

import pytest

from gzpartybuild import admin_tools
from tests.helpers import factories

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/activities/activity/"


def found(staff_client, words):
    response = staff_client.get(CHANGELIST, {"q": words})
    assert response.status_code == 200
    return {activity.title for activity in response.context["cl"].result_list}


def test_an_activity_is_found_by_title_street_place_or_organizer_in_any_state(staff_client):
    organizer = factories.PartyOrganizationFactory(name="广州市仁禾家具行业协会党支部")
    factories.ActivityFactory(title="敬老院义诊", street="农林街", place="东山口", draft=True)
    factories.ActivityFactory(title="社区清洁", street="仁禾里", place="二号楼", submitted=True)
    factories.ActivityFactory(title="读书分享会", street="农林街", place="仁禾书屋")
    factories.ActivityFactory(title="主题党日", organizer=organizer)
    factories.ActivityFactory(title="无关活动", street="华乐街", place="礼堂")

    assert found(staff_client, "义诊") == {"敬老院义诊"}  # a draft too: staff see every state
    assert found(staff_client, "仁禾") == {"社区清洁", "读书分享会", "主题党日"}
    assert found(staff_client, "家具行业") == {"主题党日"}
    assert found(staff_client, "  书屋 ") == {"读书分享会"}
    assert found(staff_client, "礼") == {"无关活动"}
    assert found(staff_client, "不存在的词") == set()


def test_a_word_in_many_organizers_names_is_matched_by_name(staff_client, monkeypatch):
    from activities import admin as activities_admin

    monkeypatch.setattr(activities_admin, "ORGANIZER_IDS_MAX", 1)
    for n in range(3):
        factories.ActivityFactory(title=f"活动{n}", organizer=factories.PartyOrganizationFactory(name=f"志愿党支部{n}"))
    factories.ActivityFactory(title="别的活动")

    assert found(staff_client, "志愿党") == {"活动0", "活动1", "活动2"}


@pytest.mark.parametrize("size", [3, 30])
def test_a_search_runs_the_same_queries_whatever_the_size(staff_client, django_assert_num_queries, size):
    factories.ActivityFactory.create_batch(size, title="志愿服务进社区")
    staff_client.get(CHANGELIST, {"q": "志愿"})

    # session, user, permissions (2), the organizers' names, the count (sampled, exact below the cap), the rows
    with django_assert_num_queries(7):
        response = staff_client.get(CHANGELIST, {"q": "志愿"})

    assert response.context["cl"].result_count == size


def test_a_search_past_the_cap_shows_an_estimate(staff_client, monkeypatch):
    monkeypatch.setattr("gzpartybuild.paging.COUNT_CAP", 2)
    monkeypatch.setattr(admin_tools, "count_results", _capped_at_two())
    factories.ActivityFactory.create_batch(4, title="志愿服务进社区")

    html = staff_client.get(CHANGELIST, {"q": "志愿"}).content.decode()

    assert "约 " in html


def _capped_at_two():
    from gzpartybuild.paging import count_results

    return lambda queryset: count_results(queryset, cap=2)
