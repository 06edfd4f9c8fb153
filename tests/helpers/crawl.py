"""Helpers for the production-readiness tests: a crawl of the portal's pages and their forms."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

from tests.helpers import factories

# Public pages without arguments, by URL name.
PUBLIC_URL_NAMES = [
    "home",
    "exhibition:index",
    "organizations:list",
    "activities:list",
    "pairings:list",
    "towns:list",
    "stats",
    "partybranches:demonstration",
    "partybranches:list",
    "announcements:list",
    "contact",
    "site_map",
    "privacy",
    "accessibility",
]


def reverse_existing(names):
    urls = []
    for name in names:
        try:
            urls.append(reverse(name))
        except NoReverseMatch:
            continue
    return urls


class PageParser(HTMLParser):
    """Collects what the CSP and CSRF checks look at: scripts, styles, handlers and forms."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inline_scripts = []
        self.style_blocks = []
        self.handler_attributes = []
        self.style_attributes = []
        self.javascript_urls = []
        self.forms = []
        self.links = []
        self._script = None
        self._style = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.handler_attributes.append((tag, name))
            if name == "style":
                self.style_attributes.append((tag, value))
            if name in {"href", "src", "action"} and (value or "").strip().lower().startswith("javascript:"):
                self.javascript_urls.append((tag, value))
        if tag == "script" and not attributes.get("src"):
            self._script = {"type": (attributes.get("type") or "").lower(), "text": ""}
        if tag == "style":
            self._style = ""
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag == "form":
            self.forms.append(
                {"method": (attributes.get("method") or "get").lower(), "action": attributes.get("action") or ""}
            )

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data
        if self._style is not None:
            self._style += data

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.inline_scripts.append(self._script)
            self._script = None
        if tag == "style" and self._style is not None:
            self.style_blocks.append(self._style)
            self._style = None


def parse_page(response):
    parser = PageParser()
    parser.feed(response.content.decode(response.charset or "utf-8"))
    return parser


# One-record models whose admin list leads straight to the record (a redirect; the record's change
# page is crawled below).
SINGLE_RECORD_MODELS = {"portal.sitesettings"}


def admin_page_urls(user):
    """The admin index, and every registered model's list, add and (for its first row) change
    and history pages that `user` may open."""
    request = RequestFactory().get("/admin/")
    request.user = user
    urls = [reverse("admin:index")]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        if model_admin.has_view_or_change_permission(request) and model._meta.label_lower not in SINGLE_RECORD_MODELS:
            urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(request):
            urls.append(reverse("admin:{}_{}_add".format(*info)))
        first = model_admin.get_queryset(request).order_by("pk").first()
        if first is not None and model_admin.has_view_or_change_permission(request, first):
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
            urls.append(reverse("admin:{}_{}_history".format(*info), args=[first.pk]))
    return urls


SKIPPED_LINK_PARTS = ("/static/", "/media/", "logout", "/delete/", "/jsi18n/")


def crawl(client, start_urls, *, max_pages=150, within=("/",)):
    """Open the start pages and, breadth first, the site's own links from them (no query
    strings) whose paths start with one of `within`. Returns {url: response} for the HTML
    pages that answered 200."""
    seen = set()
    queue = list(start_urls)
    pages = {}
    while queue and len(seen) < max_pages:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        pages[url] = response
        for href in parse_page(response).links:
            target = urlsplit(urljoin("http://testserver" + url, href))
            if target.netloc != "testserver" or target.query or any(p in target.path for p in SKIPPED_LINK_PARTS):
                continue
            if target.path not in seen and target.path.startswith(tuple(within)):
                queue.append(target.path)
    return pages


def form_targets(response, page_url):
    """Absolute paths that the page's POST forms submit to."""
    targets = []
    for form in parse_page(response).forms:
        if form["method"] != "post":
            continue
        target = urlsplit(urljoin("http://testserver" + page_url, form["action"] or page_url))
        if target.netloc == "testserver":
            targets.append(target.path + (f"?{target.query}" if target.query else ""))
    return targets


@pytest.fixture
def published_records(branch_a):
    """One record of each public kind, so that list and detail pages have something to show."""
    organization = branch_a.organizations.first()
    activity = factories.ActivityFactory(organizer=branch_a)
    factories.ActivityPhotoFactory(activity=activity)
    pairing = factories.PairingFactory(party_organization=branch_a)
    town = factories.CharacteristicTownFactory()
    factories.DemonstrationSiteFactory(party_organization=branch_a)
    factories.MilestoneFactory()
    return {
        "organization": organization,
        "party_organization": branch_a,
        "activity": activity,
        "pairing": pairing,
        "town": town,
    }


def detail_urls(records):
    urls = [
        reverse("organizations:detail", args=[records["organization"].pk]),
        reverse("partybranches:detail", args=[records["party_organization"].pk]),
        reverse("activities:detail", args=[records["activity"].pk]),
        reverse("towns:detail", args=[records["town"].slug]),
        reverse("exhibition:hall", args=["seed"]),
    ]
    return urls


class VisibleTextParser(HTMLParser):
    """What a reader sees or a screen reader says: text outside scripts and styles, the page
    title, and the alt, title, aria-label and placeholder attributes and button captions."""

    SPOKEN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "template"}:
            self._hidden += 1
        attributes = dict(attrs)
        for name in self.SPOKEN_ATTRIBUTES:
            if attributes.get(name):
                self.texts.append(attributes[name])
        if tag == "input" and (attributes.get("type") or "").lower() in {"submit", "button", "reset"}:
            self.texts.append(attributes.get("value") or "")

    def handle_endtag(self, tag):
        if tag in {"script", "style", "template"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.texts.append(data.strip())


def visible_texts(response):
    parser = VisibleTextParser()
    parser.feed(response.content.decode(response.charset or "utf-8"))
    return parser.texts
