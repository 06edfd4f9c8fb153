"""The review workflow in the admin: a 待审核 queue, approve / return / take offline, one at a time or in bulk.

Put `ActivityReviewAdminMixin` in front of the activity admin class:

    class ActivityAdmin(ActivityReviewAdminMixin, SimpleHistoryAdmin): ...

It adds the queue filter, the actions, a review page per activity (linked from the
list), makes the workflow fields read-only (they change only through
`activities.services`), and bumps `version` when staff edit an activity so that a
secretary's form loaded before is not saved over the staff's change.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from . import services
from .models import Activity

State = Activity.State

QUEUE_PARAMETER = "review"
QUEUE_PENDING = "pending"
# Workflow fields: set by the services, never typed into the change form.
REVIEW_READONLY_FIELDS = (
    "state",
    "review_reason",
    "submitted_at",
    "reviewed_by",
    "reviewed_at",
    "published_at",
    "created_by",
)
# How many refusals a bulk action lists by name before summing up the rest.
REFUSALS_LISTED = 10


class ReviewQueueFilter(admin.SimpleListFilter):
    """待审核: submitted activities, oldest submission first."""

    title = "审核队列"
    parameter_name = QUEUE_PARAMETER

    def lookups(self, request, model_admin):
        return [(QUEUE_PENDING, "待审核（按提交先后）")]

    def queryset(self, request, queryset):
        if self.value() == QUEUE_PENDING:
            return queryset.filter(state=State.SUBMITTED)
        return queryset


class ReturnReasonForm(forms.Form):
    reason = forms.CharField(
        label="退回理由",
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
        help_text="书记会在“我的工作台”和通知邮件中看到这段理由，请写明需要修改什么。",
        error_messages={"required": "退回时必须填写退回理由。"},
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("退回时必须填写退回理由。")
        return reason


class StaffMessageForm(forms.Form):
    text = forms.CharField(
        label="留言内容",
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=services.MESSAGE_MAX_LENGTH,
        help_text="书记会在“我的通知”中看到这段留言（按其设置同时发送邮件），留言附有该活动的链接。",
        error_messages={"required": "请填写留言内容。", "max_length": "留言最多 %(limit_value)d 字。"},
    )


class OfflineReasonForm(forms.Form):
    reason = forms.CharField(
        label="下线说明（可选）",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


@dataclass(frozen=True)
class ReviewStep:
    """One decision a reviewer can take: its service, the form of its reason (if any) and what it did."""

    label: str
    service: Callable
    reason_form: type[forms.Form] | None
    done: str


REVIEW_STEPS = {
    "approve": ReviewStep("审核通过", services.activity_approve, None, "已审核通过并发布"),
    "return": ReviewStep("退回", services.activity_return, ReturnReasonForm, "已退回"),
    "offline": ReviewStep("下线", services.activity_take_offline, OfflineReasonForm, "已下线"),
}


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[(name, step.label) for name, step in REVIEW_STEPS.items()])
    version = forms.IntegerField(min_value=1)


class ActivityReviewAdminMixin:
    review_template = "admin/activities/activity_review.html"
    return_selected_template = "admin/activities/activity_return_selected.html"
    review_actions = ("approve_selected", "return_selected", "take_offline_selected", "submit_selected")

    # -- list ---------------------------------------------------------------

    def get_list_filter(self, request):
        return [ReviewQueueFilter, *[f for f in super().get_list_filter(request) if f is not ReviewQueueFilter]]

    def get_list_display(self, request):
        display = list(super().get_list_display(request))
        return [*display, "review_link"] if "review_link" not in display else display

    def get_ordering(self, request):
        if request.GET.get(QUEUE_PARAMETER) == QUEUE_PENDING:
            return ["submitted_at", "pk"]
        return super().get_ordering(request)

    @admin.display(description="审核")
    def review_link(self, obj):
        labels = {State.SUBMITTED: "审核", State.PUBLISHED: "下线…"}
        label = labels.get(obj.state)
        if label is None:
            return "—"
        url = reverse(f"{self.admin_site.name}:activities_activity_review", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, label)

    # -- form ---------------------------------------------------------------

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return fields + [name for name in REVIEW_READONLY_FIELDS if name not in fields]

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if change:
            # A staff edit is a change too: forms loaded at the old version are refused.
            Activity.objects.filter(pk=obj.pk).update(version=F("version") + 1)
            obj.refresh_from_db(fields=["version"])

    # -- actions ------------------------------------------------------------

    def get_actions(self, request):
        actions = super().get_actions(request)
        if IS_POPUP_VAR in request.GET or not self.has_change_permission(request):
            return actions
        for name in self.review_actions:
            action = self.get_action(name)
            if action is not None:
                actions[name] = action
        return actions

    def _apply_to_each(self, request, queryset, change, done_message):
        done, refusals = 0, []
        for activity in queryset.select_related(None).order_by("pk"):
            try:
                change(activity)
            except services.ActivityActionRefused as error:
                refusals.append(f"“{activity.title}”：{'；'.join(error.messages)}")
            else:
                done += 1
        if done:
            self.message_user(request, done_message.format(count=done), messages.SUCCESS)
        if refusals:
            listed = "　".join(refusals[:REFUSALS_LISTED])
            more = f"　另有 {len(refusals) - REFUSALS_LISTED} 项未处理。" if len(refusals) > REFUSALS_LISTED else ""
            self.message_user(request, f"{len(refusals)} 项未处理：{listed}{more}", messages.WARNING)

    def _review_each(self, request, queryset, decision, **reason):
        step = REVIEW_STEPS[decision]
        self._apply_to_each(
            request,
            queryset,
            lambda activity: step.service(activity=activity, user=request.user, **reason),
            f"{step.done} {{count}} 项活动。",
        )

    @admin.action(description="审核通过并发布所选活动", permissions=["change"])
    def approve_selected(self, request, queryset):
        self._review_each(request, queryset, "approve")

    @admin.action(description="退回所选活动（需填写理由）", permissions=["change"])
    def return_selected(self, request, queryset):
        form = ReturnReasonForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._review_each(request, queryset, "return", reason=form.cleaned_data["reason"])
            return None
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "title": "退回所选活动",
            "opts": self.opts,
            "activities": list(queryset.select_related("organizer").order_by("pk")),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "action_name": "return_selected",
        }
        return TemplateResponse(request, self.return_selected_template, context)

    @admin.action(description="下线所选活动（不再公开）", permissions=["change"])
    def take_offline_selected(self, request, queryset):
        self._review_each(request, queryset, "offline")

    @admin.action(description="代为提交审核（草稿、已退回）", permissions=["change"])
    def submit_selected(self, request, queryset):
        self._apply_to_each(
            request,
            queryset,
            lambda activity: services.activity_submit(activity=activity, user=request.user),
            "已提交审核 {count} 项活动。",
        )

    # -- one at a time ------------------------------------------------------

    def get_urls(self):
        review = path(
            "<path:object_id>/review/",
            self.admin_site.admin_view(self.review_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_review",
        )
        message = path(
            "<path:object_id>/message/",
            self.admin_site.admin_view(self.message_view),
            name=f"{self.opts.app_label}_{self.opts.model_name}_message",
        )
        return [review, message, *super().get_urls()]

    def message_view(self, request, object_id):
        """Send the activity's secretaries a message (POST from the review page's form)."""
        activity = self.get_object(request, unquote(object_id))
        if activity is None:
            raise Http404("活动不存在。")
        if not self.has_change_permission(request, activity):
            raise PermissionDenied
        review_url = reverse(f"{self.admin_site.name}:activities_activity_review", args=[activity.pk])
        if request.method != "POST":
            return redirect(review_url)
        form = StaffMessageForm(request.POST)
        if not form.is_valid():
            self.message_user(request, "；".join(form.errors["text"]), messages.ERROR)
            return redirect(review_url)
        try:
            users = services.send_staff_message(activity=activity, user=request.user, text=form.cleaned_data["text"])
        except services.ActivityActionRefused as error:
            self.message_user(request, "；".join(error.messages), messages.ERROR)
        else:
            names = "、".join(user.get_full_name() or user.get_username() for user in users)
            self.message_user(request, f"已给 {names} 留言，对方会在“我的通知”中看到。", messages.SUCCESS)
        return redirect(review_url)

    def review_view(self, request, object_id):
        activity = self.get_object(request, unquote(object_id))
        if activity is None:
            raise Http404("活动不存在。")
        if not self.has_change_permission(request, activity):
            raise PermissionDenied
        reason_forms = {name: step.reason_form(prefix=name) for name, step in REVIEW_STEPS.items() if step.reason_form}
        if request.method == "POST":
            decision = ReviewDecisionForm(request.POST)
            if not decision.is_valid():
                self.message_user(request, "页面已过期，请刷新后再审核。", messages.ERROR)
                return redirect(request.path)
            if self._review_step(request, activity, decision.cleaned_data, reason_forms):
                queue = reverse(f"{self.admin_site.name}:activities_activity_changelist")
                return redirect(f"{queue}?{QUEUE_PARAMETER}={QUEUE_PENDING}")
            activity.refresh_from_db()
        request.current_app = self.admin_site.name
        context = {
            **self.admin_site.each_context(request),
            "title": f"审核：{activity.title}",
            "opts": self.opts,
            "original": activity,
            "activity": activity,
            "co_organizers": list(activity.co_organizers.only("pk", "name")),
            "photos": list(activity.photos.all()),
            "return_form": reason_forms["return"],
            "offline_form": reason_forms["offline"],
            "message_form": StaffMessageForm(),
            "message_recipients": services.message_recipients(activity),
            "message_url": reverse(f"{self.admin_site.name}:activities_activity_message", args=[activity.pk]),
            "change_url": reverse(f"{self.admin_site.name}:activities_activity_change", args=[activity.pk]),
        }
        return TemplateResponse(request, self.review_template, context)

    def _review_step(self, request, activity, decision, reason_forms):
        """Take one reviewer's decision through its service; True when done.

        A reason form that does not validate is left bound in `reason_forms` (the page shows
        it with its errors and the text typed)."""
        name = decision["decision"]
        step = REVIEW_STEPS[name]
        reason = {}
        if step.reason_form:
            form = reason_forms[name] = step.reason_form(request.POST, prefix=name)
            if not form.is_valid():
                self.message_user(request, "；".join(form.errors["reason"]), messages.ERROR)
                return False
            reason = {"reason": form.cleaned_data["reason"]}
        try:
            step.service(activity=activity, user=request.user, expected_version=decision["version"], **reason)
        except services.ActivityActionRefused as error:
            self.message_user(request, "；".join(error.messages), messages.ERROR)
            return False
        self.message_user(request, f"“{activity.title}”{step.done}。", messages.SUCCESS)
        return True
