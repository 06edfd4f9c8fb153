"""The co-organizer choices: every active party organization, rendered once and cached until one changes."""

import re

import pytest
from django.urls import reverse

from tests.helpers import factories
from tests.helpers.activities import edit_form_data

pytestmark = pytest.mark.django_db

CREATE = reverse("my:activity_create")


def co_organizer_select(html):
    return re.search(r'<select[^>]*name="co_organizers".*?</select>', html, re.S).group(0)


def options(select):
    return re.findall(r'<option value="(\d+)"( selected)?>([^<]*)</option>', select)


def test_every_active_party_organization_is_offered_by_name(client_a, branch_a, branch_b):
    factories.PartyOrganizationFactory(name="丙<联合>党支部")
    factories.PartyOrganizationFactory(name="已归档党支部", is_archived=True)

    select = co_organizer_select(client_a.get(CREATE).content.decode())

    assert "multiple" in select and 'size="6"' in select and 'id="id_co_organizers"' in select
    names = [name for _, _, name in options(select)]
    assert names == sorted(names)
    assert "丙&lt;联合&gt;党支部" in names
    assert "已归档党支部" not in names
    assert {branch_a.name, branch_b.name} <= set(names)
    assert not any(selected for _, selected, _ in options(select))


def test_the_edit_form_marks_the_current_co_organizers(client_a, draft_a, branch_b):
    other = factories.PartyOrganizationFactory(name="丁党支部")
    draft_a.co_organizers.add(branch_b)

    select = co_organizer_select(client_a.get(reverse("my:activity_edit", args=[draft_a.pk])).content.decode())

    selected = {pk for pk, mark, _ in options(select) if mark}
    assert selected == {str(branch_b.pk)}
    assert f'<option value="{other.pk}">丁党支部</option>' in select


def test_a_refused_form_keeps_the_chosen_co_organizers(client_a, draft_a, branch_b):
    data = edit_form_data(draft_a, title="")
    data["co_organizers"] = [branch_b.pk]

    response = client_a.post(reverse("my:activity_edit", args=[draft_a.pk]), data)

    assert response.status_code == 200
    selected = {pk for pk, mark, _ in options(co_organizer_select(response.content.decode())) if mark}
    assert selected == {str(branch_b.pk)}


def test_renamed_new_and_archived_party_organizations_show_at_once(client_a, branch_b):
    assert branch_b.name in co_organizer_select(client_a.get(CREATE).content.decode())

    branch_b.name = "乙中心联合党支部"
    branch_b.save()
    added = factories.PartyOrganizationFactory(name="新成立党支部")
    select = co_organizer_select(client_a.get(CREATE).content.decode())
    assert "乙中心联合党支部" in select and "新成立党支部" in select

    added.is_archived = True
    added.save()
    assert "新成立党支部" not in co_organizer_select(client_a.get(CREATE).content.decode())


@pytest.mark.parametrize("size", [2, 40])
def test_the_choices_cost_one_query_then_none(client_a, branch_a, django_assert_num_queries, size):
    factories.PartyOrganizationFactory.create_batch(size)
    client_a.get(reverse("my:dashboard"))  # the session's first request stamps its clock

    # (each count includes the header's notification count)
    with django_assert_num_queries(8):
        client_a.get(CREATE)
    with django_assert_num_queries(7):
        client_a.get(CREATE)
