"""Filter forms of the staff reports: every field optional, every bad value a Chinese message."""

from django import forms
from django.utils import timezone

from activities.models import Activity
from organizations.models import District, SocialOrganization
from partybranches.models import PartyOrganization

from . import queries

ALL = [("", "全部")]
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"]


class ReportDateField(forms.DateField):
    """A date typed as 2020-07-01, 2020/7/1 or 2020年7月1日 (or picked in the browser)."""

    default_error_messages = {"invalid": "请输入有效的日期，如 2020-07-01、2020/7/1 或 2020年7月1日。"}

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
        super().__init__(**kwargs)


def _choice(label, choices):
    return forms.ChoiceField(label=label, choices=ALL + list(choices), required=False)


class CoverageFilterForm(forms.Form):
    org_type = _choice("组织类型", SocialOrganization.Type.choices)
    level = _choice("登记层级", SocialOrganization.Level.choices)
    field = _choice("活动领域", SocialOrganization.Field.choices)


class RiskFilterForm(forms.Form):
    SITUATIONS = [
        ("", "全部"),
        (queries.RISK_NONE, "未建立任何党组织"),
        (queries.RISK_NOT_OWN, "仅被联合组建或行业覆盖"),
    ]

    district = _choice("所在区", District.choices)
    org_type = _choice("组织类型", SocialOrganization.Type.choices)
    situation = forms.ChoiceField(label="党组织情况", choices=SITUATIONS, required=False)
    as_of = ReportDateField(label="统计截止日", help_text="活动异常名录按截止日前12个月计算；留空为今天。")

    def clean_as_of(self):
        as_of = self.cleaned_data.get("as_of") or timezone.localdate()
        if as_of.year < 2000 or as_of > timezone.localdate():
            raise forms.ValidationError("统计截止日应在2000年以后，且不晚于今天。")
        return as_of


class StarFilterForm(forms.Form):
    year_from = forms.IntegerField(label="起始年度", required=False, min_value=2000, max_value=2100)
    year_to = forms.IntegerField(label="截止年度", required=False, min_value=2000, max_value=2100)
    district = _choice("所在区", District.choices)
    kind = _choice("组织类别", PartyOrganization.Kind.choices)

    def clean(self):
        cleaned = super().clean()
        year_from, year_to = cleaned.get("year_from"), cleaned.get("year_to")
        if year_from and year_to and year_from > year_to:
            raise forms.ValidationError("起始年度不能晚于截止年度。")
        return cleaned


class ActivityFilterForm(forms.Form):
    group_by = forms.ChoiceField(
        label="汇总方式", choices=[(key, f"按{label}") for key, label in queries.GROUP_BY.items()], required=False
    )
    date_from = ReportDateField(label="开始日期")
    date_to = ReportDateField(label="结束日期")
    district = _choice("活动所在区", District.choices)
    kind = _choice("活动类型", Activity.Kind.choices)
    party_organization = forms.CharField(label="主办党组织", max_length=100, required=False, help_text="名称中的文字。")
    organization = forms.CharField(
        label="社会组织", max_length=100, required=False, help_text="名称中的文字，或完整的统一社会信用代码。"
    )
    state = forms.ChoiceField(
        label="活动范围",
        choices=[(queries.STATE_PUBLISHED, "已发布的活动"), (queries.STATE_ALL, "已提交的全部活动（不含草稿）")],
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise forms.ValidationError("开始日期不能晚于结束日期。")
        cleaned["group_by"] = cleaned.get("group_by") or "district"
        cleaned["state"] = cleaned.get("state") or queries.STATE_PUBLISHED
        return cleaned
