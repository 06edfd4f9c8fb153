"""The secretary's workspace (/my/): their party organizations' activities and photos.

Every record is reached through a lookup helper that filters by the signed-in user,
so another organization's activity or photo is a 404. Changes go through
`activities.services`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Window
from django.db.models.functions import RowNumber
from django.http import HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from partybranches.models import PartyOrganization

from . import services
from .forms import (
    PICKER_RESULTS,
    ActivityForm,
    NotificationPreferenceForm,
    PhotoFormSet,
    PhotoMoveForm,
    VersionForm,
    find_party_organizations,
)
from .models import Activity, ActivityPhoto, Notification, NotificationPreference

State = Activity.State

# The dashboard lists at most this many activities per state (newest first) and says how many there are.
DASHBOARD_LIMIT = 50
DASHBOARD_GROUPS = [State.RETURNED, State.DRAFT, State.SUBMITTED, State.PUBLISHED, State.OFFLINE]
# The notifications page lists this many, newest first.
NOTIFICATION_LIMIT = 50
# Errors the services report on fields the form shows under another name.
SERVICE_FIELD_TO_FORM_FIELD = {"service_minutes": "service_hours", "reason": None}


def _get_activity_for_user(request, pk):
    """The activity `pk` if it belongs to one of the user's party organizations, else 404."""
    queryset = Activity.objects.for_secretary(request.user).select_related(
        "organizer",
        "pairing__party_organization",
        "pairing__partner_party_organization",
        "pairing__partner_organization",
    )
    return get_object_or_404(queryset, pk=pk)


def _get_photo_for_user(request, pk):
    """The photo `pk` if its activity belongs to one of the user's party organizations, else 404."""
    queryset = ActivityPhoto.objects.filter(activity__in=Activity.objects.for_secretary(request.user))
    return get_object_or_404(queryset.select_related("activity"), pk=pk)


def _content(form):
    return {name: form.cleaned_data[name] for name in services.CONTENT_FIELDS if name in form.cleaned_data}


