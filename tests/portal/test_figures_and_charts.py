"""The pieces under the pages: bounded pagination, number formats, figure caching."""

from decimal import Decimal

import pytest
from django.core.cache import cache

from activities import figures as activity_module
from activities.figures import activity_figures
from activities.models import Activity
from gzpartybuild.caching import invalidate_public
from gzpartybuild.paging import paginate, parse_page_number
from gzpartybuild.templatetags.formats import hours, num, percent, stars, yuan
from organizations.figures import organization_figures
from organizations.models import SocialOrganization
from partybranches import figures as party_module
from tests.helpers import factories

ALL_FIGURES = [
    organization_figures,
    party_module.party_organization_figures,
    activity_module.activity_figures,
    activity_module.activity_months,
    activity_module.pairing_figures,
    activity_module.village_aid_figures,
    activity_module.village_aid_organization_count,
    party_module.star_figures,
    party_module.demonstration_figures,
]


@pytest.mark.parametrize(
    ("raw", "number", "noticed"),
    [
        (None, 1, False),
        ("", 1, False),
        ("3", 3, False),
        (" 4 ", 4, False),
        ("50", 50, False),
        ("51", 1, True),
        ("abc", 1, True),
        ("0", 1, True),
        ("-2", 1, True),
        ("٣", 1, True),
        ("1" * 40, 1, True),
    ],
)
def test_parse_page_number(raw, number, noticed):
    parsed, notice = parse_page_number(raw, 50)

    assert parsed == number
    assert bool(notice) == noticed


@pytest.mark.django_db
def test_paginate_fetches_one_row_more_than_a_page_and_no_count(django_assert_num_queries):
    factories.SocialOrganizationFactory.create_batch(5)
    queryset = SocialOrganization.objects.order_by("name")

    with django_assert_num_queries(1) as captured:
        page = paginate(queryset, "2", page_size=2)

    assert [organization.name for organization in page] == [o.name for o in queryset[2:4]]
    assert page.has_next and page.has_previous
    assert "LIMIT 3" in captured.captured_queries[0]["sql"]
    assert "COUNT(" not in captured.captured_queries[0]["sql"].upper()


@pytest.mark.django_db
def test_paginate_stops_at_the_last_allowed_page():
    factories.SocialOrganizationFactory.create_batch(5)

    page = paginate(SocialOrganization.objects.order_by("name"), "2", page_size=2, max_pages=2)

    assert not page.has_next


@pytest.mark.parametrize(
    ("value", "expected"),
    [(8095, "8,095"), (1741, "1,741"), (20868, "20,868"), (0, "0"), (None, ""), ("x", "")],
)
def test_num_groups_thousands_with_commas(value, expected):
    assert num(value) == expected


@pytest.mark.parametrize(
    ("minutes", "expected"), [(180, "3"), (90, "1.5"), (100, "1.7"), (0, "0"), (6_000_000, "100,000")]
)
def test_hours_shows_service_minutes_as_hours(minutes, expected):
    assert hours(minutes) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("587000000"), "5.87亿元"),
        (Decimal("74000000"), "7,400万元"),
        (Decimal("144000000"), "1.44亿元"),
        (Decimal("12000"), "1.2万元"),
        (Decimal("1000.50"), "1,000.5元"),
        (0, "0元"),
    ],
)
def test_yuan_uses_the_unit_a_reader_expects(amount, expected):
    assert yuan(amount) == expected


def test_percent_and_stars():
    assert percent(66.66) == "66.7%"
    assert percent(100.0) == "100%"
    assert stars(4) == "★★★★☆"
    assert stars("x") == ""


@pytest.mark.django_db
def test_figures_are_computed_once_until_records_change(django_assert_num_queries):
    factories.SocialOrganizationFactory()
    with django_assert_num_queries(1):
        assert organization_figures()["total"] == 1
    with django_assert_num_queries(0):
        assert organization_figures()["total"] == 1

    factories.SocialOrganizationFactory()

    with django_assert_num_queries(1):
        assert organization_figures()["total"] == 2


@pytest.mark.django_db
def test_figures_survive_a_cleared_cache():
    factories.SocialOrganizationFactory()
    assert organization_figures()["total"] == 1

    cache.clear()

    assert organization_figures()["total"] == 1


PAIRING_FIGURES = {"pairing_figures", "village_aid_figures", "village_aid_organization_count"}
PARTY_FIGURES = {"organization_figures", "party_organization_figures", "star_figures", "demonstration_figures"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "stale"),
    [
        (lambda party: factories.SocialOrganizationFactory(), {"organization_figures"}),
        (lambda party: party.save(), PARTY_FIGURES | PAIRING_FIGURES),
        (lambda party: party.organizations.clear(), PARTY_FIGURES | PAIRING_FIGURES),
        (lambda party: factories.StarRatingFactory(party_organization=party), {"star_figures"}),
        (lambda party: factories.DemonstrationSiteFactory(party_organization=party), {"demonstration_figures"}),
        (lambda party: factories.PairingFactory(party_organization=party), PAIRING_FIGURES),
        (lambda party: factories.ActivityFactory(organizer=party), {"activity_figures", "activity_months"}),
        (lambda party: factories.ActivityFactory(organizer=party).delete(), {"activity_figures", "activity_months"}),
        (lambda party: Activity.objects.update(volunteers=1), set()),
    ],
    ids=["organization", "party", "coverage", "rating", "demonstration", "pairing", "activity", "delete", "bulk"],
)
def test_a_change_makes_only_the_figures_reading_it_stale(django_assert_num_queries, change, stale):
    party = factories.PartyOrganizationFactory()
    for compute in ALL_FIGURES:
        compute()

    change(party)

    for compute in ALL_FIGURES:
        with django_assert_num_queries(1 if compute.__name__ in stale else 0):
            compute()


@pytest.mark.django_db
def test_invalidate_public_refreshes_everything_after_a_bulk_update(django_assert_num_queries):
    factories.ActivityFactory(state=Activity.State.SUBMITTED)
    assert activity_figures()["total"] == 0

    Activity.objects.update(state=Activity.State.PUBLISHED)
    assert activity_figures()["total"] == 0

    invalidate_public()
    assert activity_figures()["total"] == 1
