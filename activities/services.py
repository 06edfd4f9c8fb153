"""Every change of an activity's content or review state, and of its photos.

Each function checks that the change is allowed from the activity's current state,
records who did it and when, bumps `version` (optimistic concurrency: a form that was
loaded at another version is refused, never silently overwritten) and writes history
with the acting user. A refused change raises `ActivityActionRefused` (a
ValidationError) with a message in Chinese, and changes nothing.

The state check and the version bump are one conditional UPDATE, so two concurrent
changes (two reviewers approving, a reviewer returning while the secretary withdraws)
cannot both pass; the row stays locked until the transaction ends.
"""

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from partybranches.models import PartyOrganization
from uploads.images import CleanImage

from . import rules
from .models import Activity, ActivityPhoto, Notification, NotificationPreference
from .rules import CONTENT_FIELDS

logger = logging.getLogger(__name__)

State = Activity.State

MAX_PHOTOS = 12
SECRETARY_EDITABLE = Activity.SECRETARY_EDITABLE


class ActivityActionRefused(ValidationError):
    """The change is not allowed in the activity's current state (or with this input)."""


class ActivityChanged(ActivityActionRefused):
    """The activity changed after the page was loaded: the change was not made."""


class ActivityAlreadyCreated(Exception):
    """The same new-activity form was submitted again; `activity` is the one the first submission created."""

    def __init__(self, activity):
        super().__init__(f"activity {activity.pk} was already created from this form")
        self.activity = activity


@dataclass(frozen=True)
class NewPhoto:
    image: CleanImage
    caption: str = ""


@dataclass(frozen=True)
class PhotoEdit:
    photo: ActivityPhoto
    caption: str
    position: int


def _state_label(state):
    return State(state).label


def _save(instance, user, **kwargs):
    instance._history_user = user
    instance.save(**kwargs)


def _claim(activity, *, allowed, refusal, expected_version=None):
    """Check the state (and version) of `activity` in the database and bump its version.

    `refusal(state)` gives the message when the state does not allow the change.
    """
    queryset = Activity.objects.filter(pk=activity.pk, state__in=allowed)
    if expected_version is not None:
        queryset = queryset.filter(version=expected_version)
    if queryset.update(version=F("version") + 1) == 1:
        return
    current = Activity.objects.filter(pk=activity.pk).values_list("state", "version").first()
    if current is None:
        raise ActivityActionRefused("该活动已不存在。", code="missing")
    state, version = current
    if expected_version is not None and version != expected_version:
        raise ActivityChanged(
            f"该活动在您打开页面之后已被修改（当前状态：{_state_label(state)}），本次操作没有执行，"
            "以免覆盖他人的修改。请重新打开该活动后再操作。",
            code="stale",
        )
    raise ActivityActionRefused(refusal(state), code="transition")


def _not_editable(state):
    return f"“{_state_label(state)}”的活动不能修改；只有草稿或已退回的活动可以修改。"


