"""The review workflow's transitions, as service functions."""

import pytest
from django.contrib.auth.models import User
from django.core import mail

from activities import services
from activities.models import Activity
from tests.helpers import factories
from tests.helpers.activities import image_bytes, make_photo, snapshot, upload
from tests.helpers.factories import ActivityFactory
from uploads.images import clean_uploaded_image

pytestmark = pytest.mark.django_db

State = Activity.State


def content(organizer, **overrides):
    activity = factories.ActivityFactory.build(organizer=organizer)
    data = {name: getattr(activity, name) for name in services.CONTENT_FIELDS}
    data.update(overrides)
    return data


@pytest.fixture
def submitted(branch_a, secretary_a):
    return ActivityFactory(organizer=branch_a, submitted=True, created_by=secretary_a)


# -- allowed transitions --------------------------------------------------------


def test_submit_then_approve_publishes_and_records_who_and_when(draft_a, secretary_a, staff_user):
    services.activity_submit(activity=draft_a, user=secretary_a)
    draft_a.refresh_from_db()
    assert draft_a.state == State.SUBMITTED and draft_a.submitted_at and draft_a.version == 2
    services.activity_approve(activity=draft_a, user=staff_user)
    draft_a.refresh_from_db()
    assert draft_a.state == State.PUBLISHED
    assert draft_a.reviewed_by == staff_user and draft_a.reviewed_at and draft_a.published_at
    assert draft_a.version == 3
    assert Activity.objects.published().filter(pk=draft_a.pk).exists()
    history = list(draft_a.history.order_by("history_id").values_list("state", "history_user__username"))
    assert history[-2:] == [("submitted", "secretary_a"), ("published", "bureau_staff")]


def test_return_requires_reason_then_secretary_resubmits(submitted, secretary_a, staff_user):
    services.activity_return(activity=submitted, user=staff_user, reason="  请补充服务对象人数的来源。 ")
    submitted.refresh_from_db()
    assert submitted.state == State.RETURNED
    assert submitted.review_reason == "请补充服务对象人数的来源。"
    assert submitted.reviewed_by == staff_user
    services.activity_submit(activity=submitted, user=secretary_a)
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_withdraw_takes_a_submitted_activity_back_to_draft(submitted, secretary_a):
    services.activity_withdraw(activity=submitted, user=secretary_a)
    submitted.refresh_from_db()
    assert submitted.state == State.DRAFT and submitted.submitted_at is None
    assert submitted.history.latest().history_user == secretary_a


def test_take_offline_hides_a_published_activity(branch_a, staff_user):
    activity = ActivityFactory(organizer=branch_a, published=True)
    services.activity_take_offline(activity=activity, user=staff_user, reason="照片涉及未成年人，暂时下线。")
    activity.refresh_from_db()
    assert activity.state == State.OFFLINE
    assert not Activity.objects.published().filter(pk=activity.pk).exists()
    assert activity.review_reason == "照片涉及未成年人，暂时下线。"


# -- refused transitions -------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "message"),
    [
        (State.DRAFT, "尚未提交审核"),
        (State.RETURNED, "尚未提交审核"),
        (State.PUBLISHED, "不能重复审核通过"),
        (State.OFFLINE, "只有待审核的活动可以审核通过"),
    ],
)
def test_approve_is_refused_unless_submitted(branch_a, staff_user, state, message):
    activity = ActivityFactory(organizer=branch_a, **{state.value: True})
    before = snapshot(activity)
    with pytest.raises(services.ActivityActionRefused) as caught:
        services.activity_approve(activity=activity, user=staff_user)
    assert message in caught.value.messages[0]
    assert snapshot(activity) == before
    assert mail.outbox == []