def _add_service_errors(form, error):
    """Show a refusal from the services on the form it came from."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = SERVICE_FIELD_TO_FORM_FIELD.get(field, field)
            form.add_error(target if target in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _post_only():
    # After the lookup, so that another organization's id is a 404 whatever the method.
    return HttpResponseNotAllowed(["POST"])


def _refused(request, error):
    for message in error.messages:
        messages.error(request, message)


@login_required
def dashboard(request):
    party_organizations = list(PartyOrganization.objects.for_secretary(request.user))
    activities = Activity.objects.filter(organizer__in=party_organizations)
    counts = dict(activities.order_by().values_list("state").annotate(n=Count("pk")))
    # The newest few of each state in one query: rows numbered within their state.
    listed = (
        activities.filter(state__in=DASHBOARD_GROUPS)
        .select_related("organizer")
        .annotate(
            photo_count=Count("photos"),
            rank=Window(RowNumber(), partition_by=[F("state")], order_by=[F("updated_at").desc(), F("pk").desc()]),
        )
        .filter(rank__lte=DASHBOARD_LIMIT)
        .order_by("-updated_at", "-pk")
    )
    newest = {}
    for activity in listed:
        newest.setdefault(activity.state, []).append(activity)
    groups = [
        {"state": state, "label": state.label, "total": counts.get(state, 0), "activities": newest.get(state, [])}
        for state in DASHBOARD_GROUPS
    ]
    return render(
        request,
        "activities/my_dashboard.html",
        {
            "party_organizations": party_organizations,
            "groups": groups,
            "limit": DASHBOARD_LIMIT,
        },
    )


@login_required
def activity_detail(request, pk):
    activity = _get_activity_for_user(request, pk)
    co_organizers = list(activity.co_organizers.only("pk", "name"))
    photos = list(activity.photos.all())
    return render(
        request,
        "activities/my_activity_detail.html",
        {
            "activity": activity,
            "co_organizers": co_organizers,
            "photos": photos,
        },
    )


@login_required
def activity_create(request):
    has_organizations = PartyOrganization.objects.for_secretary(request.user).exists()
    form = ActivityForm(request.POST or None, request.FILES or None, user=request.user, picker=request.GET)
    if request.method == "POST" and has_organizations and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            activity = services.activity_create(
                user=request.user,
                data=_content(form),
                co_organizers=form.cleaned_data["co_organizers"],
                new_photos=form.cleaned_data["new_photos"],
                submission_key=form.cleaned_data["submission_key"],
                submit=submit,
            )
        except services.ActivityAlreadyCreated as duplicate:
            messages.info(request, "这张表单已经保存过，没有重复建立活动。")
            return redirect("my:activity_detail", pk=duplicate.activity.pk)
        except services.ActivityActionRefused as error:
            _add_service_errors(form, error)
        else:
            if submit:
                messages.success(request, f"活动“{activity.title}”已保存并提交审核。")
            else:
                messages.success(request, f"活动“{activity.title}”已保存为草稿。")
            return redirect("my:activity_detail", pk=activity.pk)
    return render(
        request,
        "activities/my_activity_form.html",
        {"form": form, "activity": None, "photo_formset": None, "has_organizations": has_organizations},
    )


@login_required
def activity_edit(request, pk):
    activity = _get_activity_for_user(request, pk)
    if request.method != "POST" and not activity.secretary_can_edit:
        hint = "如需修改，请先撤回。" if activity.state == State.SUBMITTED else ""
        messages.warning(request, f"“{activity.get_state_display()}”的活动不能修改。{hint}")
        return redirect("my:activity_detail", pk=activity.pk)
    form = ActivityForm(
        request.POST or None, request.FILES or None, instance=activity, user=request.user, picker=request.GET
    )
    photo_formset = PhotoFormSet(request.POST or None, queryset=activity.photos.all(), prefix="photos")
    if request.method == "POST":
        form_valid = form.is_valid()
        photos_valid = photo_formset.is_valid()
        if form_valid and photos_valid:
            deleted = photo_formset.deleted_forms
            submit = request.POST.get("action") == "submit"
            try:
                services.activity_update(
                    activity=activity,
                    user=request.user,
                    expected_version=form.cleaned_data["version"],
                    data=_content(form),
                    co_organizers=form.cleaned_data["co_organizers"],
                    new_photos=form.cleaned_data["new_photos"],
                    photo_edits=[
                        services.PhotoEdit(
                            photo=photo_form.instance,
                            caption=photo_form.cleaned_data.get("caption", ""),
                            position=photo_form.cleaned_data.get("position") or 0,
                        )
                        for photo_form in photo_formset.initial_forms
                        if photo_form not in deleted
                    ],
                    removed_photos=[photo_form.instance for photo_form in deleted],
                    submit=submit,
                )
            except services.ActivityActionRefused as error:
                _add_service_errors(form, error)
            else:
                if submit:
                    messages.success(request, f"活动“{activity.title}”已保存并提交审核。")
                else:
                    messages.success(request, f"活动“{activity.title}”的修改已保存。")
                return redirect("my:activity_detail", pk=activity.pk)
    return render(
        request,
        "activities/my_activity_form.html",
        {"form": form, "activity": activity, "photo_formset": photo_formset, "has_organizations": True},
    )


@login_required
def co_organizer_search(request):
    """Party organizations to add as co-organizers, as JSON for the form's picker (one query).

    Only secretaries (bound to a party organization) get answers; the names are public."""
    if not PartyOrganization.objects.for_secretary(request.user).exists():
        return JsonResponse({"results": [], "error": "您的账号还没有绑定党组织。"}, status=403)
    rows = find_party_organizations(request.GET.get("q", ""), PICKER_RESULTS)
    return JsonResponse({"results": [{"id": pk, "name": name} for pk, name in rows]})


def _state_step(request, pk, step, verb, done):
    """A POST-only state change of one of the user's activities through its service."""
    activity = _get_activity_for_user(request, pk)
    if request.method != "POST":
        return _post_only()
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"页面已过期，请刷新后再{verb}。")
        return redirect("my:activity_detail", pk=activity.pk)
    try:
        step(activity=activity, user=request.user, expected_version=form.cleaned_data["version"])
    except services.ActivityActionRefused as error:
        _refused(request, error)
    else:
        messages.success(request, f"活动“{activity.title}”{done}")
    return redirect("my:activity_detail", pk=activity.pk)


