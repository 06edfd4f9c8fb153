"""/sitemap.xml: a sitemap index whose sitemaps list every public page and every public record's page."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from activities.models import Activity
from organizations.models import SocialOrganization
from partybranches.models import PartyOrganization
from portal import sitemaps
from portal.models import Announcement, Exhibit
from tests.helpers import factories
from tests.helpers.pages import NOT_IN_SITEMAP, PAGE_NAMES, public_urls
from tests.helpers.populate import populate
from towns.models import CharacteristicTown

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOST = "http://testserver"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def sitemap_urls(client):
    """Every <loc> of every sitemap the index names, following each one."""
    index = parse(client.get("/sitemap.xml"))
    assert index.tag == f"{NS}sitemapindex"
    locations = []
    for sitemap in index.findall(f"{NS}sitemap"):
        loc = sitemap.find(f"{NS}loc").text
        assert loc.startswith(HOST)
        urlset = parse(client.get(loc.removeprefix(HOST)))
        assert urlset.tag == f"{NS}urlset"
        for url in urlset.findall(f"{NS}url"):
            locations.append(url.find(f"{NS}loc").text)
    return locations


def hidden_records():
    """One record of each kind that the public never sees."""
    return [
        factories.SocialOrganizationFactory(is_archived=True),
        factories.SocialOrganizationFactory(status=SocialOrganization.Status.DEREGISTERED),
        factories.PartyOrganizationFactory(is_archived=True),
        factories.ActivityFactory(state=Activity.State.SUBMITTED),
        factories.CharacteristicTownFactory(is_published=False),
        factories.AnnouncementFactory(is_published=False),
        factories.ExhibitFactory(hall="seed", order=999, is_published=False),
    ]


def test_sitemap_lists_every_public_page_and_every_public_record_once(client, portal):
    hidden = hidden_records()
    locations = sitemap_urls(client)
    assert len(locations) == len(set(locations))

    expected = {HOST + url for name, url in public_urls(portal).items() if name not in NOT_IN_SITEMAP}
    for queryset in [
        SocialOrganization.objects.public(),
        PartyOrganization.objects.public(),
        Activity.objects.published(),
        CharacteristicTown.objects.published(),
        Announcement.objects.published(),
        Exhibit.objects.published(),
    ]:
        expected |= {HOST + record.get_absolute_url() for record in queryset}
    assert expected <= set(locations)
    for record in hidden:
        assert HOST + record.get_absolute_url() not in locations
    assert set(locations) == expected


def test_every_page_of_the_public_page_list_is_in_the_sitemap(client, portal):
    locations = set(sitemap_urls(client))
    urls = public_urls(portal)
    assert {name for name in PAGE_NAMES if HOST + urls[name] not in locations} == NOT_IN_SITEMAP


def test_record_sitemaps_give_each_page_its_last_change(client, portal):
    urlset = parse(client.get("/sitemap-organizations.xml"))
    entry = next(
        url for url in urlset.findall(f"{NS}url") if url.find(f"{NS}loc").text.endswith(f"/{portal.organization.pk}/")
    )
    assert entry.find(f"{NS}lastmod").text == timezone.localdate(portal.organization.updated_at).isoformat()
    index = parse(client.get("/sitemap.xml"))
    lastmods = {s.find(f"{NS}loc").text: s.find(f"{NS}lastmod") for s in index.findall(f"{NS}sitemap")}
    latest = SocialOrganization.objects.public().latest("updated_at").updated_at
    assert datetime.datetime.fromisoformat(lastmods[f"{HOST}/sitemap-organizations.xml"].text) == latest


def test_large_sections_are_cut_into_pages_named_by_the_index(client, db, monkeypatch):
    monkeypatch.setattr(sitemaps.RecordSitemap, "limit", 3)
    organizations = [factories.SocialOrganizationFactory() for _ in range(7)]
    index = parse(client.get("/sitemap.xml"))
    locs = [sitemap.find(f"{NS}loc").text for sitemap in index.findall(f"{NS}sitemap")]
    pages = [loc for loc in locs if "sitemap-organizations.xml" in loc]
    assert pages == [
        f"{HOST}/sitemap-organizations.xml",
        f"{HOST}/sitemap-organizations.xml?p=2",
        f"{HOST}/sitemap-organizations.xml?p=3",
    ]
    listed = [loc for loc in sitemap_urls(client) if "/organizations/" in loc and loc != f"{HOST}/organizations/"]
    assert sorted(listed) == sorted(HOST + organization.get_absolute_url() for organization in organizations)


@pytest.mark.parametrize("url", ["/sitemap-nothing.xml", "/sitemap-organizations.xml?p=9", "/sitemap-towns.xml?p=x"])
def test_unknown_sitemaps_and_pages_are_not_found(client, db, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("size", [2, 30])
def test_sitemaps_run_a_fixed_number_of_queries(client, db, django_assert_num_queries, size):
    populate(size)
    # A COUNT (its pages) and a MAX (its last change) per record section.
    with django_assert_num_queries(12):
        client.get("/sitemap.xml")
    for section in ["organizations", "branches", "activities", "towns", "announcements", "exhibits"]:
        # Its COUNT and its page of rows.
        with django_assert_num_queries(2):
            client.get(f"/sitemap-{section}.xml")
    with django_assert_num_queries(0):
        client.get("/sitemap-pages.xml")