def test_approving_twice_is_refused(submitted, staff_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_approve(activity=submitted, user=staff_user)
    stale_copy = Activity.objects.get(pk=submitted.pk)
    before = snapshot(submitted)
    with pytest.raises(services.ActivityActionRefused, match="不能重复审核通过"):
        services.activity_approve(activity=stale_copy, user=staff_user)
    assert snapshot(submitted) == before
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_return_without_reason_is_refused(submitted, staff_user, reason):
    before = snapshot(submitted)
    with pytest.raises(services.ActivityActionRefused) as caught:
        services.activity_return(activity=submitted, user=staff_user, reason=reason)
    assert caught.value.message_dict == {"reason": ["退回时必须填写退回理由。"]}
    assert snapshot(submitted) == before


@pytest.mark.parametrize("state", [State.DRAFT, State.RETURNED, State.PUBLISHED, State.OFFLINE])
def test_return_is_refused_unless_submitted(branch_a, staff_user, state):
    activity = ActivityFactory(organizer=branch_a, **{state.value: True})
    before = snapshot(activity)
    with pytest.raises(services.ActivityActionRefused, match="只有待审核的活动可以退回"):
        services.activity_return(activity=activity, user=staff_user, reason="理由")
    assert snapshot(activity) == before


@pytest.mark.parametrize("state", [State.SUBMITTED, State.PUBLISHED, State.OFFLINE])
def test_submit_is_refused_unless_draft_or_returned(branch_a, secretary_a, state):
    activity = ActivityFactory(organizer=branch_a, **{state.value: True})
    before = snapshot(activity)
    with pytest.raises(services.ActivityActionRefused, match="只有草稿或已退回的活动可以提交审核"):
        services.activity_submit(activity=activity, user=secretary_a)
    assert snapshot(activity) == before


@pytest.mark.parametrize("state", [State.DRAFT, State.RETURNED, State.PUBLISHED, State.OFFLINE])
def test_withdraw_is_refused_unless_submitted(branch_a, secretary_a, state):
    activity = ActivityFactory(organizer=branch_a, **{state.value: True})
    before = snapshot(activity)
    with pytest.raises(services.ActivityActionRefused, match="只有待审核的活动可以撤回"):
        services.activity_withdraw(activity=activity, user=secretary_a)
    assert snapshot(activity) == before


@pytest.mark.parametrize("state", [State.DRAFT, State.SUBMITTED, State.RETURNED, State.OFFLINE])
def test_take_offline_is_refused_unless_published(branch_a, staff_user, state):
    activity = ActivityFactory(organizer=branch_a, **{state.value: True})
    with pytest.raises(services.ActivityActionRefused, match="只有已发布的活动可以下线"):
        services.activity_take_offline(activity=activity, user=staff_user)
    activity.refresh_from_db()
    assert activity.state == state


@pytest.mark.parametrize("state", [State.SUBMITTED, State.PUBLISHED, State.OFFLINE])
def test_secretary_cannot_update_a_submitted_or_published_activity(branch_a, secretary_a, state):
    activity = ActivityFactory(organizer=branch_a, **{state.value: True})
    before = snapshot(activity)
    with pytest.raises(services.ActivityActionRefused, match="不能修改"):
        services.activity_update(
            activity=activity,
            user=secretary_a,
            expected_version=activity.version,
            data={"title": "偷偷改标题"},
        )
    assert snapshot(activity) == before


def test_update_of_an_activity_that_changed_meanwhile_is_refused(draft_a, secretary_a):
    loaded_at = draft_a.version
    services.activity_update(
        activity=Activity.objects.get(pk=draft_a.pk), user=secretary_a, expected_version=loaded_at, data={}
    )
    before = snapshot(draft_a)
    with pytest.raises(services.ActivityChanged, match="已被修改"):
        services.activity_update(
            activity=Activity.objects.get(pk=draft_a.pk),
            user=secretary_a,
            expected_version=loaded_at,
            data={"title": "过期表单的标题"},
        )
    assert snapshot(draft_a) == before


def test_stale_review_is_refused(submitted, secretary_a, staff_user):
    shown_at = submitted.version
    services.activity_withdraw(activity=submitted, user=secretary_a)
    services.activity_submit(activity=submitted, user=secretary_a)
    with pytest.raises(services.ActivityChanged):
        services.activity_approve(activity=submitted, user=staff_user, expected_version=shown_at)
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_update_checks_content_rules(draft_a, secretary_a, branch_b, pairing_b):
    cases = [
        ({"ends_at": draft_a.starts_at.replace(year=2000)}, [], "ends_at"),
        ({"pairing": pairing_b}, [], "pairing"),
        ({}, [draft_a.organizer], "co_organizers"),
        ({"party_members": -3}, [], "party_members"),
        ({"organizer": branch_b}, [], "organizer"),
    ]
    for data, co_organizers, field in cases:
        activity = Activity.objects.get(pk=draft_a.pk)
        before = snapshot(draft_a)
        with pytest.raises(services.ActivityActionRefused) as caught:
            services.activity_update(
                activity=activity,
                user=secretary_a,
                expected_version=activity.version,
                data=data,
                co_organizers=co_organizers,
            )
        assert field in caught.value.message_dict, (field, caught.value.message_dict)
        assert snapshot(draft_a) == before


def test_create_for_another_organization_is_refused(secretary_a, branch_b):
    with pytest.raises(services.ActivityActionRefused, match="只能为您所在的党组织登记活动"):
        services.activity_create(user=secretary_a, data=content(branch_b))
    assert not Activity.objects.exists()


def test_create_with_the_same_key_twice_returns_the_first(secretary_a, branch_a):
    import uuid

    key = uuid.uuid4()
    first = services.activity_create(user=secretary_a, data=content(branch_a), submission_key=key)
    with pytest.raises(services.ActivityAlreadyCreated) as caught:
        services.activity_create(user=secretary_a, data=content(branch_a), submission_key=key)
    assert caught.value.activity == first
    assert Activity.objects.count() == 1


def test_photo_services_add_reorder_remove(draft_a, secretary_a, settings):
    image = clean_uploaded_image(upload("a.jpg", image_bytes("JPEG")))
    first = services.activity_photo_add(activity=draft_a, user=secretary_a, image=image, caption="一")
    second = services.activity_photo_add(activity=draft_a, user=secretary_a, image=image, caption="二")
    third = services.activity_photo_add(activity=draft_a, user=secretary_a, image=image, caption="三")
    assert list(draft_a.photos.values_list("caption", "position")) == [("一", 1), ("二", 2), ("三", 3)]
    services.activity_photo_reorder(activity=draft_a, user=secretary_a, photo_ids=[third.pk, first.pk, second.pk])
    assert list(draft_a.photos.values_list("caption", "position")) == [("三", 1), ("一", 2), ("二", 3)]
    with pytest.raises(services.ActivityActionRefused, match="照片顺序"):
        services.activity_photo_reorder(activity=draft_a, user=secretary_a, photo_ids=[third.pk, first.pk])
    name, first_pk = first.image.name, first.pk
    storage = first.image.storage
    services.activity_photo_remove(photo=first, user=secretary_a)
    assert list(draft_a.photos.values_list("caption", "position")) == [("三", 1), ("二", 2)]
    removal = first.history.model.objects.get(id=first_pk, history_type="-")
    assert removal.history_user == secretary_a
    draft_a.refresh_from_db()
    assert draft_a.version == 1 + 3 + 1 + 1
    assert storage.exists(name)  # files go when the transaction commits


def test_removed_photo_files_are_deleted_on_commit(draft_a, secretary_a, django_capture_on_commit_callbacks):
    photo = make_photo(draft_a)
    names = [photo.image.name, photo.thumbnail.name]
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_photo_remove(photo=photo, user=secretary_a)
    assert not any(photo.image.storage.exists(name) for name in names)


@pytest.mark.parametrize("state", [State.SUBMITTED, State.PUBLISHED])
def test_photos_of_a_submitted_or_published_activity_cannot_change(branch_a, secretary_a, state):
    activity = ActivityFactory(organizer=branch_a, **{state.value: True})
    photo = make_photo(activity)
    before = snapshot(activity)
    image = clean_uploaded_image(upload("a.jpg", image_bytes("JPEG")))
    with pytest.raises(services.ActivityActionRefused):
        services.activity_photo_add(activity=activity, user=secretary_a, image=image)
    with pytest.raises(services.ActivityActionRefused):
        services.activity_photo_remove(photo=photo, user=secretary_a)
    with pytest.raises(services.ActivityActionRefused):
        services.activity_photo_reorder(activity=activity, user=secretary_a, photo_ids=[photo.pk])
    assert snapshot(activity) == before


# -- email --------------------------------------------------------------------


def test_approval_emails_the_secretaries(submitted, branch_a, staff_user, django_capture_on_commit_callbacks):
    colleague = User.objects.create_user("colleague", "colleague@example.com", "x")
    no_email = User.objects.create_user("no_email", "", "x")
    branch_a.secretaries.add(colleague, no_email)
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_approve(activity=submitted, user=staff_user)
    (message,) = mail.outbox
    assert message.to == ["a@example.com", "colleague@example.com"]
    assert "审核通过" in message.subject and submitted.title in message.subject
    assert "已经审核通过" in message.body


def test_return_email_carries_the_reason(submitted, staff_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_return(activity=submitted, user=staff_user, reason="缺少活动照片。")
    (message,) = mail.outbox
    assert message.to == ["a@example.com"]
    assert "被退回" in message.subject
    assert "缺少活动照片。" in message.body


def test_no_email_when_nobody_has_an_address(branch_b, staff_user, django_capture_on_commit_callbacks):
    activity = ActivityFactory(organizer=branch_b, submitted=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.activity_approve(activity=activity, user=staff_user)
    assert mail.outbox == []
