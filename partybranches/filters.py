from django import forms
from django.db.models import OuterRef, Subquery

from gzpartybuild.filters import PublicFilterForm, SearchField, clean_search_text
from organizations.models import District

from .models import PartyOrganization, StarRating

# Primary keys beyond this are junk, not records (keeps the database's integer in range).
PK_MAX = 2**31 - 1


class PartyOrganizationFilterForm(PublicFilterForm):
    """The party organization directory's search and filters; `parent` comes from a link, not a control."""

    q = SearchField(label="党组织名称")
    kind = forms.ChoiceField(
        label="组织类别", required=False, choices=[("", "全部类别"), *PartyOrganization.Kind.choices]
    )
    formation = forms.ChoiceField(
        label="组建方式", required=False, choices=[("", "全部方式"), *PartyOrganization.Formation.choices]
    )
    district = forms.ChoiceField(label="所在区", required=False, choices=[("", "全部区"), *District.choices])
    stars = forms.ChoiceField(
        label="最近一次评星",
        required=False,
        choices=[("", "不限"), *((str(n), f"{n}星") for n in range(5, 0, -1)), ("none", "未评星")],
    )
    parent = forms.IntegerField(
        label="上级党组织", required=False, min_value=1, max_value=PK_MAX, widget=forms.HiddenInput
    )

    def clean_q(self):
        return clean_search_text(self, "q")

    def apply(self, queryset):
        if "q" in self.values:
            queryset = queryset.search(self.values["q"])
        return self.apply_filters(queryset)

    def apply_filters(self, queryset):
        """The filters but not the search."""
        values = self.values
        for field in ("kind", "formation", "district"):
            if field in values:
                queryset = queryset.filter(**{field: values[field]})
        if "parent" in values:
            queryset = queryset.filter(parent_id=values["parent"])
        if "stars" in values:
            queryset = queryset.filter(latest_stars=None if values["stars"] == "none" else int(values["stars"]))
        return queryset


def with_latest_stars(queryset):
    """Each party organization's stars in its most recent rating (None if never rated), in the same query."""
    latest = StarRating.objects.filter(party_organization=OuterRef("pk")).order_by("-year").values("stars")[:1]
    return queryset.annotate(latest_stars=Subquery(latest))
