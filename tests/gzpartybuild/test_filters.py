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
