"""Everything the bureau staff and the secretaries read is Chinese: a crawl of every admin
page the bureau user reaches, and of the secretary's pages, finds no English word outside
the allow-list of names that are written in Latin letters in Chinese too."""

import json
import re

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from activities import services
from activities.models import Activity
from tests.helpers import factories
from tests.helpers.activities import make_photo
from tests.helpers.admin import admin_url, post_admin_form
from tests.helpers.crawl import admin_page_urls, crawl, visible_texts
from tests.helpers.spreadsheets import ORG_IMPORT_URL, org_row, upload, xlsx_file

pytestmark = pytest.mark.django_db

# Written in Latin letters in Chinese text as well: file and image formats, units, keys,
# standards and filing numbers, and the example slug of a town's help text.
ALLOWED_WORDS = {
    *("Excel", "CSV", "csv", "xlsx", "JPEG", "PNG", "WebP", "MB", "KB", "Ctrl"),
    *("GB", "ICP", "UTF", "GBK", "eco", "design", "town"),
    # The names of the feed formats in the public footer (the password-change page uses the portal layout).
    *("RSS", "Atom"),
}

# Records' own values that are Latin by nature: credit codes, stored file names, and the
# password hash's algorithm and masked characters on a user's page.
DATA_PATTERNS = [
    re.compile(r"\b[0-9A-Z]{18}\b"),
    re.compile(r"\b(?:activities|towns)/[\w.-]+\.(?:jpg|png|webp)\b"),
    re.compile(r"\b(?:md5|pbkdf2_sha256|argon2|bcrypt_sha256|scrypt)\b"),
    re.compile(r"\b\w*\*{4,}"),
]


def english_words(texts, data_values):
    found = set()
    for text in texts:
        for value in data_values:
            text = text.replace(value, " ")
        for pattern in DATA_PATTERNS:
            text = pattern.sub(" ", text)
        found.update(word for word in re.findall(r"[A-Za-z]{2,}", text) if word not in ALLOWED_WORDS)
    return found


def account_values():
    """Usernames and e-mail addresses: an account's own name is whatever staff typed."""
    values = set()
    for username, email in User.objects.values_list("username", "email"):
        values.update(v for v in (username, email) if v)
    return sorted(values, key=len, reverse=True)


@pytest.fixture
def worked_records(portal, staff_user, secretary_a, branch_a, client):
    """Records whose history has every kind of change: reviewed, times moved, a co-organizer
    added, a photo added, a duration changed; and one activity waiting for review."""
    activity = factories.ActivityFactory(organizer=branch_a, submitted=True, created_by=secretary_a)
    make_photo(activity)
    services.activity_approve(activity=activity, user=staff_user)
    client.force_login(staff_user)
    changed = post_admin_form(
        client,
        admin_url(Activity, "change", activity.pk),
        starts_at_0="2021-04-22",
        starts_at_1="09:00:00",
        ends_at_0="2021-04-22",
        ends_at_1="12:30:00",
        service_minutes="2550",
        co_organizers=[str(portal.party_organization.pk)],
    )
    assert changed.status_code == 302, changed.content.decode()[:2000]
    waiting = factories.ActivityFactory(organizer=branch_a, submitted=True, created_by=secretary_a)
    factories.ActivityFactory(organizer=branch_a, reviewed_by=None)
    return {"activity": activity, "waiting": waiting}


def start_urls(staff_user, records):
    urls = admin_page_urls(staff_user)
    activity, waiting = records["activity"], records["waiting"]
    urls += [
        admin_url(Activity, "change", activity.pk),
        admin_url(Activity, "history", activity.pk),
        reverse("admin:activities_activity_review", args=[waiting.pk]),
        reverse("admin:activities_activity_review", args=[activity.pk]),
        reverse("reports:index"),
        reverse("admin:password_change"),
    ]
    return urls


def test_every_admin_page_the_bureau_reaches_is_chinese(client, staff_user, worked_records):
    client.force_login(staff_user)
    admin_pages = crawl(client, start_urls(staff_user, worked_records), max_pages=600, within=["/admin/"])
    # The crawl reached every kind of page named in the brief of this check.
    kinds = ["/change/", "/add/", "/history/", "/review/", "/import/", "/admin/reports/coverage/"]
    assert all(any(kind in url for url in admin_pages) for kind in kinds), sorted(admin_pages)
    assert any(re.search(r"/history/\d+/$", url) for url in admin_pages)
    assert len(admin_pages) > 60

    values = account_values()
    leaks = {}
    for url, response in admin_pages.items():
        words = english_words(visible_texts(response), values)
        if words:
            leaks[url] = sorted(words)
    assert leaks == {}


def test_import_preview_and_error_pages_are_chinese(staff_client):
    preview = upload(staff_client, ORG_IMPORT_URL, xlsx_file([org_row(1), org_row(2, **{"所在区": "火星"})]))
    assert preview.status_code == 200
    not_found = staff_client.get(reverse("admin:activities_activity_review", args=[999999]))
    assert not_found.status_code == 404
    refused = staff_client.get(admin_url(Activity, "changelist") + "1/delete/")
    assert refused.status_code == 403
    values = account_values()
    for response in (preview, not_found, refused):
        assert english_words(visible_texts(response), values) == set()


def test_the_secretary_pages_are_chinese(client, secretary_a, branch_a, staff_user):
    activity = factories.ActivityFactory(organizer=branch_a, returned=True, created_by=secretary_a)
    make_photo(activity)
    # notifications of every kind: a review outcome and a message from staff
    reviewed = factories.ActivityFactory(organizer=branch_a, submitted=True, created_by=secretary_a)
    services.activity_return(activity=reviewed, user=staff_user, reason="请补充活动照片。")
    services.send_staff_message(activity=activity, user=staff_user, text="请补充签到表。")
    client.force_login(secretary_a)
    urls = [
        reverse("my:dashboard"),
        reverse("my:notifications"),
        reverse("my:activity_create"),
        reverse("my:activity_detail", args=[activity.pk]),
        reverse("my:activity_edit", args=[activity.pk]),
        reverse("password_change"),
    ]
    my_pages = crawl(client, urls, max_pages=40, within=["/my/", "/accounts/"])
    assert set(urls) <= set(my_pages)
    values = account_values()
    leaks = {url: english_words(visible_texts(response), values) for url, response in my_pages.items()}
    assert {url: words for url, words in leaks.items() if words} == {}


def test_history_shows_local_times_and_names_not_raw_values(client, staff_user, worked_records):
    client.force_login(staff_user)
    page = client.get(admin_url(Activity, "history", worked_records["activity"].pk)).content.decode()
    assert "2021年4月22日 12:30" in page  # the local time typed in, never UTC
    assert "+00:00" not in page
    assert "42 小时 30 分" in page
    assert "pk=" not in page
    assert "Deleted" not in page


def test_the_calendar_and_the_two_list_picker_speak_chinese(staff_client):
    script = staff_client.get("/admin/jsi18n/").content.decode()
    catalog = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    weekdays = [
        catalog[f"one letter {day}\x04{letter}"]
        for day, letter in [
            ("Sunday", "S"),
            ("Monday", "M"),
            ("Tuesday", "T"),
            ("Wednesday", "W"),
            ("Thursday", "T"),
            ("Friday", "F"),
            ("Saturday", "S"),
        ]
    ]
    assert weekdays == ["日", "一", "二", "三", "四", "五", "六"]
    assert catalog["Choose all %s"] == "选择全部%s"
    assert catalog["(click to clear)"] == "（点击清除）"
