"""Reading the portal's forms the way a browser submits them (for scripts/load_locustfile.py).

Kept apart from the locustfile (which cannot be imported without starting gevent) so
that tests/scripts/test_load.py can check it against the real pages.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit


class FormParser(HTMLParser):
    """One POST form of a page, read the way a browser submits it.

    `wanted(attributes)` picks the form: the first POST form it accepts (the page
    header's sign-out form comes before the content's forms). `fields` maps each name
    to the list of values a browser would send; `options` lists each select's option
    values; `types` holds the input types.
    """

    def __init__(self, wanted):
        super().__init__(convert_charrefs=True)
        self.wanted = wanted
        self.found = False
        self.fields = {}
        self.options = {}
        self.types = {}
        self._in_form = False
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            if not self.found and a.get("method", "").lower() == "post" and self.wanted(a):
                self.found = self._in_form = True
            return
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            self.types[name] = kind
            if kind in {"checkbox", "radio"}:
                if "checked" in a:
                    self.fields.setdefault(name, []).append(a.get("value", "on"))
            elif kind not in {"submit", "button", "reset", "image", "file"}:
                self.fields.setdefault(name, []).append(a.get("value", ""))
        elif tag == "select" and name:
            self.types[name] = "select"
            self.options[name] = []
            self._select = {"name": name, "multiple": "multiple" in a, "selected": []}
        elif tag == "option" and self._select:
            value = a.get("value", "")
            self.options[self._select["name"]].append(value)
            if "selected" in a:
                self._select["selected"].append(value)
        elif tag == "textarea" and name:
            self.types[name] = "textarea"
            self.fields[name] = [""]
            self._textarea = name

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][0] += data

    def handle_endtag(self, tag):
        if not self._in_form:
            return
        if tag == "select" and self._select:
            select = self._select
            if select["multiple"]:
                values = select["selected"]
            else:
                # Nothing selected: a browser sends the first option.
                values = select["selected"][-1:] or self.options[select["name"]][:1]
            if values:
                self.fields[select["name"]] = values
            self._select = None
        elif tag == "textarea" and self._textarea:
            # A browser drops the newline right after <textarea>.
            text = self.fields[self._textarea][0]
            self.fields[self._textarea][0] = text[1:] if text.startswith("\n") else text
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def is_activity_form(attributes):
    return "data-activity-form" in attributes


def action_is(path):
    return lambda attributes: urlsplit(attributes.get("action", "")).path == path


# The fields of the activity form that land in the record as typed (service time is
# hours + minutes, co-organizers a list).
RECORDED_FIELDS = [
    "title",
    "kind",
    "organizer",
    "pairing",
    "starts_at",
    "ends_at",
    "district",
    "street",
    "place",
    "party_members",
    "volunteers",
    "people_served",
    "funds",
    "description",
]


def record_of(form):
    """What the activity holds after this form was saved (as the form's strings)."""

    def one(name):
        return (form.get(name) or [""])[0]

    record = {name: one(name) for name in RECORDED_FIELDS}
    record["service_minutes"] = int(one("service_hours") or 0) * 60 + int(one("service_minutes_part") or 0)
    record["co_organizers"] = sorted(int(value) for value in form.get("co_organizers", []))
    return record


def form_errors(page):
    """The first error messages a re-rendered form shows (for the failure report)."""
    found = re.findall(r'class="invalid-feedback"[^>]*>\s*<strong>(.*?)</strong>', page, re.S)
    found += re.findall(r"alert-danger[^>]*>(.*?)</", page, re.S)
    return "; ".join(" ".join(message.split()) for message in found[:3]) or "no error shown"