@login_required
def activity_submit(request, pk):
    return _state_step(request, pk, services.activity_submit, "提交", "已提交审核。")


@login_required
def activity_withdraw(request, pk):
    return _state_step(request, pk, services.activity_withdraw, "撤回", "已撤回为草稿，可以继续修改。")


@login_required
def photo_delete(request, pk):
    photo = _get_photo_for_user(request, pk)
    if request.method != "POST":
        return _post_only()
    activity = photo.activity
    form = VersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "页面已过期，请刷新后再删除照片。")
        return redirect("my:activity_detail", pk=activity.pk)
    try:
        services.activity_photo_remove(photo=photo, user=request.user, expected_version=form.cleaned_data["version"])
    except services.ActivityActionRefused as error:
        _refused(request, error)
    else:
        messages.success(request, "照片已删除。")
    return redirect("my:activity_detail", pk=activity.pk)


@login_required
def photo_move(request, pk):
    photo = _get_photo_for_user(request, pk)
    if request.method != "POST":
        return _post_only()
    activity = photo.activity
    form = PhotoMoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "页面已过期，请刷新后再调整照片顺序。")
        return redirect("my:activity_detail", pk=activity.pk)
    order = list(activity.photos.values_list("pk", flat=True))
    index = order.index(photo.pk)
    target = index - 1 if form.cleaned_data["direction"] == "up" else index + 1
    if 0 <= target < len(order):
        order[index], order[target] = order[target], order[index]
    try:
        services.activity_photo_reorder(
            activity=activity, user=request.user, photo_ids=order, expected_version=form.cleaned_data["version"]
        )
    except services.ActivityActionRefused as error:
        _refused(request, error)
    else:
        messages.success(request, "照片顺序已调整。")
    return redirect("my:activity_detail", pk=activity.pk)


@login_required
def notifications(request):
    """The user's notifications (review outcomes and staff messages), newest first; those not seen before are marked 新
    on this visit, and count as seen from then on."""
    listed = list(
        Notification.objects.filter(recipient=request.user)
        .select_related("activity", "activity__organizer")
        .order_by("-created_at", "-pk")[:NOTIFICATION_LIMIT]
    )
    Notification.objects.filter(recipient=request.user, seen_at__isnull=True).update(seen_at=timezone.now())
    preference = NotificationPreference.objects.filter(user=request.user).first()
    form = NotificationPreferenceForm(initial={"email": preference.email if preference else True})
    return render(
        request,
        "activities/my_notifications.html",
        {"notifications": listed, "limit": NOTIFICATION_LIMIT, "form": form, "has_email": bool(request.user.email)},
    )


@login_required
def notification_open(request, pk):
    """Open the activity a notification is about (and count the notification as seen)."""
    notification = get_object_or_404(Notification.objects.filter(recipient=request.user), pk=pk)
    if notification.seen_at is None:
        Notification.objects.filter(pk=notification.pk).update(seen_at=timezone.now())
    return redirect("my:activity_detail", pk=notification.activity_id)


@login_required
def notification_settings(request):
    if request.method != "POST":
        return _post_only()
    form = NotificationPreferenceForm(request.POST)
    if not form.is_valid():
        messages.error(request, "页面已过期，请刷新后再保存。")
        return redirect("my:notifications")
    preference, _ = NotificationPreference.objects.get_or_create(user=request.user)
    preference.email = form.cleaned_data["email"]
    preference._history_user = request.user
    preference.save()
    if preference.email:
        messages.success(request, "已保存：审核结果和工作人员留言会同时发送到您的邮箱。")
    else:
        messages.success(request, "已保存：审核结果和工作人员留言只在“我的通知”中显示，不再发送邮件。")
    return redirect("my:notifications")
