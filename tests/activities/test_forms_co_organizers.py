"""The co-organizer picker: the chosen party organizations and a search's matches, never all of them."""

import re

import pytest
from django.urls import reverse

from tests.helpers import factories
from tests.helpers.activities import activity_form_data, edit_form_data

pytestmark = pytest.mark.django_db

CREATE = reverse("my:activity_create")
SEARCH = reverse("my:co_organizer_search")


def checkboxes(html):
    """(value, checked, label) of each co-organizer checkbox on the page."""
    found = re.findall(
        r'<input class="form-check-input" type="checkbox" name="co_organizers" value="(\d+)" id="[^"]+"( checked)?>'
        r'<label class="form-check-label" for="[^"]+">([^<]*)</label>',
        html,
    )
    return [(value, bool(mark), label) for value, mark, label in found]


def test_the_new_form_offers_a_search_box_not_every_party_organization(client_a, branch_a, branch_b):
    factories.PartyOrganizationFactory.create_batch(30)

    html = client_a.get(CREATE).content.decode()

    assert checkboxes(html) == []
    assert 'name="co_organizers"' not in html.replace('data-name="co_organizers"', "")
    assert branch_b.name not in html
    # The field's label names the search box, which belongs to the page's own GET form.
    assert re.search(r'<label\s+for="id_co_organizers_search"', html)
    assert re.search(r'<input type="search"[^>]*id="id_co_organizers_search"[^>]*form="co-organizer-search"', html)
    assert re.search(r'<form id="co-organizer-search" method="get" action="/my/activities/new/">', html)
    assert "js/co-organizer-picker.js" in html


def test_without_scripts_the_search_comes_back_with_matches_to_tick(client_a, branch_a, branch_b):
    third = factories.PartyOrganizationFactory(name="丙<联合>中心党支部")
    factories.PartyOrganizationFactory(name="已归档中心党支部", is_archived=True)

    html = client_a.get(CREATE, {"co_q": "中心"}).content.decode()

    # By name (code point order): 丙 (U+4E19) before 乙 (U+4E59).
    assert checkboxes(html) == [
        (str(third.pk), False, "丙&lt;联合&gt;中心党支部"),
        (str(branch_b.pk), False, "乙中心党支部"),
    ]
    assert "找到 2 个名称含“中心”的党组织" in html
    assert "已归档中心党支部" not in html
    assert 'value="中心"' in html


def test_a_second_search_keeps_what_was_chosen(client_a, branch_a, branch_b):
    other = factories.PartyOrganizationFactory(name="丁协会党支部")

    html = client_a.get(CREATE, {"co_q": "协会", "co": [branch_b.pk]}).content.decode()

    boxes = checkboxes(html)
    assert (str(branch_b.pk), True, "乙中心党支部") in boxes
    assert (str(other.pk), False, "丁协会党支部") in boxes
    assert f'<input type="hidden" name="co" value="{branch_b.pk}">' in html


def test_nothing_found_says_so(client_a, branch_a):
    html = client_a.get(CREATE, {"co_q": "不存在的名称"}).content.decode()
    assert "没有找到名称含“不存在的名称”的党组织" in html
    assert checkboxes(html) == []


def test_the_chosen_co_organizers_are_saved(client_a, branch_a, branch_b):
    data = activity_form_data(branch_a, co_organizers=[branch_b.pk])

    assert client_a.post(CREATE, data).status_code == 302

    from activities.models import Activity

    assert list(Activity.objects.get().co_organizers.all()) == [branch_b]


def test_the_edit_form_marks_the_current_co_organizers(client_a, draft_a, branch_b):
    factories.PartyOrganizationFactory(name="丁党支部")
    draft_a.co_organizers.add(branch_b)

    html = client_a.get(reverse("my:activity_edit", args=[draft_a.pk])).content.decode()

    assert checkboxes(html) == [(str(branch_b.pk), True, branch_b.name)]
    assert "丁党支部" not in html


def test_a_refused_form_keeps_the_chosen_co_organizers(client_a, draft_a, branch_b):
    data = edit_form_data(draft_a, title="")
    data["co_organizers"] = [branch_b.pk]

    response = client_a.post(reverse("my:activity_edit", args=[draft_a.pk]), data)

    assert response.status_code == 200
    assert checkboxes(response.content.decode()) == [(str(branch_b.pk), True, branch_b.name)]


def test_the_search_answers_names_starting_with_the_words_first(client_a, branch_a):
    factories.PartyOrganizationFactory(name="广州市律师协会党委")
    factories.PartyOrganizationFactory(name="律师事务所联合党支部")
    factories.PartyOrganizationFactory(name="已归档律师党支部", is_archived=True)

    results = client_a.get(SEARCH, {"q": " 律师 "}).json()["results"]

    assert [row["name"] for row in results] == ["律师事务所联合党支部", "广州市律师协会党委"]
    assert client_a.get(SEARCH, {"q": ""}).json()["results"] == []


def test_the_search_shows_at_most_twenty(client_a, branch_a):
    factories.PartyOrganizationFactory.create_batch(25)

    assert len(client_a.get(SEARCH, {"q": "党支部"}).json()["results"]) == 20


def test_only_secretaries_may_search(client, db):
    from django.contrib.auth.models import User

    assert client.get(SEARCH, {"q": "党"}).status_code == 302  # anonymous: sign in first
    client.force_login(User.objects.create_user("nobody", password="x-pass-2026"))
    response = client.get(SEARCH, {"q": "党"})
    assert response.status_code == 403
    assert response.json()["results"] == []


@pytest.mark.parametrize("size", [2, 40])
def test_the_form_runs_the_same_queries_and_weighs_the_same_at_any_size(
    client_a, branch_a, django_assert_num_queries, size
):
    factories.PartyOrganizationFactory.create_batch(size)
    client_a.get(reverse("my:dashboard"))  # the session's first request stamps its clock

    # (each page's count includes the header's notification count)
    with django_assert_num_queries(7):
        response = client_a.get(CREATE)
    assert len(response.content) < 40_000
    with django_assert_num_queries(8):
        client_a.get(CREATE, {"co_q": "党支部"})
    with django_assert_num_queries(4):
        client_a.get(SEARCH, {"q": "党支部"})
