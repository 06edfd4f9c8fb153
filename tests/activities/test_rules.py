"""One message per rule: the secretary's form, the services, the admin, the import, the model
and the database constraint say the same words for the same bad input."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from activities import services
from activities.forms import ActivityForm
from activities.models import Activity, Pairing
from tests.helpers import factories
from tests.helpers.activities import activity_form_data
from tests.helpers.admin import admin_url, form_errors, post_admin_form
from tests.helpers.spreadsheets import PAIRING_IMPORT_URL, upload, xlsx_file

pytestmark = pytest.mark.django_db

END_BEFORE_START = "结束时间不能早于开始时间。"
FUNDS_NEGATIVE = "投入资金不能为负数。"
PAIRING_NOT_OWN = "只能选择主办党组织自己的结对共建。"
CO_ORGANIZER = "主办党组织不能同时作为协办党组织。"


def _messages(error):
    return {name: [str(message) for message in messages] for name, messages in error.message_dict.items()}


def _form_errors(user, data):
    form = ActivityForm(data, user=user)
    assert not form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


def _service_errors(user, activity, co_organizers=()):
    data = {name: getattr(activity, name) for name in services.CONTENT_FIELDS}
    count = Activity.objects.count()
    with pytest.raises(services.ActivityActionRefused) as refused:
        services.activity_create(user=user, data=data, co_organizers=co_organizers)
    assert Activity.objects.count() == count
    return _messages(refused.value)


def _model_errors(instance):
    with pytest.raises(ValidationError) as refused:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    return _messages(refused.value)


def _constraint_messages(instance):
    with pytest.raises(ValidationError) as refused:
        instance.validate_constraints()
    return _messages(refused.value)[NON_FIELD_ERRORS]


def _activity(organizer, **values):
    return factories.ActivityFactory.build(organizer=organizer, **values)


def test_end_before_start_reads_the_same_everywhere(branch_a, secretary_a, staff_client):
    form = _form_errors(secretary_a, activity_form_data(branch_a, ends_at="2021-04-22T08:00"))
    start = datetime.datetime(2021, 4, 22, 9, tzinfo=datetime.UTC)
    bad = _activity(branch_a, starts_at=start, ends_at=start - datetime.timedelta(hours=1))
    stored = factories.ActivityFactory(organizer=branch_a)
    admin = form_errors(
        post_admin_form(
            staff_client,
            admin_url(Activity, "change", stored.pk),
            ends_at_0="2000-01-01",
            ends_at_1="08:00:00",
        )
    )

    assert form["ends_at"] == [END_BEFORE_START]
    assert _service_errors(secretary_a, bad)["ends_at"] == [END_BEFORE_START]
    assert _model_errors(bad)["ends_at"] == [END_BEFORE_START]
    assert admin["ends_at"] == [END_BEFORE_START]
    assert _constraint_messages(bad) == [END_BEFORE_START]


def test_negative_funds_read_the_same_everywhere(branch_a, secretary_a, staff_client):
    form = _form_errors(secretary_a, activity_form_data(branch_a, funds="-0.01"))
    bad = _activity(branch_a, funds=Decimal("-0.01"))
    stored = factories.ActivityFactory(organizer=branch_a)
    admin = form_errors(post_admin_form(staff_client, admin_url(Activity, "change", stored.pk), funds="-0.01"))

    assert form["funds"] == [FUNDS_NEGATIVE]
    assert _service_errors(secretary_a, bad)["funds"] == [FUNDS_NEGATIVE]
    assert _model_errors(bad)["funds"] == [FUNDS_NEGATIVE]
    assert admin["funds"] == [FUNDS_NEGATIVE]
    assert _constraint_messages(bad) == [FUNDS_NEGATIVE]


def test_a_pairing_of_another_organizer_reads_the_same_everywhere(
    branch_a, secretary_a, other_branch_a, branch_b, staff_client
):
    own_other = factories.PairingFactory(party_organization=other_branch_a)
    not_own = factories.PairingFactory(party_organization=branch_b)
    stored = factories.ActivityFactory(organizer=branch_a)
    admin = form_errors(post_admin_form(staff_client, admin_url(Activity, "change", stored.pk), pairing=own_other.pk))
    bad = _activity(branch_a, pairing=own_other)

    # Another of the secretary's own organizations' pairing, and one they cannot choose at all.
    assert _form_errors(secretary_a, activity_form_data(branch_a, pairing=own_other.pk))["pairing"] == [PAIRING_NOT_OWN]
    assert _form_errors(secretary_a, activity_form_data(branch_a, pairing=not_own.pk))["pairing"] == [PAIRING_NOT_OWN]
    assert _service_errors(secretary_a, bad)["pairing"] == [PAIRING_NOT_OWN]
    assert _model_errors(bad)["pairing"] == [PAIRING_NOT_OWN]
    assert admin["pairing"] == [PAIRING_NOT_OWN]


def test_the_organizer_as_co_organizer_reads_the_same_in_the_form_and_the_services(branch_a, secretary_a):
    form = _form_errors(secretary_a, activity_form_data(branch_a, co_organizers=[branch_a.pk]))

    assert form["co_organizers"] == [CO_ORGANIZER]
    assert _service_errors(secretary_a, _activity(branch_a), co_organizers=[branch_a])["co_organizers"] == [
        CO_ORGANIZER
    ]


# Pairings: the import, the admin, the model and the database.

ONE_PARTNER = "结对对象必须且只能填写一个：系统内党组织、系统内社会组织或系统外单位名称。"
WITH_ITSELF = "党组织不能与自身结对。"
PAIRING_END_BEFORE_START = "结束日期不能早于开始日期。"


def _pairing_row(ours, **overrides):
    return {
        "结对类型": "红联共建",
        "本方党组织": ours.name,
        "结对党组织（系统内）": "",
        "结对社会组织（统一社会信用代码）": "",
        "结对单位（系统外）": "越秀区农林街道党工委",
        "开始日期": "2020-01-01",
        **overrides,
    }


def _import_messages(client, row, column):
    response = upload(client, PAIRING_IMPORT_URL, xlsx_file([row]))
    assert response.context["confirm_form"] is None
    return [issue.message for issue in response.context["report"].issues if issue.column == column]


@pytest.mark.parametrize(
    ("row", "admin", "model", "field", "column", "message"),
    [
        (
            {"结对单位（系统外）": ""},
            {"partner_name": ""},
            {"partner_name": ""},
            "partner_name",
            "结对单位（系统外）",
            ONE_PARTNER,
        ),
        (
            {"结对党组织（系统内）": "{ours}", "结对单位（系统外）": ""},
            {"partner_party_organization": "{ours_pk}", "partner_name": ""},
            {"partner_party_organization": "{ours}", "partner_name": ""},
            "partner_party_organization",
            "结对党组织（系统内）",
            WITH_ITSELF,
        ),
        (
            {"结束日期": "2019-12-31"},
            {"ended_on": "2019-12-31"},
            {"ended_on": datetime.date(2019, 12, 31)},
            "ended_on",
            "结束日期",
            PAIRING_END_BEFORE_START,
        ),
    ],
)
def test_pairing_rules_read_the_same_in_the_import_the_admin_the_model_and_the_database(
    staff_client, branch_a, row, admin, model, field, column, message
):
    def fill(values):
        replacements = {"{ours}": branch_a.name, "{ours_pk}": str(branch_a.pk)}
        return {
            name: replacements.get(value, value) if isinstance(value, str) else value for name, value in values.items()
        }

    stored = factories.PairingFactory(party_organization=branch_a)
    model_values = {name: branch_a if value == "{ours}" else value for name, value in model.items()}
    bad = factories.PairingFactory.build(party_organization=branch_a, **model_values)
    admin_response = post_admin_form(staff_client, admin_url(Pairing, "change", stored.pk), **fill(admin))

    assert _import_messages(staff_client, _pairing_row(branch_a, **fill(row)), column) == [message]
    assert form_errors(admin_response)[field] == [message]
    assert _model_errors(bad)[field] == [message]
    assert _constraint_messages(bad) == [message]
    assert Pairing.objects.count() == 1
