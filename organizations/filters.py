from django import forms

from gzpartybuild.filters import PublicFilterForm, SearchField, clean_search_text

from .models import District, SocialOrganization


class OrganizationFilterForm(PublicFilterForm):
    q = SearchField(label="名称或统一社会信用代码")
    type = forms.ChoiceField(
        label="组织类型", required=False, choices=[("", "全部类型"), *SocialOrganization.Type.choices]
    )
    district = forms.ChoiceField(label="所在区", required=False, choices=[("", "全部区"), *District.choices])
    grade = forms.ChoiceField(
        label="评估等级",
        required=False,
        choices=[
            ("", "全部等级"),
            *[(code, label) for code, label in SocialOrganization.Grade.choices if code],
            ("none", "未评估"),
        ],
    )
    party = forms.ChoiceField(
        label="党组织",
        required=False,
        choices=[("", "不限"), ("yes", "已建立或已覆盖"), ("no", "尚未覆盖")],
    )

    def clean_q(self):
        return clean_search_text(self, "q")

    def apply(self, queryset):
        values = self.values
        if "q" in values:
            queryset = queryset.search(values["q"])
        if "type" in values:
            queryset = queryset.filter(org_type=values["type"])
        if "district" in values:
            queryset = queryset.filter(district=values["district"])
        if "grade" in values:
            grade = SocialOrganization.Grade.NONE if values["grade"] == "none" else values["grade"]
            queryset = queryset.filter(evaluation_grade=grade)
        if "party" in values:
            queryset = queryset.covered(values["party"] == "yes")
        return queryset
