"""An id beyond 64 bits in an admin many-to-many field is an invalid choice, never a 500."""

import pytest
from django.urls import reverse

from activities.models import Activity
from tests.helpers import factories

pytestmark = pytest.mark.django_db


def test_activity_change_with_a_co_organizer_id_beyond_64_bits_is_refused(staff_client):
    activity = factories.ActivityFactory(title="原标题")
    url = reverse("admin:activities_activity_change", args=[activity.pk])
    data = {
        "title": "改后的标题",
        "kind": activity.kind,
        "organizer": activity.organizer_id,
        "co_organizers": ["9223372036854775808"],
        "starts_at_0": "2021-04-22",
        "starts_at_1": "09:00:00",
        "ends_at_0": "2021-04-22",
        "ends_at_1": "12:00:00",
        "district": activity.district,
        "party_members": 1,
        "volunteers": 1,
        "service_minutes": 60,
        "people_served": 1,
        "funds": "0",
        "description": "内容",
        "featured_hall": "",
        "photos-TOTAL_FORMS": "0",
        "photos-INITIAL_FORMS": "0",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "9223372036854775808" in response.content.decode()
    assert Activity.objects.get(pk=activity.pk).title == "原标题"
