"""list_page: the context every public list builds from its filter form and one bounded page."""

from django import forms
from django.test import RequestFactory

from gzpartybuild.filters import PublicFilterForm, list_page


class LetterForm(PublicFilterForm):
    letter = forms.ChoiceField(label="字母", required=False, choices=[("", "全部"), ("a", "a"), ("b", "b")])


ROWS = [f"row{n}" for n in range(7)]


def _context(query):
    request = RequestFactory().get("/list/", query)
    form = LetterForm(request.GET)
    return list_page(request, form, ROWS, rows="things", page_size=3, max_pages=2)


def test_one_page_of_rows_under_its_own_name_with_the_cleaned_query():
    context = _context({"letter": "b", "page": "2", "junk": "<x>"})
    assert context["things"] == ["row3", "row4", "row5"]
    assert list(context["page_obj"]) == context["things"]
    assert context["page_obj"].number == 2 and not context["page_obj"].has_next  # max_pages=2
    assert context["query_params"].urlencode() == "letter=b"
    assert context["notices"] == []
    assert isinstance(context["form"], LetterForm)


def test_the_notices_of_the_form_and_of_the_page_together():
    context = _context({"letter": "z", "page": "abc"})
    assert context["things"] == ["row0", "row1", "row2"]
    assert context["notices"] == ["筛选条件“字母”无效，已忽略。", "页码“abc”无效，已显示第 1 页。"]
    assert context["query_params"].urlencode() == ""


class MarkupForm(PublicFilterForm):
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), ("a&b", "甲 <乙>"), ("c", "丙")])
    year = forms.TypedChoiceField(
        label="年份", required=False, coerce=int, empty_value=None, choices=[("", "全部年份"), (2026, "2026年")]
    )


def _options(html):
    import re

    return re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', " ".join(html.split()))


def test_the_filter_selects_mark_what_was_applied_as_django_would():
    """QuickSelect writes each <select> in Python: the same options, escaped, and the applied value
    selected (a junk value is dropped, so the empty choice is), as Django's own Select renders."""
    for data, chosen in [({"kind": "a&b", "year": "2026"}, ("a&b", "2026")), ({"kind": "x"}, ("", ""))]:
        form = MarkupForm(data)
        for name, value in zip(("kind", "year"), chosen, strict=True):
            quick = str(form[name])
            field = form.fields[name]
            django = forms.Select(attrs=field.widget.attrs, choices=field.choices).render(
                name, form[name].value(), {"id": f"id_{name}"}
            )
            assert _options(quick) == _options(django)
            assert [option for option, selected, _ in _options(quick) if selected] == [value.replace("&", "&amp;")]
            assert f'name="{name}"' in quick and f'id="id_{name}"' in quick and 'class="form-select"' in quick
    assert "甲 &lt;乙&gt;" in str(MarkupForm({})["kind"])
