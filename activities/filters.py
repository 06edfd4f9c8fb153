from django import forms

from gzpartybuild.filters import PublicFilterForm, year_choices
from organizations.models import District

from .models import Activity, Pairing


class ActivityFilterForm(PublicFilterForm):
    kind = forms.ChoiceField(label="活动类型", required=False, choices=[("", "全部类型"), *Activity.Kind.choices])
    district = forms.ChoiceField(label="所在区", required=False, choices=[("", "全部区"), *District.choices])
    year = forms.TypedChoiceField(label="年份", required=False, coerce=int, empty_value=None, choices=year_choices)

    def apply(self, queryset):
        values = self.values
        if "kind" in values:
            queryset = queryset.filter(kind=values["kind"])
        if "district" in values:
            queryset = queryset.filter(district=values["district"])
        if "year" in values:
            queryset = queryset.in_year(values["year"])
        return queryset


class PairingFilterForm(PublicFilterForm):
    LISTED_KINDS = [Pairing.Kind.RED_ALLIANCE, Pairing.Kind.MENTORING]

    kind = forms.ChoiceField(
        label="结对类型",
        required=False,
        choices=[(kind.value, kind.label) for kind in LISTED_KINDS],
    )

    @property
    def selected_kind(self):
        return self.values.get("kind", Pairing.Kind.RED_ALLIANCE.value)
