"""Party organizations, ratings, titles, chronicle: every rule refused in the admin and by the database."""

import datetime

import pytest
from django.db.models import F, ProtectedError

from activities.models import Pairing
from partybranches.models import DemonstrationSite, Milestone, PartyOrganization, StarRating
from tests.helpers.admin import (
    add_inline_row,
    admin_form_data,
    admin_url,
    db_refuses,
    form_errors,
    inline_errors,
    post_admin_form,
)
from tests.helpers.factories import (
    ActivityFactory,
    DemonstrationSiteFactory,
    MilestoneFactory,
    PairingFactory,
    PartyOrganizationFactory,
    SocialOrganizationFactory,
    StarRatingFactory,
)

pytestmark = pytest.mark.django_db


# Party organizations, through the admin form.


def test_admin_refuses_a_party_organization_name_already_used(staff_client, branch_a, branch_b):
    response = post_admin_form(staff_client, admin_url(PartyOrganization, "change", branch_b.pk), name=branch_a.name)
    assert form_errors(response) == {"name": ["具有 名称 的 党组织 已存在。"]}
    branch_b.refresh_from_db()
    assert branch_b.name == "乙中心党支部"


def test_admin_refuses_a_party_organization_as_its_own_parent(staff_client, branch_a):
    response = post_admin_form(
        staff_client, admin_url(PartyOrganization, "change", branch_a.pk), parent=str(branch_a.pk)
    )
    assert form_errors(response) == {"parent": ["上级党组织不能是其自身。"]}
    branch_a.refresh_from_db()
    assert branch_a.parent_id is None


@pytest.mark.parametrize("field", ["full_members", "probationary_members"])
def test_admin_refuses_negative_member_counts(staff_client, branch_a, field):
    response = post_admin_form(staff_client, admin_url(PartyOrganization, "change", branch_a.pk), **{field: "-1"})
    assert form_errors(response) == {field: ["确保该值大于或等于0。"]}
    branch_a.refresh_from_db()
    assert (branch_a.full_members, branch_a.probationary_members) == (5, 1)


# Star ratings, through their own admin form and as an inline of the party organization.


@pytest.mark.parametrize("stars", ["0", "6"])
def test_admin_refuses_stars_outside_one_to_five(staff_client, branch_a, stars):
    response = post_admin_form(
        staff_client,
        admin_url(StarRating, "add"),
        party_organization=str(branch_a.pk),
        year="2020",
        stars=stars,
    )
    assert form_errors(response) == {"stars": ["星级应为1至5星。"]}
    assert not StarRating.objects.exists()


def test_admin_refuses_a_rating_year_out_of_range(staff_client, branch_a):
    response = post_admin_form(
        staff_client, admin_url(StarRating, "add"), party_organization=str(branch_a.pk), year="1999", stars="3"
    )
    assert form_errors(response) == {"year": ["年度应在2000至2100年之间。"]}
    assert not StarRating.objects.exists()


def test_admin_refuses_a_second_rating_in_the_same_year(staff_client, branch_a):
    StarRatingFactory(party_organization=branch_a, year=2020, stars=4)
    response = post_admin_form(
        staff_client, admin_url(StarRating, "add"), party_organization=str(branch_a.pk), year="2020", stars="5"
    )
    assert form_errors(response) == {"year": ["该党组织2020年度已有评星定级记录，每年只能评定一次。"]}
    assert list(StarRating.objects.values_list("stars", flat=True)) == [4]


def test_admin_inline_refuses_stars_outside_one_to_five(staff_client, branch_a):
    url = admin_url(PartyOrganization, "change", branch_a.pk)
    data = add_inline_row(admin_form_data(staff_client, url), "star_ratings", year="2021", stars="6")
    response = staff_client.post(url, data)
    errors, _ = inline_errors(response, "star_ratings")
    assert errors == [{"stars": ["星级应为1至5星。"]}]
    assert not StarRating.objects.exists()


def test_admin_inline_refuses_a_second_rating_in_the_same_year(staff_client, branch_a):
    StarRatingFactory(party_organization=branch_a, year=2020, stars=4)
    url = admin_url(PartyOrganization, "change", branch_a.pk)
    data = add_inline_row(admin_form_data(staff_client, url), "star_ratings", year="2020", stars="5")
    response = staff_client.post(url, data)
    errors, _ = inline_errors(response, "star_ratings")
    assert errors[1] == {"year": ["该党组织2020年度已有评星定级记录，每年只能评定一次。"]}
    assert StarRating.objects.count() == 1


def test_admin_inline_refuses_two_new_ratings_in_the_same_year(staff_client, branch_a):
    url = admin_url(PartyOrganization, "change", branch_a.pk)
    data = admin_form_data(staff_client, url)
    add_inline_row(data, "star_ratings", year="2021", stars="3")
    add_inline_row(data, "star_ratings", year="2021", stars="4")
    response = staff_client.post(url, data)
    _, non_form_errors = inline_errors(response, "star_ratings")
    assert list(non_form_errors) == ["请修正重复的数据：同一党组织的评星定级，年度不能相同。"]
    assert not StarRating.objects.exists()


def test_admin_inline_saves_ratings_and_titles(staff_client, branch_a):
    url = admin_url(PartyOrganization, "change", branch_a.pk)
    data = admin_form_data(staff_client, url)
    add_inline_row(data, "star_ratings", year="2021", stars="5")
    add_inline_row(data, "demonstration_sites", level="provincial", year="2021", title="省级党建示范点")
    response = staff_client.post(url, data)
    assert response.status_code == 302
    assert list(branch_a.star_ratings.values_list("year", "stars")) == [(2021, 5)]
    assert list(branch_a.demonstration_sites.values_list("title", flat=True)) == ["省级党建示范点"]


