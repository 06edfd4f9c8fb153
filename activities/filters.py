from django import forms

from gzpartybuild.filters import PublicFilterForm, SearchField, clean_search_text
from organizations.models import District

from .figures import activity_years
from .models import Activity, Pairing


def year_choices():
    """Only the years that have published activities: no year offered comes up empty."""
    return [("", "全部年份")] + [(str(year), f"{year}年") for year in activity_years()]


class ActivityFilterForm(PublicFilterForm):
    q = SearchField(label="活动名称或主办党组织")
    kind = forms.ChoiceField(label="活动类型", required=False, choices=[("", "全部类型"), *Activity.Kind.choices])
    district = forms.ChoiceField(label="所在区", required=False, choices=[("", "全部区"), *District.choices])
    year = forms.TypedChoiceField(label="年份", required=False, coerce=int, empty_value=None, choices=year_choices)
    sort = forms.ChoiceField(
        label="排序",
        required=False,
        choices=[("", "默认（查询时按相关度，否则由近及远）"), ("newest", "由近及远"), ("oldest", "由远及近")],
    )

    def clean_q(self):
        return clean_search_text(self, "q")

    @property
    def is_filtered(self):
        """A search or a filter narrows the list; an order alone does not."""
        return any(name != "sort" for name in self.values)

    @property
    def by_relevance(self):
        """A search without a chosen order lists the exact title first, then titles starting with it."""
        return "q" in self.values and not self.values.get("sort")

    def order(self, queryset):
        """Newest first unless the oldest are asked for (activity_state_start_idx serves both)."""
        if self.values.get("sort") == "oldest":
            return queryset.order_by("starts_at", "id")
        return queryset.order_by("-starts_at", "-id")

    def apply(self, queryset, *, scan=False):
        """The search and the filters (`scan`: see ActivityQuerySet.search)."""
        values = self.values
        if "q" in values:
            queryset = queryset.search(values["q"], scan=scan)
        return self.apply_filters(queryset)

    def apply_filters(self, queryset):
        """The filters but not the search."""
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
