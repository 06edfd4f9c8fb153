"""Submit admin forms the way a browser does: read the rendered form, change a few fields, post."""

from contextlib import contextmanager
from html.parser import HTMLParser

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse


class _FormReader(HTMLParser):
    """Collects the successful controls of the admin's main form (`<form id="..._form">`)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data = {}
        self._in_form = False
        self._select = None
        self._textarea = None

    def _add(self, name, value):
        self.data.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (attrs.get("id") or "").endswith("_form"):
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in {"submit", "button", "file", "image", "reset"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self._add(name, attrs.get("value") or "on")
                return
            self._add(name, attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            self._add(self._select, attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self._add(name, "")

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            values = self.data[self._textarea]
            values[-1] += data.removeprefix("\n") if values[-1] == "" else data


def form_data(response):
    """The POST data a browser would send from the admin page in `response`."""
    reader = _FormReader()
    reader.feed(response.content.decode())
    return {name: values if len(values) != 1 else values[0] for name, values in reader.data.items() if values}


def admin_url(model, action, *args):
    """admin:<app>_<model>_<action>, e.g. admin_url(Activity, "change", pk)."""
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=args)


def admin_form_data(client, url):
    """What the admin form at `url` would send unchanged."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    data = form_data(page)
    data["_save"] = "保存"
    return data


def post_admin_form(client, url, **changes):
    """Load the admin form at `url`, apply `changes` (field name -> value, None drops it), and submit it."""
    data = admin_form_data(client, url)
    for name, value in changes.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return client.post(url, data)


def form_errors(response):
    """Field errors of the main admin form (the page re-rendered because something was wrong)."""
    assert response.status_code == 200, f"expected the form back with errors, got {response.status_code}"
    return {name: list(errors) for name, errors in response.context["adminform"].form.errors.items()}


def inline_errors(response, prefix):
    """Errors of the inline formset whose prefix is `prefix` (e.g. "star_ratings")."""
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == prefix:
            return inline.formset.errors, inline.formset.non_form_errors()
    raise AssertionError(f"no inline {prefix!r} on the page")


def add_inline_row(data, prefix, **fields):
    """Add a new row to the inline formset `prefix` in admin POST data, as "add another" does."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    return data


@contextmanager
def db_refuses(constraint=None):
    """The database itself refuses the write (inside its own savepoint, so the test goes on).

    For a CHECK constraint, pass its name: both SQLite and PostgreSQL name it in the error.
    """
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        yield
    if constraint:
        assert constraint in str(excinfo.value), str(excinfo.value)
