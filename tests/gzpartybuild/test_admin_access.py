"""Who enters the admin, what it will not delete, and the history it keeps."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.urls import reverse

from accounts.permissions import STAFF_GROUP_NAME, ensure_staff_group
from activities.models import Activity, ActivityPhoto, Pairing
from organizations.models import SocialOrganization
from partybranches.models import DemonstrationSite, Milestone, PartyOrganization, StarRating
from tests.helpers import factories
from tests.helpers.admin import admin_url, post_admin_form
from towns.models import CharacteristicTown, TownHighlight, TownPhoto

pytestmark = pytest.mark.django_db

ARCHIVED_NOT_DELETED = [SocialOrganization, PartyOrganization, Activity, Pairing, CharacteristicTown]


# Entering the admin.


@pytest.mark.parametrize(
    "url",
    [
        reverse("admin:index"),
        admin_url(Activity, "changelist"),
        admin_url(SocialOrganization, "add"),
    ],
)
def test_secretary_is_sent_to_the_admin_login(client_a, url):
    response = client_a.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('admin:login')}?next={url}"


def test_secretary_cannot_change_a_record_through_the_admin(client_a, branch_a):
    url = admin_url(PartyOrganization, "change", branch_a.pk)
    response = client_a.post(url, {"name": "改名", "_save": "保存"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    branch_a.refresh_from_db()
    assert branch_a.name == "甲协会党支部"


def test_anonymous_is_sent_to_the_admin_login(client):
    response = client.get(admin_url(SocialOrganization, "changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_staff_are_not_superusers_yet_see_every_model(staff_client, staff_user):
    assert not staff_user.is_superuser
    response = staff_client.get(reverse("admin:index"))
    registered = {model["object_name"] for app in response.context["app_list"] for model in app["models"]}
    assert {
        "SocialOrganization",
        "PartyOrganization",
        "StarRating",
        "DemonstrationSite",
        "Milestone",
        "Pairing",
        "Activity",
        "ActivityPhoto",
        "CharacteristicTown",
        "TownPhoto",
        "TownHighlight",
    } <= registered


def test_staff_may_look_up_accounts_but_not_change_them(staff_client, secretary_a):
    assert staff_client.get(admin_url(User, "changelist")).status_code == 200
    assert staff_client.get(admin_url(User, "change", secretary_a.pk)).status_code == 200
    response = staff_client.post(admin_url(User, "change", secretary_a.pk), {"username": "x", "is_staff": "on"})
    assert response.status_code == 403
    secretary_a.refresh_from_db()
    assert not secretary_a.is_staff


def test_staff_bind_a_secretary_to_a_party_organization(staff_client, branch_a):
    user = User.objects.create_user("new_secretary")
    response = post_admin_form(
        staff_client, admin_url(PartyOrganization, "change", branch_a.pk), secretaries=[str(user.pk)]
    )
    assert response.status_code == 302
    assert list(branch_a.secretaries.all()) == [user]


def test_secretary_autocomplete_finds_accounts_for_staff(staff_client, secretary_a):
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "secretary",
            "app_label": "partybranches",
            "model_name": "partyorganization",
            "field_name": "secretaries",
        },
    )
    assert response.status_code == 200
    assert [result["text"] for result in response.json()["results"]] == ["secretary_a"]


def test_pairing_autocomplete_answers_with_fixed_queries(staff_client, django_assert_num_queries, branch_a):
    url = reverse("admin:autocomplete")
    params = {"term": "", "app_label": "activities", "model_name": "activity", "field_name": "pairing"}
    factories.PairingFactory.create_batch(3, party_organization=branch_a)
    staff_client.get(url, params)
    with django_assert_num_queries(6):
        few = staff_client.get(url, params)
    factories.PairingFactory.create_batch(27, party_organization=branch_a)
    with django_assert_num_queries(6):
        many = staff_client.get(url, params)
    assert len(few.json()["results"]) == 3
    assert len(many.json()["results"]) == 20  # the first page
    assert many.json()["pagination"]["more"] is True


# The 局工作人员 group.


def test_staff_group_exists_after_migrate_with_the_staff_permissions():
    group = Group.objects.get(name=STAFF_GROUP_NAME)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_activity", "change_activity", "view_activity", "change_socialorganization", "view_user"} <= codenames
    assert {"delete_starrating", "delete_activityphoto", "delete_townphoto"} <= codenames
    assert not {"delete_activity", "delete_partyorganization", "change_user", "add_user"} & codenames


def test_staff_group_is_kept_in_step_after_migrate_and_idempotent():
    group = Group.objects.get(name=STAFF_GROUP_NAME)
    group.permissions.clear()
    config = apps.get_app_config("towns")
    from django.db.models.signals import post_migrate

    post_migrate.send(sender=config, app_config=config, verbosity=0, interactive=False, using="default", apps=apps)
    ensure_staff_group()
    assert Group.objects.filter(name=STAFF_GROUP_NAME).count() == 1
    assert group.permissions.filter(codename="change_pairing").exists()


# Deleting.


@pytest.mark.parametrize("model", ARCHIVED_NOT_DELETED, ids=lambda model: model.__name__)
def test_nobody_deletes_records_others_refer_to(staff_client, superuser, client, model):
    obj = {
        SocialOrganization: factories.SocialOrganizationFactory,
        PartyOrganization: factories.PartyOrganizationFactory,
        Activity: factories.ActivityFactory,
        Pairing: factories.PairingFactory,
        CharacteristicTown: factories.CharacteristicTownFactory,
    }[model]()
    for user_client in (staff_client, _logged_in(client, superuser)):
        change = user_client.get(admin_url(model, "change", obj.pk))
        assert change.status_code == 200
        assert admin_url(model, "delete", obj.pk) not in change.content.decode()
        changelist = user_client.get(admin_url(model, "changelist"))
        action_form = changelist.context["action_form"]
        assert action_form is None or "delete_selected" not in dict(action_form.fields["action"].choices)
        assert user_client.get(admin_url(model, "delete", obj.pk)).status_code == 403
        assert user_client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
        response = user_client.post(
            admin_url(model, "changelist"), {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
        )
        assert response.status_code in {200, 302}  # "no action selected"; nothing deleted
    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (StarRating, factories.StarRatingFactory),
        (ActivityPhoto, factories.ActivityPhotoFactory),
        (TownPhoto, factories.TownPhotoFactory),
        (TownHighlight, factories.TownHighlightFactory),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_staff_may_delete_a_wrong_child_record(staff_client, model, make):
    obj = make()
    response = staff_client.post(admin_url(model, "delete", obj.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize(
    ("model", "make"),
    [(DemonstrationSite, factories.DemonstrationSiteFactory), (Milestone, factories.MilestoneFactory)],
    ids=["DemonstrationSite", "Milestone"],
)
def test_only_a_superuser_deletes_titles_and_chronicle(staff_client, superuser, client, model, make):
    obj = make()
    assert staff_client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()
    superuser_client = _logged_in(client, superuser)
    assert superuser_client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 302
    assert not model.objects.filter(pk=obj.pk).exists()


def test_deleting_an_account_that_filed_activities_shows_the_cannot_delete_page(superuser, client):
    filer = User.objects.create_user("filer")
    factories.ActivityFactory(created_by=filer)
    superuser_client = _logged_in(client, superuser)
    response = superuser_client.post(admin_url(User, "delete", filer.pk), {"post": "yes"})
    assert response.status_code == 200
    assert "无法删除" in response.content.decode()
    assert '<ul id="deleted-objects">\t<li>活动</li></ul>' in response.content.decode()
    assert User.objects.filter(pk=filer.pk).exists()


def test_archiving_keeps_the_record_and_records_who_did_it(staff_client, staff_user):
    orgs = factories.SocialOrganizationFactory.create_batch(2)
    response = staff_client.post(
        admin_url(SocialOrganization, "changelist"),
        {"action": "archive_selected", "_selected_action": [org.pk for org in orgs]},
        follow=True,
    )
    assert "已归档 2 条社会组织。" in response.content.decode()
    for org in orgs:
        org.refresh_from_db()
        assert org.is_archived
        assert org.history.first().history_user == staff_user
        assert org.history.first().is_archived
    staff_client.post(
        admin_url(SocialOrganization, "changelist"),
        {"action": "restore_selected", "_selected_action": [orgs[0].pk]},
    )
    assert list(SocialOrganization.objects.filter(is_archived=True)) == [orgs[1]]


def test_archiving_party_organizations_keeps_their_history_whole(staff_client, staff_user, branch_a, branch_b):
    staff_client.post(
        admin_url(PartyOrganization, "changelist"), {"action": "archive_selected", "_selected_action": [branch_a.pk]}
    )
    assert list(PartyOrganization.objects.filter(is_archived=True)) == [branch_a]
    assert list(PartyOrganization.objects.active()) == [branch_b]
    latest = branch_a.history.first()
    assert latest.history_user == staff_user
    assert [row.socialorganization for row in latest.organizations.all()] == list(branch_a.organizations.all())
    response = staff_client.get(admin_url(PartyOrganization, "history", branch_a.pk))
    assert response.context["page_obj"][0].history_delta_changes == [{"field": "已归档", "old": "否", "new": "是"}]


# History.


def test_a_change_in_the_admin_leaves_a_history_row_with_the_acting_user(staff_client, staff_user):
    org = factories.SocialOrganizationFactory()
    response = post_admin_form(
        staff_client, admin_url(SocialOrganization, "change", org.pk), legal_representative="王五"
    )
    assert response.status_code == 302
    record = org.history.first()
    assert (record.history_type, record.history_user, record.legal_representative) == ("~", staff_user, "王五")


def test_an_inline_change_leaves_history_rows_with_the_acting_user(staff_client, staff_user, branch_a):
    rating = factories.StarRatingFactory(party_organization=branch_a, year=2020, stars=3)
    response = post_admin_form(
        staff_client, admin_url(PartyOrganization, "change", branch_a.pk), **{"star_ratings-0-stars": "5"}
    )
    assert response.status_code == 302
    rating.refresh_from_db()
    assert rating.stars == 5
    assert rating.history.first().history_user == staff_user
    assert branch_a.history.first().history_user == staff_user


def test_an_activity_added_in_the_admin_names_its_filer_and_history_user(staff_client, staff_user, branch_a):
    response = post_admin_form(
        staff_client,
        admin_url(Activity, "add"),
        title="我为群众办实事志愿服务",
        organizer=str(branch_a.pk),
        starts_at_0="2021-04-22",
        starts_at_1="09:00:00",
        ends_at_0="2021-04-22",
        ends_at_1="12:00:00",
        district="440104",
        street="农林街",
        description="党员志愿者走进农林街开展志愿服务。",
    )
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert (activity.state, activity.created_by) == (Activity.State.DRAFT, staff_user)
    assert activity.history.first().history_user == staff_user


def test_the_history_page_shows_who_changed_what(staff_client, staff_user, branch_a):
    url = admin_url(PartyOrganization, "change", branch_a.pk)
    added = factories.SocialOrganizationFactory(name="广州市软件行业协会")
    organizations = [str(pk) for pk in branch_a.organizations.values_list("pk", flat=True)] + [str(added.pk)]
    post_admin_form(
        staff_client, url, secretary_name="赵六", kind="committee", cross_appointment="on", organizations=organizations
    )
    response = staff_client.get(admin_url(PartyOrganization, "history", branch_a.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert staff_user.username in html
    assert "<strong>书记：</strong>李四 → 赵六" in html
    assert "<strong>组织类别：</strong>党支部 → 党委" in html
    assert "<strong>双向进入、交叉任职：</strong>否 → 是" in html
    old_names = "、".join(str(organization) for organization in branch_a.organizations.exclude(pk=added.pk))
    assert f"<strong>覆盖的社会组织：</strong>{old_names} → {old_names}、广州市软件行业协会" in html


def test_review_fields_are_read_only_in_the_activity_admin(staff_client, staff_user):
    activity = factories.ActivityFactory(state=Activity.State.SUBMITTED, review_reason="")
    response = post_admin_form(
        staff_client,
        admin_url(Activity, "change", activity.pk),
        state="published",
        review_reason="内部意见",
        reviewed_by=str(staff_user.pk),
        featured_hall="forest",
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.state, activity.review_reason, activity.reviewed_by) == (Activity.State.SUBMITTED, "", None)
    assert activity.featured_hall == Activity.Hall.FOREST


def _logged_in(client, user):
    client.force_login(user)
    return client
