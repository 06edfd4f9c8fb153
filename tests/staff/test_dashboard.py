"""The admin index: the review queue one click away, headline figures, links to the reports."""

import pytest

from tests import factories
from tests.staff.world import more_of_everything


def test_index_shows_the_review_queue_with_a_link_to_it(staff_client, world):
    factories.ActivityFactory(state="submitted")

    page = staff_client.get("/admin/").content.decode()

    assert '<a href="/admin/activities/activity/?state__exact=submitted">待审核活动 <strong>2</strong> 条' in page


def test_index_headline_figures_are_computed_from_records(staff_client, world):
    dashboard = staff_client.get("/admin/").context["dashboard"]

    assert dashboard["organizations"] == 6
    assert (dashboard["covered"], str(dashboard["coverage_rate"])) == (4, "66.7")
    assert (dashboard["party_organizations"], dashboard["party_members"]) == (4, 24)
    assert str(dashboard["one_shoulder_rate"]) == "25.0"
    assert (dashboard["submitted"], dashboard["published"], dashboard["volunteers"]) == (1, 3, 20)
    assert str(dashboard["service_hours"]) == "4.5"
    assert dashboard["pairings"] == 1


def test_index_links_to_every_report(staff_client, db):
    page = staff_client.get("/admin/").content.decode()

    assert '<a href="/admin/reports/coverage/">“两个覆盖”情况（按区）</a>' in page
    for name in ("risk", "stars", "activities"):
        assert f'href="/admin/reports/{name}/"' in page
    assert "待审核活动 <strong>0</strong> 条" in page


@pytest.mark.parametrize("bigger", [False, True])
def test_index_query_count_is_fixed(staff_client, world, django_assert_num_queries, bigger):
    if bigger:
        more_of_everything()
    staff_client.get("/admin/")  # the first request stamps the session, as on a running server
    with django_assert_num_queries(9):
        staff_client.get("/admin/")
