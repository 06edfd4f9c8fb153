from django import forms
from django.db.models import F

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

    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[
            ("", "默认（查询时按相关度）"),
            ("name", "按名称"),
            ("founded", "按成立日期（新到旧）"),
            ("grade", "按评估等级（高到低）"),
        ],
    )

    def clean_q(self):
        return clean_search_text(self, "q")

    @property
    def is_filtered(self):
        """A search or a filter narrows the list; an order alone does not."""
        return any(name != "sort" for name in self.values)

    @property
    def by_relevance(self):
        return "q" in self.values and not self.values.get("sort")

    def order(self, queryset):
        """The list in the chosen order (by name unless another is chosen; ties by name)."""
        queryset = queryset.with_sort_name()
        sort = self.values.get("sort")
        if sort == "founded":
            return queryset.order_by(F("registered_on").desc(nulls_last=True), "sort_name", "pk")
        if sort == "grade":
            return queryset.order_by(F("evaluation_grade").desc(), "sort_name", "pk")
        return queryset.order_by("sort_name", "pk")

    def apply(self, queryset):
        values = self.values
        if "q" in values:
            queryset = queryset.search(values["q"])
        return self.apply_filters(queryset)

    def apply_filters(self, queryset):
        """The filters but not the search."""
        values = self.values
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
