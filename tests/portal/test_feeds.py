"""Feeds: 通知公告 as RSS 2.0 and Atom, published activities as Atom (RFC 4287's required elements)."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from activities.models import Activity
from portal.models import Announcement
from tests.helpers import factories
from tests.helpers.populate import populate

ATOM = "{http://www.w3.org/2005/Atom}"
HOST = "http://testserver"


def atom(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    # RFC 4287 4.1.1: a feed has an id, a title and an updated date; every entry too (4.1.2).
    for element in (feed, *feed.findall(f"{ATOM}entry")):
        for required in ("id", "title", "updated"):
            assert element.find(f"{ATOM}{required}").text, required
        datetime.datetime.fromisoformat(element.find(f"{ATOM}updated").text)
    return feed


def test_announcement_rss_lists_public_announcements_newest_first(client, portal):
    response = client.get("/announcements/feed.rss")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    rss = ET.fromstring(response.content)
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel.find("title").text == "广州市社会组织党建云展馆 · 通知公告"
    assert channel.find("link").text == f"{HOST}/announcements/"
    items = channel.findall("item")
    public = list(Announcement.objects.published().for_list())
    assert [item.find("title").text for item in items] == [a.title for a in public]
    assert items[0].find("link").text == HOST + portal.announcement.get_absolute_url()
    assert items[0].find("pubDate").text.endswith("+0800")


def test_announcement_atom_matches_the_rss(client, portal):
    feed = atom(client.get("/announcements/feed.atom"))
    entries = feed.findall(f"{ATOM}entry")
    rss = ET.fromstring(client.get("/announcements/feed.rss").content)
    assert [e.find(f"{ATOM}title").text for e in entries] == [i.find("title").text for i in rss.iter("item")]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == HOST + portal.announcement.get_absolute_url()
    assert first.find(f"{ATOM}author/{ATOM}name").text == portal.announcement.issuer


def test_activity_atom_lists_only_published_activities(client, db):
    now = timezone.now()
    published = factories.ActivityFactory(title="社区长者义诊", starts_at=now - datetime.timedelta(days=1))
    older = factories.ActivityFactory(title="党史学习大讲堂", starts_at=now - datetime.timedelta(days=9))
    for state in [Activity.State.DRAFT, Activity.State.SUBMITTED, Activity.State.RETURNED, Activity.State.OFFLINE]:
        factories.ActivityFactory(title=f"不公开的活动{state}", state=state, starts_at=now)
    feed = atom(client.get("/activities.atom"))
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["社区长者义诊", "党史学习大讲堂"]
    assert entries[0].find(f"{ATOM}link").get("href") == HOST + published.get_absolute_url()
    assert entries[1].find(f"{ATOM}author/{ATOM}name").text == older.organizer.name
    assert entries[0].find(f"{ATOM}category").get("term") == published.get_kind_display()


def test_feeds_are_empty_but_valid_without_records(client, db):
    assert atom(client.get("/activities.atom")).findall(f"{ATOM}entry") == []
    assert atom(client.get("/announcements/feed.atom")).findall(f"{ATOM}entry") == []


@pytest.mark.parametrize("size", [2, 30])
@pytest.mark.parametrize("url", ["/activities.atom", "/announcements/feed.atom", "/announcements/feed.rss"])
def test_feeds_run_one_query(client, db, django_assert_num_queries, size, url):
    populate(size)
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200
