"""The staff's organization search: the directory's indexed search, or the legal representative's full name."""

import pytest

from tests.helpers import factories

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/organizations/socialorganization/"


def found(staff_client, words):
    response = staff_client.get(CHANGELIST, {"q": words})
    assert response.status_code == 200
    return {organization.name for organization in response.context["cl"].result_list}


def test_an_organization_is_found_by_name_code_or_legal_representative(staff_client):
    furniture = factories.SocialOrganizationFactory(name="广州市家具行业协会", legal_representative="王五")
    factories.SocialOrganizationFactory(name="广州市养老服务中心", legal_representative="赵六", is_archived=True)
    factories.SocialOrganizationFactory(name="广州市青年志愿者协会", legal_representative="王五六")

    assert found(staff_client, "家具") == {"广州市家具行业协会"}
    assert found(staff_client, "养老") == {"广州市养老服务中心"}  # archived ones too: staff see every record
    assert found(staff_client, furniture.credit_code.lower()) == {"广州市家具行业协会"}
    assert found(staff_client, "王五") == {"广州市家具行业协会"}  # the full name, not part of another
    assert found(staff_client, "协会") == {"广州市家具行业协会", "广州市青年志愿者协会"}


@pytest.mark.parametrize("size", [3, 30])
def test_a_search_runs_the_same_queries_whatever_the_size(staff_client, django_assert_num_queries, size):
    factories.SocialOrganizationFactory.create_batch(size)
    staff_client.get(CHANGELIST, {"q": "协会"})

    # session, user, permissions (2), the count (sampled, exact below the cap), the rows
    with django_assert_num_queries(6):
        response = staff_client.get(CHANGELIST, {"q": "协会"})

    assert response.context["cl"].result_count == size