def _check_content(activity, co_organizers):
    """The rules of a filled-in activity (`rules`; the database enforces the same where it can)."""
    errors = {}
    try:
        activity.full_clean(
            exclude=["created_by", "reviewed_by", "review_reason", "state", "featured_hall"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for name, message in rules.activity_errors(activity, co_organizers).items():
        errors.setdefault(name, [message])
    if errors:
        raise ActivityActionRefused(errors)


def _check_secretary_of(user, organizer):
    if user.is_staff:
        return
    if not PartyOrganization.objects.for_secretary(user).filter(pk=organizer.pk).exists():
        raise ActivityActionRefused({"organizer": "只能为您所在的党组织登记活动。"})


def _check_photo_count(count):
    if count > MAX_PHOTOS:
        raise ActivityActionRefused(
            {"new_photos": f"每个活动最多 {MAX_PHOTOS} 张照片，这次保存后将有 {count} 张。请减少照片后再保存。"}
        )


def _store_photo(activity, new_photo, *, position, user):
    photo = ActivityPhoto(activity=activity, caption=new_photo.caption.strip(), position=position)
    # The names given here are ignored: upload_to generates the stored names.
    photo.image.save("photo.jpg", ContentFile(new_photo.image.content), save=False)
    photo.thumbnail.save("thumbnail.jpg", ContentFile(new_photo.image.thumbnail), save=False)
    photo.width, photo.height = new_photo.image.width, new_photo.image.height
    _save(photo, user)
    return photo


def _delete_photo(photo, user):
    # Its files are removed after the commit (uploads.stored_files), unless another photo shares them.
    photo._history_user = user
    photo.delete()


def _renumber(photos, user):
    """Give `photos` (in their new order) positions 1, 2, 3 … saving only those that moved."""
    for number, photo in enumerate(photos, start=1):
        if photo.position != number:
            photo.position = number
            _save(photo, user, update_fields=["position"])


def _apply_photo_changes(activity, user, *, new_photos=(), photo_edits=(), removed_photos=()):
    photos = list(activity.photos.all())
    by_pk = {photo.pk: photo for photo in photos}
    removed = {photo.pk for photo in removed_photos}
    edits = {edit.photo.pk: edit for edit in photo_edits}
    if not (removed | set(edits)) <= set(by_pk):
        raise ActivityActionRefused("照片不属于该活动。", code="photo")
    if new_photos:
        _check_photo_count(len(photos) - len(removed) + len(new_photos))

    kept = [photo for photo in photos if photo.pk not in removed]
    for pk in removed:
        _delete_photo(by_pk[pk], user)
    for photo in kept:
        edit = edits.get(photo.pk)
        if edit and edit.caption.strip() != photo.caption:
            photo.caption = edit.caption.strip()
            _save(photo, user, update_fields=["caption"])
    # Requested positions decide the order; ties keep the current order.
    current_index = {photo.pk: index for index, photo in enumerate(kept)}
    kept.sort(key=lambda p: (edits[p.pk].position if p.pk in edits else p.position, current_index[p.pk]))
    _renumber(kept, user)
    for offset, new_photo in enumerate(new_photos, start=len(kept) + 1):
        _store_photo(activity, new_photo, position=offset, user=user)


def _mark_submitted(activity):
    activity.state = State.SUBMITTED
    activity.submitted_at = timezone.now()


def activity_create(*, user, data, co_organizers=(), new_photos=(), submission_key=None, submit=False) -> Activity:
    """Create an activity for one of the user's party organizations, as a draft or submitted for review.

    `submission_key` identifies the form: submitting the same form twice raises
    `ActivityAlreadyCreated` with the activity the first submission created.
    """
    existing = _created_with_key(submission_key)
    if existing is not None:
        _raise_already_created(existing, user)
    activity = Activity(**{name: data[name] for name in CONTENT_FIELDS if name in data})
    activity.created_by = user
    activity.submission_key = submission_key
    activity.state = State.DRAFT
    co_organizers = list(co_organizers)
    _check_content(activity, co_organizers)
    _check_secretary_of(user, activity.organizer)
    _check_photo_count(len(new_photos))
    with transaction.atomic():
        try:
            with transaction.atomic():
                _save(activity, user)
        except IntegrityError:
            # The same form, submitted concurrently, got there first (the key is unique).
            existing = _created_with_key(submission_key)
            if existing is None:
                raise
            _raise_already_created(existing, user)
        activity.co_organizers.set(co_organizers)
        for position, new_photo in enumerate(new_photos, start=1):
            _store_photo(activity, new_photo, position=position, user=user)
        if submit:
            # Nobody else can see the new row yet: no claim needed, but a version of its own.
            activity.version += 1
            _mark_submitted(activity)
            _save(activity, user)
    return activity


def _created_with_key(submission_key):
    """The activity that the form with this key already created, if any."""
    if submission_key is None:
        return None
    return Activity.objects.filter(submission_key=submission_key).first()


def _raise_already_created(existing, user):
    if existing.created_by_id != user.pk:
        raise ActivityActionRefused("这张表单已经提交过，请重新打开“新建活动”页面填写。", code="duplicate")
    raise ActivityAlreadyCreated(existing)


def activity_update(
    *,
    activity,
    user,
    expected_version,
    data,
    co_organizers=(),
    new_photos=(),
    photo_edits=(),
    removed_photos=(),
    submit=False,
) -> Activity:
    """Save a secretary's edit of a draft or returned activity (and its photos); optionally submit it.

    `expected_version` is the version the form was loaded at: if the activity changed
    since, nothing is saved and `ActivityChanged` is raised.
    """
    for name in CONTENT_FIELDS:
        if name in data:
            setattr(activity, name, data[name])
    co_organizers = list(co_organizers)
    _check_content(activity, co_organizers)
    _check_secretary_of(user, activity.organizer)
    with transaction.atomic():
        _claim(activity, allowed=SECRETARY_EDITABLE, refusal=_not_editable, expected_version=expected_version)
        # The version matched, so the rest of the loaded row is what the database holds.
        activity.version = expected_version + 1
        if submit:
            _mark_submitted(activity)
        _save(activity, user)
        activity.co_organizers.set(co_organizers)
        _apply_photo_changes(
            activity, user, new_photos=new_photos, photo_edits=photo_edits, removed_photos=removed_photos
        )
    return activity


def _state_step(activity, *, user, allowed, refusal, expected_version, change, notify=None):
    """One step of the workflow: claim `activity` in one of the `allowed` states (and at
    `expected_version`), apply `change(activity)` to the current row, save it with history
    and, with `notify` (an email template's outcome), tell the secretaries once committed."""
    with transaction.atomic():
        _claim(activity, allowed=allowed, expected_version=expected_version, refusal=refusal)
        activity.refresh_from_db()
        change(activity)
        _save(activity, user)
        if notify:
            _notify_secretaries(activity, notify, actor=user)
    return activity


def _review_step(activity, *, user, allowed, refusal, expected_version, state, reason, outcome):
    """A reviewer's decision: the new state, the reason (shown to the secretary) and who decided when."""

    def change(activity):
        now = timezone.now()
        activity.state = state
        activity.review_reason = reason
        activity.reviewed_by = user
        activity.reviewed_at = now
        if state == State.PUBLISHED:
            activity.published_at = now

    return _state_step(
        activity,
        user=user,
        allowed=allowed,
        refusal=refusal,
        expected_version=expected_version,
        change=change,
        notify=outcome,
    )


def activity_submit(*, activity, user, expected_version=None) -> Activity:
    """Draft or returned → submitted (待审核), by the organization's secretary."""
    return _state_step(
        activity,
        user=user,
        allowed=SECRETARY_EDITABLE,
        expected_version=expected_version,
        refusal=lambda state: f"只有草稿或已退回的活动可以提交审核，该活动当前为“{_state_label(state)}”。",
        change=_mark_submitted,
    )


def _withdrawn(activity):
    activity.state = State.DRAFT
    activity.submitted_at = None


def activity_withdraw(*, activity, user, expected_version=None) -> Activity:
    """Submitted → draft: the secretary takes an activity back before it is reviewed."""
    return _state_step(
        activity,
        user=user,
        allowed=[State.SUBMITTED],
        expected_version=expected_version,
        refusal=lambda state: f"只有待审核的活动可以撤回，该活动当前为“{_state_label(state)}”。",
        change=_withdrawn,
    )


def _approve_refusal(state):
    if state == State.PUBLISHED:
        return "该活动已经发布，不能重复审核通过。"
    if state in SECRETARY_EDITABLE:
        return f"该活动尚未提交审核（当前为“{_state_label(state)}”），不能发布。"
    return f"只有待审核的活动可以审核通过，该活动当前为“{_state_label(state)}”。"


def activity_approve(*, activity, user, expected_version=None) -> Activity:
    """Submitted → published (已发布, public), by bureau staff; the secretaries are told by email."""
    return _review_step(
        activity,
        user=user,
        allowed=[State.SUBMITTED],
        refusal=_approve_refusal,
        expected_version=expected_version,
        state=State.PUBLISHED,
        reason="",
        outcome="approved",
    )


def activity_return(*, activity, user, reason, expected_version=None) -> Activity:
    """Submitted → returned (已退回) with the reviewer's reason; the secretary may edit and resubmit."""
    reason = (reason or "").strip()
    if not reason:
        raise ActivityActionRefused({"reason": "退回时必须填写退回理由。"}, code="reason")
    return _review_step(
        activity,
        user=user,
        allowed=[State.SUBMITTED],
        refusal=lambda state: f"只有待审核的活动可以退回，该活动当前为“{_state_label(state)}”。",
        expected_version=expected_version,
        state=State.RETURNED,
        reason=reason,
        outcome="returned",
    )


def activity_take_offline(*, activity, user, reason="", expected_version=None) -> Activity:
    """Published → offline (已下线): no longer public; by bureau staff."""
    return _review_step(
        activity,
        user=user,
        allowed=[State.PUBLISHED],
        refusal=lambda state: f"只有已发布的活动可以下线，该活动当前为“{_state_label(state)}”。",
        expected_version=expected_version,
        state=State.OFFLINE,
        reason=(reason or "").strip(),
        outcome="offline",
    )


def activity_photo_add(*, activity, user, image, caption="", expected_version=None) -> ActivityPhoto:
    """Add one checked photo (`images.clean_uploaded_image`) at the end of a draft or returned activity."""
    with transaction.atomic():
        _claim(activity, allowed=SECRETARY_EDITABLE, refusal=_not_editable, expected_version=expected_version)
        count = activity.photos.count()
        _check_photo_count(count + 1)
        return _store_photo(activity, NewPhoto(image=image, caption=caption), position=count + 1, user=user)


def activity_photo_remove(*, photo, user, expected_version=None) -> None:
    """Remove a photo (and its files) from a draft or returned activity."""
    activity = photo.activity
    with transaction.atomic():
        _claim(activity, allowed=SECRETARY_EDITABLE, refusal=_not_editable, expected_version=expected_version)
        _delete_photo(photo, user)
        _renumber(list(activity.photos.order_by("position", "pk")), user)


def activity_photo_reorder(*, activity, user, photo_ids, expected_version=None) -> None:
    """Put the photos of a draft or returned activity in the order of `photo_ids` (all of them, once each)."""
    with transaction.atomic():
        _claim(activity, allowed=SECRETARY_EDITABLE, refusal=_not_editable, expected_version=expected_version)
        photos = {photo.pk: photo for photo in activity.photos.all()}
        photo_ids = [int(pk) for pk in photo_ids]
        if sorted(photo_ids) != sorted(photos):
            raise ActivityActionRefused("照片顺序与该活动的照片不一致，请刷新页面后再调整。", code="photo")
        _renumber([photos[pk] for pk in photo_ids], user)


def _recipients(activity):
    """The active users told about a review: the organizer's secretaries, and whoever created
    the activity unless that was bureau staff."""
    users = {user.pk: user for user in activity.organizer.secretaries.all() if user.is_active}
    creator = activity.created_by
    if creator is not None and creator.is_active and not creator.is_staff:
        users.setdefault(creator.pk, creator)
    return list(users.values())


def _notify_secretaries(activity, outcome, actor):
    """Tell the secretaries about a review outcome: a notification each (in /my/, counted in
    the header), and one e-mail, with the link to the activity, to those who have not turned
    e-mails off; sent once the transaction commits."""
    users = _recipients(activity)
    Notification.objects.bulk_create(
        Notification(recipient=user, activity=activity, kind=outcome, reason=activity.review_reason, actor=actor)
        for user in users
    )
    declined = set(NotificationPreference.objects.filter(user__in=users, email=False).values_list("user_id", flat=True))
    recipients = sorted({user.email for user in users if user.email and user.pk not in declined})
    if not recipients:
        return
    context = {
        "activity": activity,
        "organizer": activity.organizer,
        "site_name": settings.SITE_NAME,
        "activity_url": settings.SITE_URL.rstrip("/") + reverse("my:activity_detail", args=[activity.pk]),
        "settings_url": settings.SITE_URL.rstrip("/") + reverse("my:notifications"),
    }
    subject = " ".join(render_to_string(f"activities/email/activity_{outcome}_subject.txt", context).split())
    body = render_to_string(f"activities/email/activity_{outcome}_body.txt", context)

    def send():
        send_mail(subject, body, None, recipients)

    transaction.on_commit(send, robust=True)