# Demonstration titles and the chronicle, through the admin form.


def test_admin_refuses_the_same_demonstration_title_twice(staff_client, branch_a):
    site = DemonstrationSiteFactory(party_organization=branch_a, title="市级示范点", year=2020)
    response = post_admin_form(
        staff_client,
        admin_url(DemonstrationSite, "add"),
        party_organization=str(branch_a.pk),
        level=site.level,
        year="2020",
        title="市级示范点",
    )
    assert form_errors(response) == {"title": ["该党组织同一年度已有同级别的这一称号。"]}
    assert DemonstrationSite.objects.count() == 1


def test_admin_refuses_a_demonstration_year_out_of_range(staff_client, branch_a):
    response = post_admin_form(
        staff_client,
        admin_url(DemonstrationSite, "add"),
        party_organization=str(branch_a.pk),
        level="municipal",
        year="2101",
        title="市级示范点",
    )
    assert form_errors(response) == {"year": ["命名年度应在2000至2100年之间。"]}
    assert not DemonstrationSite.objects.exists()


def test_admin_refuses_the_same_milestone_twice(staff_client):
    MilestoneFactory(date=datetime.date(2012, 1, 1), title="更名为社会组织党委")
    response = post_admin_form(staff_client, admin_url(Milestone, "add"), date="2012-01-01", title="更名为社会组织党委")
    assert form_errors(response) == {"title": ["同一日期已有同名的大事记。"]}
    assert Milestone.objects.count() == 1


# Directly against the database.


def test_database_refuses_a_duplicate_party_organization_name(branch_a):
    with db_refuses():
        PartyOrganization.objects.create(name=branch_a.name)


def test_database_refuses_a_party_organization_as_its_own_parent(branch_a):
    with db_refuses("partybranches_partyorganization_not_own_parent"):
        PartyOrganization.objects.filter(pk=branch_a.pk).update(parent=F("id"))


@pytest.mark.parametrize("field", ["full_members", "probationary_members"])
def test_database_refuses_negative_member_counts(branch_a, field):
    with db_refuses():
        PartyOrganization.objects.filter(pk=branch_a.pk).update(**{field: -1})


@pytest.mark.parametrize("stars", [0, 6])
def test_database_refuses_stars_outside_one_to_five(branch_a, stars):
    with db_refuses("partybranches_starrating_stars_1_to_5"):
        StarRating.objects.create(party_organization=branch_a, year=2020, stars=stars)


def test_database_refuses_a_rating_year_out_of_range(branch_a):
    with db_refuses("partybranches_starrating_year_range"):
        StarRating.objects.create(party_organization=branch_a, year=1999, stars=3)


def test_database_refuses_two_ratings_in_one_year(branch_a):
    with db_refuses():
        StarRating.objects.bulk_create(
            [
                StarRating(party_organization=branch_a, year=2020, stars=3),
                StarRating(party_organization=branch_a, year=2020, stars=4),
            ]
        )
    StarRating.objects.create(party_organization=branch_a, year=2020, stars=3)
    rating = StarRating.objects.create(party_organization=branch_a, year=2021, stars=3)
    with db_refuses():
        StarRating.objects.filter(pk=rating.pk).update(year=2020)


def test_database_refuses_the_same_demonstration_title_twice(branch_a):
    DemonstrationSiteFactory(party_organization=branch_a, title="市级示范点", year=2020)
    with db_refuses():
        DemonstrationSite.objects.create(party_organization=branch_a, level="municipal", year=2020, title="市级示范点")


def test_database_refuses_a_demonstration_year_out_of_range(branch_a):
    with db_refuses("partybranches_demonstrationsite_year_range"):
        DemonstrationSite.objects.create(party_organization=branch_a, level="municipal", year=1990, title="示范点")


def test_database_refuses_the_same_milestone_twice():
    MilestoneFactory(date=datetime.date(2010, 1, 1), title="成立社会组织党工委")
    with db_refuses():
        Milestone.objects.create(date=datetime.date(2010, 1, 1), title="成立社会组织党工委")


# Nothing the bureau recorded disappears through a cascade.


@pytest.mark.parametrize(
    "dependent",
    [
        lambda branch: StarRatingFactory(party_organization=branch),
        lambda branch: DemonstrationSiteFactory(party_organization=branch),
        lambda branch: ActivityFactory(organizer=branch),
        lambda branch: PairingFactory(party_organization=branch),
        lambda branch: PairingFactory(partner_name="", partner_party_organization=branch),
        lambda branch: PartyOrganizationFactory(parent=branch),
    ],
    ids=["star-rating", "demonstration-site", "activity", "pairing", "pairing-partner", "child"],
)
def test_deleting_a_referenced_party_organization_is_refused(branch_a, dependent):
    record = dependent(branch_a)
    with pytest.raises(ProtectedError):
        branch_a.delete()
    assert PartyOrganization.objects.filter(pk=branch_a.pk).exists()
    assert type(record).objects.filter(pk=record.pk).exists()


def test_deleting_a_referenced_party_organization_in_bulk_is_refused(branch_a):
    StarRatingFactory(party_organization=branch_a)
    with pytest.raises(ProtectedError):
        PartyOrganization.objects.filter(pk=branch_a.pk).delete()
    assert PartyOrganization.objects.filter(pk=branch_a.pk).exists()


def test_deleting_a_social_organization_that_is_a_pairing_partner_is_refused():
    partner = SocialOrganizationFactory()
    pairing = PairingFactory(kind=Pairing.Kind.VILLAGE_AID, partner_name="", partner_organization=partner)
    with pytest.raises(ProtectedError):
        partner.delete()
    assert Pairing.objects.filter(pk=pairing.pk).exists()
