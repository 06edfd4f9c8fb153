import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe

from gzpartybuild.caching import cached
from gzpartybuild.formfields import BoundedIdsMultipleChoiceField
from gzpartybuild.images import MAX_UPLOAD_BYTES, check_request_pixels, clean_uploaded_image
from partybranches.models import PartyOrganization

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


@cached("co_organizer_options", PartyOrganization)
def co_organizer_options():
    """<option>s of every active party organization, by name: rendered once per change, not per form.

    At ten times the article's scale there are 17,000 of them; Django's widget renders each
    option through a template, which takes over a second."""
    rows = PartyOrganization.objects.active().order_by("name", "pk").values_list("pk", "name")
    return "".join(f'<option value="{pk}">{escape(name)}</option>' for pk, name in rows)


class CoOrganizerSelect(forms.SelectMultiple):
    """A multiple select of every active party organization, its options from co_organizer_options()."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        final_attrs["multiple"] = True
        options = co_organizer_options()
        for selected in self.format_value(value):
            if selected.isdigit():
                option = f'<option value="{selected}">'
                options = options.replace(option, f'<option value="{selected}" selected>', 1)
        return mark_safe(f"<select{flatatt(final_attrs)}>{options}</select>")


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
    funds = forms.DecimalField(label="投入资金（元）", min_value=0, max_digits=14, decimal_places=2, initial=0)
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
        fields = [
            "title",
            "kind",
            "organizer",
            "pairing",
            "co_organizers",
            "starts_at",
            "ends_at",
            "district",
            "street",
            "place",
            "party_members",
            "volunteers",
            "people_served",
            "funds",
            "description",
        ]
        field_classes = {"co_organizers": BoundedIdsMultipleChoiceField}
        widgets = {
            "pairing": PairingSelect,
            "co_organizers": CoOrganizerSelect(attrs={"size": 6}),
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "co_organizers": "可多选（电脑上按住 Ctrl 或 ⌘ 键）；主办党组织本身不能作为协办。",
            "pairing": "只列出本党组织的结对共建；不属于结对共建的活动留空。",
            "description": "写明活动做了什么、服务了谁、取得了什么效果。",
        }

    def __init__(self, *args, user, **kwargs):
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
        pairing.error_messages["invalid_choice"] = "只能选择主办党组织自己的结对共建。"
        co_organizers = self.fields["co_organizers"]
        # Validates the posted choices; the options shown come from CoOrganizerSelect's cache.
        co_organizers.queryset = PartyOrganization.objects.active().only("pk", "name")
        co_organizers.error_messages["invalid_choice"] = "所选协办党组织不存在或已归档。"
        self.fields["district"].choices = [("", "请选择所在区"), *self.fields["district"].choices[1:]]

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
            hours, minutes = divmod(self.instance.service_minutes, 60)
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
        if organizer is not None and co_organizers is not None and organizer in co_organizers:
            self.add_error("co_organizers", "主办党组织不能同时作为协办党组织。")
        # End before start and another organization's pairing are refused by Activity.clean().
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
