"""Pairings and activities: every rule refused in the admin form and by the database."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import F
from django.utils import timezone

from activities.models import Activity, Pairing
from tests.helpers.admin import admin_url, db_refuses, form_errors, post_admin_form
from tests.helpers.factories import ActivityFactory, PairingFactory, PartyOrganizationFactory, SocialOrganizationFactory

pytestmark = pytest.mark.django_db

ONE_PARTNER = "结对对象必须且只能填写一个：系统内党组织、系统内社会组织或系统外单位名称。"


def _snapshot(obj):
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


def _unchanged(obj):
    before = _snapshot(obj)
    obj.refresh_from_db()
    return before == _snapshot(obj)


# Pairings, through the admin form.


def _change_pairing(client, pairing, **changes):
    return post_admin_form(client, admin_url(Pairing, "change", pairing.pk), **changes)


def test_admin_refuses_a_pairing_without_a_partner(staff_client):
    pairing = PairingFactory()
    response = _change_pairing(staff_client, pairing, partner_name="")
    assert form_errors(response) == {"partner_name": [ONE_PARTNER]}
    assert _unchanged(pairing)


@pytest.mark.parametrize("second", ["party_organization", "organization"])
def test_admin_refuses_a_pairing_with_two_partners(staff_client, second):
    pairing = PairingFactory()
    if second == "party_organization":
        changes = {"partner_party_organization": str(PartyOrganizationFactory().pk)}
    else:
        changes = {"partner_organization": str(SocialOrganizationFactory().pk)}
    response = _change_pairing(staff_client, pairing, **changes)
    assert form_errors(response) == {"partner_name": [ONE_PARTNER]}
    assert _unchanged(pairing)


def test_admin_refuses_a_pairing_with_itself(staff_client):
    pairing = PairingFactory()
    response = _change_pairing(
        staff_client, pairing, partner_name="", partner_party_organization=str(pairing.party_organization_id)
    )
    assert form_errors(response) == {"partner_party_organization": ["党组织不能与自身结对。"]}
    assert _unchanged(pairing)


def test_admin_refuses_a_pairing_ending_before_it_starts(staff_client):
    pairing = PairingFactory(started_on=datetime.date(2020, 1, 1))
    response = _change_pairing(staff_client, pairing, ended_on="2019-12-31")
    assert form_errors(response) == {"ended_on": ["结束日期不能早于开始日期。"]}
    assert _unchanged(pairing)


def test_admin_refuses_negative_pairing_funds_and_projects(staff_client):
    pairing = PairingFactory()
    response = _change_pairing(staff_client, pairing, funds_committed="-100", projects="-1")
    assert form_errors(response) == {
        "projects": ["确保该值大于或等于0。"],
        "funds_committed": ["承诺投入资金不能为负数。"],
    }
    assert _unchanged(pairing)


def test_admin_saves_a_pairing_with_a_partner_in_the_system(staff_client):
    pairing = PairingFactory()
    partner = PartyOrganizationFactory()
    response = _change_pairing(
        staff_client, pairing, partner_name="", partner_party_organization=str(partner.pk), ended_on="2021-12-31"
    )
    assert response.status_code == 302
    pairing.refresh_from_db()
    assert (pairing.partner_party_organization, pairing.partner_name) == (partner, "")
    assert pairing.ended_on == datetime.date(2021, 12, 31)


# Activities, through the admin form.


def _change_activity(client, activity, **changes):
    return post_admin_form(client, admin_url(Activity, "change", activity.pk), **changes)


def test_admin_refuses_an_activity_ending_before_it_starts(staff_client):
    activity = ActivityFactory()
    start = timezone.localtime(activity.starts_at)
    response = _change_activity(
        staff_client,
        activity,
        ends_at_0=f"{start:%Y-%m-%d}",
        ends_at_1=f"{start - datetime.timedelta(hours=1):%H:%M:%S}",
    )
    assert form_errors(response) == {"ends_at": ["结束时间不能早于开始时间。"]}
    assert _unchanged(activity)


def test_admin_refuses_negative_activity_funds_and_counts(staff_client):
    activity = ActivityFactory()
    response = _change_activity(staff_client, activity, funds="-1", volunteers="-2", service_minutes="-60")
    assert form_errors(response) == {
        "volunteers": ["确保该值大于或等于0。"],
        "service_minutes": ["确保该值大于或等于0。"],
        "funds": ["投入资金不能为负数。"],
    }
    assert _unchanged(activity)


def test_admin_refuses_a_pairing_of_another_organizer(staff_client):
    activity = ActivityFactory()
    response = _change_activity(staff_client, activity, pairing=str(PairingFactory().pk))
    assert form_errors(response) == {"pairing": ["只能选择主办党组织自己的结对共建。"]}
    assert _unchanged(activity)


# Directly against the database.


def test_database_refuses_a_pairing_without_a_partner(branch_a):
    with db_refuses("activities_pairing_exactly_one_partner"):
        Pairing.objects.create(kind="red_alliance", party_organization=branch_a, started_on=datetime.date(2020, 1, 1))


@pytest.mark.parametrize("partners", ["record_and_name", "two_records", "all_three"])
def test_database_refuses_a_pairing_with_several_partners(branch_a, branch_b, partners):
    values = {
        "record_and_name": {"partner_party_organization": branch_b, "partner_name": "某社区党委"},
        "two_records": {"partner_party_organization": branch_b, "partner_organization": SocialOrganizationFactory()},
        "all_three": {
            "partner_party_organization": branch_b,
            "partner_organization": SocialOrganizationFactory(),
            "partner_name": "某村",
        },
    }[partners]
    with db_refuses("activities_pairing_exactly_one_partner"):
        Pairing.objects.bulk_create(
            [Pairing(kind="red_alliance", party_organization=branch_a, started_on=datetime.date(2020, 1, 1), **values)]
        )


def test_database_refuses_a_pairing_with_itself(branch_a):
    with db_refuses("activities_pairing_not_with_itself"):
        Pairing.objects.create(
            kind="red_alliance",
            party_organization=branch_a,
            partner_party_organization=branch_a,
            started_on=datetime.date(2020, 1, 1),
        )


def test_database_refuses_a_pairing_ending_before_it_starts():
    pairing = PairingFactory(started_on=datetime.date(2020, 1, 1))
    with db_refuses("activities_pairing_end_after_start"):
        Pairing.objects.filter(pk=pairing.pk).update(ended_on=datetime.date(2019, 12, 31))
    Pairing.objects.filter(pk=pairing.pk).update(ended_on=datetime.date(2020, 1, 1))  # the same day is fine


def test_database_refuses_negative_pairing_funds_and_projects():
    pairing = PairingFactory()
    with db_refuses("activities_pairing_funds_nonnegative"):
        Pairing.objects.filter(pk=pairing.pk).update(funds_committed=Decimal("-1"))
    with db_refuses():
        Pairing.objects.filter(pk=pairing.pk).update(projects=-1)


def test_database_refuses_an_activity_ending_before_it_starts():
    activity = ActivityFactory()
    with db_refuses("activities_activity_end_after_start"):
        Activity.objects.filter(pk=activity.pk).update(ends_at=F("starts_at") - datetime.timedelta(minutes=1))
    with db_refuses("activities_activity_end_after_start"):
        ActivityFactory(ends_at=timezone.now() - datetime.timedelta(days=10))


def test_database_refuses_negative_activity_funds():
    activity = ActivityFactory()
    with db_refuses("activities_activity_funds_nonnegative"):
        Activity.objects.filter(pk=activity.pk).update(funds=Decimal("-0.01"))


@pytest.mark.parametrize("field", ["party_members", "volunteers", "service_minutes", "people_served"])
def test_database_refuses_negative_activity_counts(field):
    activity = ActivityFactory()
    with db_refuses():
        Activity.objects.filter(pk=activity.pk).update(**{field: -1})


def test_database_refuses_an_unknown_review_state():
    activity = ActivityFactory()
    with db_refuses("activities_activity_state_valid"):
        Activity.objects.filter(pk=activity.pk).update(state="approved")


# The review state as the templates read it.


@pytest.mark.parametrize("state", list(Activity.State))
def test_each_state_has_one_true_property(state):
    activity = ActivityFactory.build(**{state.value: True})
    flags = {
        name: getattr(activity, f"is_{name}") for name in ("draft", "submitted", "returned", "published", "offline")
    }
    assert [name for name, flag in flags.items() if flag] == [state.value]
    assert activity.secretary_can_edit == (state in (Activity.State.DRAFT, Activity.State.RETURNED))
