"""The site-wide search (`/search/?q=`): every kind of public record, a section each.

Each section shows how many records match (exact up to COUNT_CAP, else estimated, in one
query), the first few in relevance order (the exact name, then names starting with the
words, then the rest) and a link to its own list searched with the same words. Eight queries
whatever the data: a count and a page for social organizations, party organizations and
activities, the activities' organizers, one query for the towns (a district has a few dozen at most, listed whole).
"""

import unicodedata
from dataclasses import dataclass

from django.db.models import prefetch_related_objects
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from activities.models import Activity
from gzpartybuild.paging import ResultCount, count_results
from organizations.models import SocialOrganization
from organizations.search import with_relevance
from partybranches.models import PartyOrganization
from towns.models import CharacteristicTown
from towns.views import TOWNS_MAX

QUERY_MAX_LENGTH = 20
SHOWN_PER_KIND = 5


@dataclass
class Section:
    key: str
    title: str
    total: ResultCount
    rows: list
    list_url: str
    list_label: str


def parse_query(raw):
    """(words, message): the words to search with (whitespace collapsed), or None and what to
    tell the visitor: nothing typed, too long, or characters no one types (NUL and other controls)."""
    if any(unicodedata.category(character) in ("Cc", "Cs") and not character.isspace() for character in raw):
        return None, "搜索词含有无法识别的字符，请重新输入。"
    words = " ".join(raw.split())
    if not words:
        return None, f"请输入要搜索的词（1–{QUERY_MAX_LENGTH} 个字）。"
    if len(words) > QUERY_MAX_LENGTH:
        return None, f"搜索词最多 {QUERY_MAX_LENGTH} 个字，请缩短后再搜索。"
    return words, None


def _list_url(name, words):
    return f"{reverse(name)}?{urlencode({'q': words})}"


def _sections(words):
    organizations = SocialOrganization.objects.public()
    party_organizations = PartyOrganization.objects.public()
    activities = Activity.objects.published()
    towns = list(
        with_relevance(CharacteristicTown.objects.published().filter(name__icontains=words), "name", words)
        .only("pk", "name", "slug", "township", "theme_industry", "summary")
        .order_by("relevance", "search_key", "pk")[:TOWNS_MAX]
    )
    found_activities = activities.relevance_page(words, 0, SHOWN_PER_KIND)
    prefetch_related_objects(found_activities, "organizer")  # not joined in the scans (activities.views)
    counts = {
        "organizations": count_results(organizations.search(words)),
        "party-organizations": count_results(party_organizations.search(words)),
        "activities": count_results(activities.search(words), sample=activities.search(words, scan=True)),
    }
    return [
        Section(
            "organizations",
            "社会组织",
            counts["organizations"],
            organizations.for_list().relevance_page(words, 0, SHOWN_PER_KIND),
            _list_url("organizations:list", words),
            "在社会组织名录中查看全部结果",
        ),
        Section(
            "party-organizations",
            "党组织",
            counts["party-organizations"],
            party_organizations.only("pk", "name", "kind", "formation", "district").relevance_page(
                words, 0, SHOWN_PER_KIND
            ),
            _list_url("partybranches:list", words),
            "在党组织名录中查看全部结果",
        ),
        Section(
            "activities",
            "党建活动",
            counts["activities"],
            found_activities,
            _list_url("activities:list", words),
            "在活动风采中查看全部结果",
        ),
        Section("towns", "特色小镇", ResultCount(len(towns)), towns, reverse("towns:list"), "查看全部特色小镇"),
    ]


def site_search(request):
    words, message = parse_query(request.GET.get("q", ""))
    sections = _sections(words) if words else []
    return render(
        request,
        "portal/search.html",
        {"words": words, "message": message, "sections": sections, "max_length": QUERY_MAX_LENGTH},
    )
