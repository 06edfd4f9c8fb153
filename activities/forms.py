import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, Value, When
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from gzpartybuild.filters import SEARCH_MAX_LENGTH
from gzpartybuild.formfields import BoundedIdsMultipleChoiceField
from partybranches.models import PartyOrganization
from uploads.images import MAX_UPLOAD_BYTES, check_request_pixels, clean_uploaded_image

from . import rules
from .models import Activity, ActivityPhoto, Pairing
from .services import MAX_PHOTOS, NewPhoto

DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]
CAPTION_MAX_LENGTH = ActivityPhoto._meta.get_field("caption").max_length
NEW_PHOTO_CAPTION_NAME = "new_photo_caption"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file input that takes several files at once; cleans to a list."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        if isinstance(data, list | tuple):
            return [single_clean(item, initial) for item in data if item]
        return [single_clean(data, initial)] if data else []


class PairingSelect(forms.Select):
    """Each option says which party organization the pairing belongs to (the page hides the others)."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        instance = getattr(value, "instance", None)
        if instance is not None:
            option["attrs"]["data-organizer"] = str(instance.party_organization_id)
        return option


# How many party organizations a co-organizer search shows (the picker and its no-script page).
PICKER_RESULTS = 20
# The no-script search's parameters (a GET form of its own, outside the activity form).
PICKER_QUERY = "co_q"
PICKER_CHOSEN = "co"
PICKER_FORM_ID = "co-organizer-search"


def find_party_organizations(query, limit=PICKER_RESULTS):
    """Active party organizations whose name contains `query`: names starting with it first,
    then by name; at most `limit` of them (one query)."""
    query = " ".join((query or "").split())[:SEARCH_MAX_LENGTH]
    if not query:
        return []
    rows = (
        PartyOrganization.objects.active()
        .filter(name__icontains=query)
        .annotate(starts=Case(When(name__istartswith=query, then=Value(0)), default=Value(1)))
        .order_by("starts", "name", "pk")
        .values_list("pk", "name")[:limit]
    )
    return list(rows)


class CoOrganizerPicker(forms.SelectMultiple):
    """The co-organizers as checkboxes: the chosen ones, and the party organizations found by a search.

    Never lists every party organization (there are 17,000 at ten times the article's scale).
    With scripts (static/js/co-organizer-picker.js) the search answers as the secretary types;
    without, its button sends a GET form of its own (PICKER_FORM_ID, outside the activity form)
    and the page comes back with the matches to tick. `search` is that GET's search text."""

    search = ""
    search_url = ""
    # Names already known (the edit form's current co-organizers): no query for them.
    known_names = {}

    def id_for_label(self, id_):
        # The field's label names the search box; each checkbox has a label of its own.
        return f"{id_}_search" if id_ else id_

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        base_id = final_attrs.get("id") or f"id_{name}"
        chosen_ids = [pk for pk in self.format_value(value) if pk.isdigit()]
        found = find_party_organizations(self.search, PICKER_RESULTS + len(chosen_ids)) if self.search else []
        names = {**self.known_names, **dict(found)}
        if chosen_ids:
            missing = [int(pk) for pk in chosen_ids if int(pk) not in names]
            if missing:
                names.update(PartyOrganization.objects.active().filter(pk__in=missing).values_list("pk", "name"))
        chosen = [(int(pk), names[int(pk)]) for pk in chosen_ids if int(pk) in names]
        chosen_set = {pk for pk, _ in chosen}
        results = [(pk, name) for pk, name in found if pk not in chosen_set][:PICKER_RESULTS]
        self.chosen = chosen

        def item(pk, label, checked):
            box_id = f"{base_id}_{pk}"
            return format_html(
                '<li class="form-check"><input class="form-check-input" type="checkbox" name="{}" value="{}"'
                ' id="{}"{}><label class="form-check-label" for="{}">{}</label></li>',
                name,
                pk,
                box_id,
                mark_safe(" checked") if checked else "",
                box_id,
                label,
            )

        if not self.search:
            status = ""
        elif results:
            status = f"找到 {len(results)} 个名称含“{self.search}”的党组织，勾选即可添加。"
        else:
            status = f"没有找到名称含“{self.search}”的党组织。"
        return format_html(
            '<div class="co-organizer-picker" data-co-organizer-picker data-search-url="{url}" data-name="{name}"'
            ' data-base-id="{base_id}">'
            '<p class="form-text mb-1" id="{base_id}_chosen_label">'
            "已选协办党组织：<span data-picker-none{none_hidden}>无</span></p>"
            '<ul class="list-unstyled mb-2" aria-labelledby="{base_id}_chosen_label" data-picker-chosen>{chosen}</ul>'
            '<div class="input-group">'
            '<input type="search" class="form-control" id="{base_id}_search" name="{query_name}" form="{form_id}"'
            ' value="{search}" maxlength="50" autocomplete="off" placeholder="输入党组织名称中的字词"'
            ' aria-describedby="{base_id}_status {base_id}_helptext" aria-controls="{base_id}_results">'
            '<button type="submit" class="btn btn-outline-secondary" form="{form_id}">查找</button>'
            "</div>"
            '<p class="form-text mb-1" id="{base_id}_status" role="status" aria-live="polite">{status}</p>'
            '<ul class="list-unstyled" id="{base_id}_results" aria-label="查找结果" data-picker-results>{results}</ul>'
            "</div>",
            url=self.search_url,
            name=name,
            base_id=base_id,
            none_hidden=mark_safe(" hidden") if chosen else "",
            chosen=mark_safe("".join(item(pk, label, True) for pk, label in chosen)),
            query_name=PICKER_QUERY,
            form_id=PICKER_FORM_ID,
            search=self.search,
            status=status,
            results=mark_safe("".join(item(pk, label, False) for pk, label in results)),
        )


class ActivityForm(forms.ModelForm):
    """A secretary's activity: the fields, the service time as hours + minutes, and new photos.

    A new activity's form carries a one-time `submission_key` (a double click creates one
    activity); an existing one's carries the `version` it was loaded at (an activity that
    changed meanwhile is not overwritten).
    """

    starts_at = forms.DateTimeField(
        label="开始时间",
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label="结束时间",
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    service_hours = forms.IntegerField(
        label="服务时长（小时）", min_value=0, max_value=1_000_000, initial=0, widget=forms.NumberInput()
    )
    service_minutes_part = forms.IntegerField(
        label="服务时长（分钟）",
        min_value=0,
        max_value=59,
        initial=0,
        help_text="0–59 分钟，与小时合计为总服务时长。",
    )
    funds = forms.DecimalField(
        label="投入资金（元）",
        min_value=0,
        max_digits=14,
        decimal_places=2,
        initial=0,
        error_messages={"min_value": rules.ACTIVITY_FUNDS_NEGATIVE},
    )
    new_photos = MultipleFileField(
        label="添加照片",
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=(
            f"可一次选择多张；JPEG、PNG 或 WebP，每张不超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB、"
            f"4000 万像素，每个活动最多 {MAX_PHOTOS} 张。照片的位置等元数据会被去除。"
        ),
    )
    submission_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Activity
        # The service time is shown as hours + minutes (service_hours, service_minutes_part).
        fields = [name for name in rules.ACTIVITY_FIELDS if name != "service_minutes"]
        field_classes = {"co_organizers": BoundedIdsMultipleChoiceField}
        widgets = {
            "pairing": PairingSelect,
            "co_organizers": CoOrganizerPicker,
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "co_organizers": (
                "输入名称中的字词查找并勾选，可选多个；主办党组织本身不能作为协办。"
                "浏览器未启用脚本时，“查找”会重新打开本页，请先选好协办党组织再填写其他内容。"
            ),
            "pairing": "只列出本党组织的结对共建；不属于结对共建的活动留空。",
            "description": "写明活动做了什么、服务了谁、取得了什么效果。",
        }

    def __init__(self, *args, user, picker=None, **kwargs):
        """`picker`: the page's GET parameters, for the co-organizer search without scripts."""
        super().__init__(*args, **kwargs)
        self.user = user
        is_new = self.instance.pk is None
        own = PartyOrganization.objects.for_secretary(user)
        organizer = self.fields["organizer"]
        organizer.queryset = own
        organizer.empty_label = "请选择主办党组织"
        organizer.error_messages["invalid_choice"] = "只能选择您所在的党组织作为主办党组织。"
        pairing = self.fields["pairing"]
        pairing.queryset = Pairing.objects.filter(party_organization__in=own).select_related(
            "party_organization", "partner_party_organization", "partner_organization"
        )
        pairing.empty_label = "不属于结对共建"
        pairing.error_messages["invalid_choice"] = rules.ACTIVITY_PAIRING_NOT_OWN
        co_organizers = self.fields["co_organizers"]
        # Validates the posted choices; the picker shows only the chosen ones and a search's matches.
        co_organizers.queryset = PartyOrganization.objects.active().only("pk", "name")
        co_organizers.error_messages["invalid_choice"] = "所选协办党组织不存在或已归档。"
        co_organizers.widget.search_url = reverse("my:co_organizer_search")
        current = self.initial.get("co_organizers") or []
        co_organizers.widget.known_names = {
            party.pk: party.name for party in current if isinstance(party, PartyOrganization)
        }
        if picker is not None and not self.is_bound:
            co_organizers.widget.search = " ".join(picker.get(PICKER_QUERY, "").split())[:SEARCH_MAX_LENGTH]
            chosen = [pk for pk in picker.getlist(PICKER_CHOSEN) if pk.isdigit() and len(pk) < 19]
            if chosen:
                self.initial["co_organizers"] = chosen
        self.fields["district"].choices = [("", "请选择所在区"), *self.fields["district"].choices[1:]]
        # A secretary records what the activity did: each figure is required (0 when none).
        for name in ("party_members", "volunteers", "people_served"):
            self.fields[name].required = True
            self.fields[name].initial = 0

        if is_new:
            del self.fields["version"]
            if not self.is_bound:
                self.initial["submission_key"] = uuid.uuid4()
                own_list = list(own[:2])
                if len(own_list) == 1:
                    self.initial["organizer"] = own_list[0].pk
        else:
            del self.fields["submission_key"]
            self.initial.setdefault("version", self.instance.version)
            hours, minutes = divmod(self.instance.service_minutes or 0, 60)
            self.initial.setdefault("service_hours", hours)
            self.initial.setdefault("service_minutes_part", minutes)

        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset("基本信息", "title", "kind", "organizer", "pairing", "co_organizers"),
            Fieldset(
                "时间和地点",
                Row(Column("starts_at", css_class="col-sm-6"), Column("ends_at", css_class="col-sm-6")),
                "district",
                "street",
                "place",
            ),
            Fieldset(
                "参与和成效",
                Row(Column("party_members", css_class="col-sm-6"), Column("volunteers", css_class="col-sm-6")),
                Row(
                    Column("service_hours", css_class="col-sm-6"),
                    Column("service_minutes_part", css_class="col-sm-6"),
                ),
                Row(Column("people_served", css_class="col-sm-6"), Column("funds", css_class="col-sm-6")),
            ),
            Fieldset("活动内容", "description"),
            "submission_key" if is_new else "version",
        )

    def clean_new_photos(self):
        files = self.cleaned_data.get("new_photos") or []
        # Counted, and the pixels claimed by the headers summed, before anything is decoded.
        if len(files) > MAX_PHOTOS:
            raise ValidationError(f"每个活动最多 {MAX_PHOTOS} 张照片，这次选择了 {len(files)} 张。")
        check_request_pixels(files)
        captions = self.data.getlist(NEW_PHOTO_CAPTION_NAME) if hasattr(self.data, "getlist") else []
        photos, errors = [], []
        for index, upload in enumerate(files):
            caption = captions[index].strip() if index < len(captions) else ""
            try:
                image = clean_uploaded_image(upload)
            except ValidationError as error:
                errors.extend(error.messages)
                continue
            if len(caption) > CAPTION_MAX_LENGTH:
                errors.append(f"照片“{image.name}”的说明超过 {CAPTION_MAX_LENGTH} 个字，请缩短。")
                continue
            photos.append(NewPhoto(image=image, caption=caption))
        if errors:
            errors.append("其他内容已保留；浏览器不能保留已选的文件，请重新选择照片。")
            raise ValidationError(errors)
        if len(photos) > MAX_PHOTOS:
            raise ValidationError(f"每个活动最多 {MAX_PHOTOS} 张照片，这次选择了 {len(photos)} 张。")
        return photos

    def clean(self):
        cleaned = super().clean()
        if "submission_key" in self.fields and not cleaned.get("submission_key"):
            raise ValidationError("表单已失效，请重新打开“新建活动”页面填写。", code="no_key")
        if "version" in self.fields and cleaned.get("version") is None:
            raise ValidationError("表单已失效，请重新打开该活动的编辑页面。", code="no_version")
        hours, minutes = cleaned.get("service_hours"), cleaned.get("service_minutes_part")
        if hours is not None and minutes is not None:
            cleaned["service_minutes"] = hours * 60 + minutes
        organizer = cleaned.get("organizer")
        co_organizers = cleaned.get("co_organizers")
        if organizer is not None and co_organizers is not None:
            if rules.co_organizer_is_organizer(organizer.pk, co_organizers):
                self.add_error("co_organizers", rules.ACTIVITY_CO_ORGANIZER_IS_ORGANIZER)
        # The other rules (activities.rules) are checked by Activity.clean().
        return cleaned


class PhotoForm(forms.ModelForm):
    class Meta:
        model = ActivityPhoto
        fields = ["caption", "position"]
        labels = {"caption": "照片说明", "position": "顺序"}
        widgets = {"position": forms.NumberInput(attrs={"min": 0, "max": 999})}


class BasePhotoFormSet(forms.BaseModelFormSet):
    """The photos already stored: caption, position and removal; never a new row (edit_only)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "删除这张照片"


PhotoFormSet = forms.modelformset_factory(
    ActivityPhoto,
    form=PhotoForm,
    formset=BasePhotoFormSet,
    extra=0,
    can_delete=True,
    edit_only=True,
    max_num=MAX_PHOTOS,
)


class VersionForm(forms.Form):
    """The version a state-changing button was shown at (detail page buttons)."""

    version = forms.IntegerField(min_value=1)


class PhotoMoveForm(VersionForm):
    direction = forms.ChoiceField(choices=[("up", "上移"), ("down", "下移")])


class NotificationPreferenceForm(forms.Form):
    email = forms.BooleanField(
        label="审核结果同时发送到我的邮箱",
        required=False,
        help_text="关闭后，审核结果只在“我的通知”和页面顶部的提醒中显示。",
    )
