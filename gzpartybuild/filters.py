"""Filter forms for public lists: junk in a filter is ignored with a short Chinese notice."""

from django import forms
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from .paging import paginate

# The longest search text passed to the database; longer input is cut to this.
SEARCH_MAX_LENGTH = 100


class QuickSelect(forms.Select):
    """A <select> written out in Python: the same markup as Django's template-rendered one (a
    template per <option>), which cost several milliseconds on every filtered or searched list."""

    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs)
        chosen = {str(item) for item in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option, mark_safe(" selected") if str(option) in chosen else "", label)  # noqa: S308 - a constant
                for option, label in ((("" if item is None else str(item)), label) for item, label in self.choices)
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(final_attrs), options)


class PublicFilterForm(forms.Form):
    """A GET form whose invalid fields are dropped (with a notice) instead of failing the page.

    Subclasses declare optional fields; `values` holds the valid ones, `notices` says
    what was ignored, `querydict()` rebuilds the query string for pagination links
    from the cleaned values only (so junk never travels on)."""

    def __init__(self, data):
        super().__init__(data)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = QuickSelect(attrs=field.widget.attrs, choices=field.choices)
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)
        self.notices = []
        self.is_valid()
        self.values = {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
        for name in self.errors:
            self.notices.append(f"筛选条件“{self.fields[name].label}”无效，已忽略。")
        # Show the controls with what was applied, not with the raw input; the dropped
        # values are reported in `notices`, so no control is marked invalid either.
        self.data = self.querydict()
        self._errors = {}

    def querydict(self):
        query = QueryDict(mutable=True)
        for name, value in self.values.items():
            query[name] = str(value)
        return query

    @property
    def is_filtered(self):
        return bool(self.values)


def list_page(request, form, queryset, *, rows, page_size, max_pages=50):
    """The context every public list builds: the filter `form`, one bounded page of
    `queryset` (already filtered and ordered; its rows also under the name `rows`), the
    query string its pagination links carry and every notice of the form and the page."""
    page = paginate(queryset, request.GET.get("page"), page_size=page_size, max_pages=max_pages)
    return {
        "form": form,
        "page_obj": page,
        rows: page.object_list,
        "query_params": form.querydict(),
        "notices": form.notices + page.notices,
    }


class SearchField(forms.CharField):
    """Free text cut to SEARCH_MAX_LENGTH characters (the cut is reported by the form)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"type": "search", "maxlength": SEARCH_MAX_LENGTH, "autocomplete": "off"})
        )
        super().__init__(**kwargs)


def clean_search_text(form, name):
    """Collapse whitespace and cut to SEARCH_MAX_LENGTH, noting the cut on the form."""
    value = " ".join((form.cleaned_data.get(name) or "").split())
    if len(value) > SEARCH_MAX_LENGTH:
        form.notices.append(f"搜索词过长，只按前 {SEARCH_MAX_LENGTH} 个字搜索。")
        value = value[:SEARCH_MAX_LENGTH]
    return value
