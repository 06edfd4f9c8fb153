"""The rules of a pairing's and an activity's content, with one Chinese message each.

The model's clean(), the database constraints (as violation_error_message), the
secretary's form, the services and the spreadsheet import all say the same words for
the same mistake. Nothing here reads the database: the caller passes the records.
"""

# Activities: the fields a secretary fills in, in the order the form and the spreadsheet
# show them. The form shows service_minutes as hours + minutes.
ACTIVITY_FIELDS = (
    "title",
    "kind",
    "organizer",
    "co_organizers",
    "pairing",
    "starts_at",
    "ends_at",
    "district",
    "street",
    "place",
    "party_members",
    "volunteers",
    "service_minutes",
    "people_served",
    "funds",
    "description",
)
# Set after the row is saved.
ACTIVITY_MANY_TO_MANY = ("co_organizers",)
# Set on the activity's row (what the services copy from a form's data).
CONTENT_FIELDS = tuple(name for name in ACTIVITY_FIELDS if name not in ACTIVITY_MANY_TO_MANY)

ACTIVITY_END_BEFORE_START = "结束时间不能早于开始时间。"
ACTIVITY_FUNDS_NEGATIVE = "投入资金不能为负数。"
ACTIVITY_PAIRING_NOT_OWN = "只能选择主办党组织自己的结对共建。"
ACTIVITY_CO_ORGANIZER_IS_ORGANIZER = "主办党组织不能同时作为协办党组织。"

PAIRING_ONE_PARTNER = "结对对象必须且只能填写一个：系统内党组织、系统内社会组织或系统外单位名称。"
PAIRING_WITH_ITSELF = "党组织不能与自身结对。"
PAIRING_END_BEFORE_START = "结束日期不能早于开始日期。"
PAIRING_FUNDS_NEGATIVE = "承诺投入资金不能为负数。"


def activity_errors(activity, co_organizers=None):
    """{field: message} for each rule `activity` breaks; the co-organizers are checked when given."""
    errors = {}
    if activity.starts_at and activity.ends_at and activity.ends_at < activity.starts_at:
        errors["ends_at"] = ACTIVITY_END_BEFORE_START
    if activity.funds is not None and activity.funds < 0:
        errors["funds"] = ACTIVITY_FUNDS_NEGATIVE
    pairing_id, organizer_id = activity.pairing_id, activity.organizer_id
    if pairing_id and organizer_id and activity.pairing.party_organization_id != organizer_id:
        errors["pairing"] = ACTIVITY_PAIRING_NOT_OWN
    if co_organizers is not None and co_organizer_is_organizer(activity.organizer_id, co_organizers):
        errors["co_organizers"] = ACTIVITY_CO_ORGANIZER_IS_ORGANIZER
    return errors


def co_organizer_is_organizer(organizer_id, co_organizers):
    return organizer_id is not None and any(organizer.pk == organizer_id for organizer in co_organizers)


def pairing_errors(pairing):
    """{field: message} for each rule `pairing` breaks."""
    errors = {}
    partners = [
        bool(pairing.partner_party_organization_id),
        bool(pairing.partner_organization_id),
        bool(pairing.partner_name.strip()),
    ]
    if sum(partners) != 1:
        errors["partner_name"] = PAIRING_ONE_PARTNER
    if pairing.partner_party_organization_id and pairing.partner_party_organization_id == pairing.party_organization_id:
        errors["partner_party_organization"] = PAIRING_WITH_ITSELF
    if pairing.ended_on and pairing.started_on and pairing.ended_on < pairing.started_on:
        errors["ended_on"] = PAIRING_END_BEFORE_START
    if pairing.funds_committed is not None and pairing.funds_committed < 0:
        errors["funds_committed"] = PAIRING_FUNDS_NEGATIVE
    return errors
