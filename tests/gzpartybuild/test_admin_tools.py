"""Every admin page answers bureau staff, with a number of queries that does not grow with the data."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from activities.models import Activity, ActivityPhoto, Pairing
from organizations.models import SocialOrganization
from partybranches.models import DemonstrationSite, Milestone, PartyOrganization, StarRating
from tests.helpers import factories
from tests.helpers.admin import admin_url
from towns.models import CharacteristicTown, TownHighlight, TownPhoto

FEW, MANY = 3, 30


def _organizations(n):
    return factories.SocialOrganizationFactory.create_batch(n)[0]


def _party_organizations(n):
    parent = factories.PartyOrganizationFactory(kind=PartyOrganization.Kind.COMMITTEE)
    branches = factories.PartyOrganizationFactory.create_batch(n, parent=parent)
    target = branches[0]
    target.organizations.add(*factories.SocialOrganizationFactory.create_batch(n))
    target.secretaries.add(*[User.objects.create_user(f"secretary{i}") for i in range(n)])
    for i in range(n):
        factories.StarRatingFactory(party_organization=target, year=2000 + i)
        factories.DemonstrationSiteFactory(party_organization=target)
    return target


def _star_ratings(n):
    return factories.StarRatingFactory.create_batch(n)[0]


def _demonstration_sites(n):
    return factories.DemonstrationSiteFactory.create_batch(n)[0]


def _milestones(n):
    return factories.MilestoneFactory.create_batch(n)[0]


def _pairings(n):
    ours = factories.PartyOrganizationFactory()
    pairings = []
    for i in range(n):
        kind = i % 3
        if kind == 0:
            pairings.append(factories.PairingFactory(party_organization=ours))
        elif kind == 1:
            pairings.append(
                factories.PairingFactory(
                    party_organization=ours,
                    partner_name="",
                    partner_party_organization=factories.PartyOrganizationFactory(),
                )
            )
        else:
            pairings.append(
                factories.PairingFactory(
                    party_organization=ours,
                    kind=Pairing.Kind.VILLAGE_AID,
                    partner_name="",
                    partner_organization=factories.SocialOrganizationFactory(),
                )
            )
    return pairings[1]


def _activities(n):
    organizer = factories.PartyOrganizationFactory()
    pairing = factories.PairingFactory(party_organization=organizer)
    activities = factories.ActivityFactory.create_batch(n, organizer=organizer)
    target = activities[0]
    target.pairing = pairing
    target.created_by = User.objects.create_user("filer")
    target.save()
    target.co_organizers.add(*factories.PartyOrganizationFactory.create_batch(n))
    factories.ActivityPhotoFactory.create_batch(n, activity=target)
    return target


def _activity_photos(n):
    activity = factories.ActivityFactory()
    return factories.ActivityPhotoFactory.create_batch(n, activity=activity)[0]


def _towns(n):
    towns = factories.CharacteristicTownFactory.create_batch(n)
    factories.TownPhotoFactory.create_batch(n, town=towns[0])
    factories.TownHighlightFactory.create_batch(n, town=towns[0])
    return towns[0]


def _town_photos(n):
    return factories.TownPhotoFactory.create_batch(n, town=factories.CharacteristicTownFactory())[0]


def _town_highlights(n):
    return factories.TownHighlightFactory.create_batch(n, town=factories.CharacteristicTownFactory())[0]


# model -> (builder making n rows and returning one to open, {page: queries}).
PAGES = {
    SocialOrganization: (_organizations, {"changelist": 6, "add": 4, "change": 5, "history": 7, "version": 5}),
    PartyOrganization: (_party_organizations, {"changelist": 6, "add": 4, "change": 12, "history": 8, "version": 10}),
    StarRating: (_star_ratings, {"changelist": 7, "add": 4, "change": 7, "history": 8, "version": 7}),
    DemonstrationSite: (_demonstration_sites, {"changelist": 7, "add": 4, "change": 6, "history": 7, "version": 6}),
    Milestone: (_milestones, {"changelist": 7, "add": 4, "change": 5, "history": 7, "version": 5}),
    Pairing: (_pairings, {"changelist": 6, "add": 4, "change": 7, "history": 7, "version": 9}),
    Activity: (_activities, {"changelist": 6, "add": 4, "change": 12, "history": 8, "version": 9}),
    ActivityPhoto: (_activity_photos, {"changelist": 6, "add": 4, "change": 6, "history": 7, "version": 6}),
    CharacteristicTown: (_towns, {"changelist": 7, "add": 4, "change": 7, "history": 7, "version": 5}),
    TownPhoto: (_town_photos, {"changelist": 8, "add": 5, "change": 6, "history": 7, "version": 6}),
    TownHighlight: (_town_highlights, {"changelist": 8, "add": 5, "change": 6, "history": 7, "version": 6}),
}

CASES = [
    pytest.param(model, page, id=f"{model._meta.model_name}-{page}")
    for model, (_, queries) in PAGES.items()
    for page in queries
]


def _change_repeatedly(obj, times):
    """`times` changes by as many users, so the history page has that many rows and diffs to show.

    Every save changes 更新时间 where the model has it; a party organization also gains a
    social organization (a many-to-many diff) and a pairing changes partner (a foreign-key diff).
    """
    for i in range(times):
        obj._history_user = User.objects.create_user(f"editor{i}")
        if isinstance(obj, PartyOrganization):
            obj.organizations.add(factories.SocialOrganizationFactory())
        if isinstance(obj, Pairing):
            obj.partner_party_organization = factories.PartyOrganizationFactory()
        obj.save()


def _url(model, page, obj):
    if page in {"changelist", "add"}:
        return admin_url(model, page)
    if page == "version":
        return admin_url(model, "simple_history", obj.pk, obj.history.earliest().history_id)
    return admin_url(model, page, obj.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [FEW, MANY])
@pytest.mark.parametrize(("model", "page"), CASES)
def test_admin_page_answers_staff_with_fixed_queries(staff_client, django_assert_num_queries, model, page, size):
    build, queries = PAGES[model]
    obj = build(size)
    if page in {"history", "version"}:
        _change_repeatedly(obj, size)
    url = _url(model, page, obj)
    staff_client.get(url)  # warm the content-type cache, as on a running server
    with django_assert_num_queries(queries[page]):
        response = staff_client.get(url)
    assert response.status_code == 200
    if page == "changelist":
        assert len(response.context["cl"].result_list) == model.objects.count()


def test_every_model_of_the_four_apps_is_registered_and_covered():
    from django.apps import apps
    from django.contrib import admin

    from activities.models import Notification, NotificationPreference

    # A secretary's own review notices and e-mail setting: kept for them in /my/, not staff records.
    not_in_admin = {Notification, NotificationPreference}
    ours = {
        model
        for label in ("organizations", "partybranches", "activities", "towns")
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
    }
    assert ours - not_in_admin == set(PAGES)
    assert all(admin.site.is_registered(model) for model in ours - not_in_admin)
    assert not any(admin.site.is_registered(model) for model in not_in_admin)


@pytest.mark.django_db
def test_admin_index_lists_every_app_in_chinese(staff_client):
    response = staff_client.get(reverse("admin:index"))
    assert response.status_code == 200
    for name in (
        "社会组织",
        "党组织",
        "评星定级",
        "党建示范点（基地）",
        "大事记",
        "结对共建",
        "活动",
        "活动照片",
        "特色小镇",
        "小镇照片",
        "小镇亮点",
    ):
        assert name in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "params"),
    [
        (SocialOrganization, {"q": "91440"}),
        (SocialOrganization, {"org_type__exact": "foundation", "district__exact": "440117", "status__exact": "normal"}),
        (
            SocialOrganization,
            {"evaluation_grade__exact": "5A", "registered_on_year": "2015", "is_archived__exact": "0"},
        ),
        (SocialOrganization, {"registered_on_year": "不是年份"}),
        (PartyOrganization, {"q": "党支部", "kind__exact": "branch", "formation__exact": "joint"}),
        (PartyOrganization, {"founded_on_year": "2020", "district__exact": "440104"}),
        (StarRating, {"year": "2020", "stars": "5"}),
        (Pairing, {"kind__exact": "village_aid", "status__exact": "active", "started_on_year": "2020", "q": "村"}),
        (Activity, {"state__exact": "published", "kind__exact": "volunteer", "starts_at_year": "2021"}),
        (Activity, {"featured_hall__exact": "forest", "district__exact": "440104", "q": "农林街"}),
        (Activity, {"state__exact": "no-such-state", "starts_at_year": "1"}),
        (CharacteristicTown, {"township__exact": "liangkou", "on_provincial_list__exact": "1", "q": "小镇"}),
        (StarRating, {"stars": "abc"}),
        (Activity, {"p": "999"}),
        (SocialOrganization, {"o": "99.abc"}),
    ],
)
def test_changelist_search_and_filters_answer(staff_client, model, params):
    factories.ActivityFactory()
    factories.CharacteristicTownFactory()
    response = staff_client.get(admin_url(model, "changelist"), params)
    assert response.status_code in {200, 302}  # an unknown filter value sends back to the plain list (?e=1)


@pytest.mark.django_db
def test_changelist_columns_show_members_and_partners(staff_client):
    branch = factories.PartyOrganizationFactory(
        name="广州市软件行业协会党支部", full_members=12, probationary_members=2
    )
    factories.PairingFactory(party_organization=branch, partner_name="越秀区光塔街某社区党委")
    html = staff_client.get(admin_url(PartyOrganization, "changelist")).content.decode()
    assert "党员数（含预备）" in html and '<td class="field-member_count">14</td>' in html
    html = staff_client.get(admin_url(Pairing, "changelist")).content.decode()
    assert '<td class="field-partner">越秀区光塔街某社区党委</td>' in html


@pytest.mark.django_db
def test_a_hand_typed_year_outside_the_filter_matches_nothing(staff_client):
    factories.ActivityFactory()
    response = staff_client.get(admin_url(Activity, "changelist"), {"starts_at_year": "1"})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []
