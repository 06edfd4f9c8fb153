"""The staff's party-organization search: name, secretary, or a covered organization's name or code."""

import pytest

from partybranches import admin as partybranches_admin
from tests.helpers import factories

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/partybranches/partyorganization/"


def found(staff_client, words):
    response = staff_client.get(CHANGELIST, {"q": words})
    assert response.status_code == 200
    names = [party.name for party in response.context["cl"].result_list]
    assert len(names) == len(set(names))  # never the same one twice
    return set(names)


@pytest.mark.parametrize("ids_max", [partybranches_admin.ORGANIZATION_IDS_MAX, 0])
def test_a_party_organization_is_found_by_its_name_secretary_or_covered_organizations(
    staff_client, monkeypatch, ids_max
):
    monkeypatch.setattr(partybranches_admin, "ORGANIZATION_IDS_MAX", ids_max)
    furniture = factories.SocialOrganizationFactory(name="广州市家具行业协会")
    other = factories.SocialOrganizationFactory(name="广州市家具商会")
    factories.PartyOrganizationFactory(name="行业联合党支部", organizations=[furniture, other])
    factories.PartyOrganizationFactory(name="社工党支部", secretary_name="陈七")
    factories.PartyOrganizationFactory(name="家具党委")

    assert found(staff_client, "家具") == {"行业联合党支部", "家具党委"}
    assert found(staff_client, "陈七") == {"社工党支部"}
    assert found(staff_client, furniture.credit_code) == {"行业联合党支部"}
    assert found(staff_client, "商会") == {"行业联合党支部"}


@pytest.mark.parametrize("size", [3, 30])
def test_a_search_runs_the_same_queries_whatever_the_size(staff_client, django_assert_num_queries, size):
    for n in range(size):
        factories.PartyOrganizationFactory(
            name=f"广州党支部{n}", organizations=[factories.SocialOrganizationFactory(name=f"广州协会{n}")]
        )
    staff_client.get(CHANGELIST, {"q": "广州"})

    # session, user, permissions (2), the organizations found, the count (sampled, exact below the cap), the rows
    with django_assert_num_queries(7):
        response = staff_client.get(CHANGELIST, {"q": "广州"})

    assert response.context["cl"].result_count == size
