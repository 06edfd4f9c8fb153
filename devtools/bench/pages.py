"""The pages the benchmark times, chosen from the seeded records.

Detail pages use heavy examples rather than typical ones: the party organization with the
most published activities, an organization it covers, the newest published activity.
The directory search runs words of one, two and three or more Chinese characters, each
once matching many organizations and once matching few, since the two stress different
plans (a scan along the name index that stops early, or a trigram index search).
"""

import random
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode

from activities.models import Activity
from activities.views import MAX_PAGES as GALLERY_MAX_PAGES
from organizations.models import SocialOrganization
from organizations.views import MAX_PAGES as DIRECTORY_MAX_PAGES
from partybranches.models import PartyOrganization
from towns.models import CharacteristicTown

# Targets (p95 server time, ms) by group, from the issue "fast at ten times the article's scale".
TARGETS_MS = {
    "public": 100,
    "search": 100,
    "search_short": None,
    "site_search": 100,
    "activity_search": 100,
    "branch_search": 100,
    "filter": 100,
    "secretary": 150,
    "admin": 300,
    "admin_search": 300,
    "admin_index": 100,
    "report": 500,
}
GROUP_LABELS = {
    "public": "public page",
    "search": "directory search, 3+ characters",
    "search_short": "directory search, 1–2 characters (reported, no target)",
    "site_search": "site search `/search/?q=`",
    "activity_search": "activity search `/activities/?q=`",
    "branch_search": "party-organization search `/branches/?q=`",
    "filter": "public filters: every value and every pair",
    "secretary": "secretary workspace",
    "admin": "admin",
    "admin_search": "admin searches (fixed words, then drawn from the data)",
    "admin_index": "admin index",
    "report": "reports (`/admin/reports/`)",
}

# (label, words): many matches and few matches for each length.
SEARCH_WORDS = [
    ("1 character, many matches", "会"),
    ("1 character, few matches", "江"),
    ("2 characters, many matches", "服务"),
    ("2 characters, few matches", "仁禾"),
    ("3 characters, matching every organization", "广州市"),
    ("4 characters, many matches", "社会工作"),
    ("3 characters, few matches", "家具行"),
    ("2 characters, in most names", "广州"),
    ("2 characters, many matches", "协会"),
    ("2 characters, many matches", "社会"),
    ("2 characters, many matches", "中心"),
]


def draw_words(texts, top=20, random_count=20, seed=2026, noun="names", skip=()):
    """Search words drawn from `texts`: the `top` most frequent 1-, 2- and 3-character sequences
    (each counted once per text) and `random_count` sequences of 1–6 characters cut from random
    texts (a fixed seed: every run draws the same), as (label, words), without the words in `skip`."""
    texts = list(texts)
    weights = Counter(texts)  # titles repeat: count each distinct text once, weighted
    words = []
    for length in (1, 2, 3):
        counts = Counter()
        for text, weight in weights.items():
            for sequence in {text[i : i + length] for i in range(len(text) - length + 1)}:
                counts[sequence] += weight
        words += [
            (f"{length}-character sequence, #{rank} most frequent ({n:,} {noun})", word)
            for rank, (word, n) in enumerate(counts.most_common(top), start=1)
        ]
    draw = random.Random(seed)
    for _ in range(random_count if texts else 0):
        text = draw.choice(texts)
        length = draw.randint(1, min(6, len(text)))
        start = draw.randrange(len(text) - length + 1)
        words.append((f"a random sequence of the {noun}", text[start : start + length]))
    seen = set(skip)
    unique = []
    for label, word in words:
        if word.strip() and word not in seen:
            seen.add(word)
            unique.append((label, word))
    return unique


def query_class(label):
    """The class a drawn word's label names: "1-character, most frequent", "random", or the label itself."""
    if "most frequent" in label:
        return label.split(" sequence")[0] + ", most frequent"
    if "random" in label:
        return "random"
    return "fixed"


def drawn_search_words(top=20, random_count=20, seed=2026, names=None):
    """Search words drawn from the data: the `top` most frequent 1-, 2- and 3-character
    sequences in public organizations' names (or in `names`), and `random_count` sequences of
    1–6 characters cut from random names (a fixed seed: every run draws the same). One query,
    outside timing."""
    if names is None:
        names = SocialOrganization.objects.public().values_list("name", flat=True)
    return draw_words(names, top, random_count, seed, skip={word for _, word in SEARCH_WORDS})


def drawn_list_search_words(top=20, random_count=20, seed=2026):
    """For the site search and the activity and party-organization lists: {group: [(label, words)]},
    drawn like drawn_search_words from the texts each searches (published activities' titles;
    active party organizations' names; for the site search every public organization's and
    party organization's name and every published title, each record one text). Three queries,
    outside timing."""
    titles = list(Activity.objects.published().values_list("title", flat=True))
    party_names = list(PartyOrganization.objects.public().values_list("name", flat=True))
    organization_names = list(SocialOrganization.objects.public().values_list("name", flat=True))
    return {
        "activity_search": draw_words(titles, top, random_count, seed, noun="titles"),
        "branch_search": draw_words(party_names, top, random_count, seed, noun="names"),
        "site_search": draw_words(
            organization_names + party_names + titles, top, random_count, seed, noun="names and titles"
        ),
    }


LIST_SEARCH_URLS = {
    "site_search": "search",
    "activity_search": "activities:list",
    "branch_search": "partybranches:list",
}


@dataclass
class Page:
    key: str
    label: str
    group: str
    url: str
    user: str | None = None  # username to sign in as; None for the public
    note: str = ""
    query_class: str = ""  # for a search: the class of its words (query_class())

    @property
    def target_ms(self):
        return TARGETS_MS[self.group]


def _busiest_party_organization():
    """The active party organization with the most published activities (its page lists the most)."""
    return (
        PartyOrganization.objects.active()
        .annotate(n=Count("activities", filter=Q(activities__state=Activity.State.PUBLISHED)))
        .order_by("-n", "pk")
        .only("pk", "name")
        .first()
    )


def pick_pages(*, secretary="secretary1", staff="bureau", extra_search_words=(), list_search_words=None):
    """Every page the benchmark times, in the order of the report (`extra_search_words`:
    (label, words) searched after SEARCH_WORDS, see drawn_search_words; `list_search_words`:
    {group: [(label, words)]} for the site, activity and party-organization searches, see
    drawn_list_search_words)."""
    party = _busiest_party_organization()
    organization = (
        SocialOrganization.objects.public().filter(party_organizations=party).order_by("pk").first() if party else None
    ) or SocialOrganization.objects.public().order_by("pk").first()
    activity = Activity.objects.published().order_by("-starts_at", "-pk").only("pk").first()
    town = CharacteristicTown.objects.published().order_by("name").only("slug").first()
    missing = [
        name
        for name, record in [("party organization", party), ("organization", organization), ("activity", activity)]
        if record is None
    ] + (["town"] if town is None else [])
    if missing:
        raise LookupError("no published " + ", ".join(missing) + " to benchmark (seed the database first)")

    directory = reverse("organizations:list")
    gallery = reverse("activities:list")
    pages = [
        Page("home", "home `/`", "public", reverse("home")),
        Page("exhibition", "exhibition `/exhibition/`", "public", reverse("exhibition:index")),
    ]
    for hall in ("seed", "sapling", "forest"):
        url = reverse("exhibition:hall", args=[hall])
        pages.append(Page(f"hall_{hall}", f"hall `{url}`", "public", url))
    pages += [
        Page("directory", "directory, page 1", "public", directory),
        Page(
            "directory_deep",
            f"directory, page {DIRECTORY_MAX_PAGES} (deepest)",
            "public",
            f"{directory}?page={DIRECTORY_MAX_PAGES}",
        ),
    ]
    pages += [
        Page("organization", "an organization", "public", reverse("organizations:detail", args=[organization.pk])),
        Page(
            "party_organization",
            "a party organization (most activities)",
            "public",
            reverse("partybranches:detail", args=[party.pk]),
        ),
        Page("demonstration", "demonstration sites", "public", reverse("partybranches:demonstration")),
        Page("gallery", "activity gallery, page 1", "public", gallery),
        Page(
            "gallery_deep",
            f"activity gallery, page {GALLERY_MAX_PAGES} (deepest)",
            "public",
            f"{gallery}?page={GALLERY_MAX_PAGES}",
        ),
        Page("activity", "an activity", "public", reverse("activities:detail", args=[activity.pk])),
        Page("pairings", "pairings", "public", reverse("pairings:list")),
        Page("towns", "towns", "public", reverse("towns:list")),
        Page("town", "a town", "public", reverse("towns:detail", args=[town.slug])),
        Page("stats", "statistics `/stats/`", "public", reverse("stats")),
    ]
    searches = sorted(enumerate([*SEARCH_WORDS, *extra_search_words]), key=lambda item: len(item[1][1]) < 3)
    for index, (label, words) in searches:
        group = "search" if len(words) >= 3 else "search_short"
        query = urlencode({"q": words})
        pages.append(
            Page(
                f"search_{index}",
                f"search “{words}”: {label}",
                group,
                f"{directory}?{query}",
                query_class=query_class(label),
            )
        )
    for group, drawn in (list_search_words or {}).items():
        url = reverse(LIST_SEARCH_URLS[group])
        for index, (label, words) in enumerate(drawn):
            query = urlencode({"q": words})
            pages.append(
                Page(f"{group}_{index}", f"“{words}”: {label}", group, f"{url}?{query}", query_class=query_class(label))
            )
    pages += [
        Page("my_dashboard", f"dashboard `/my/` ({secretary})", "secretary", reverse("my:dashboard"), secretary),
        Page(
            "my_activity_form",
            f"new activity form ({secretary})",
            "secretary",
            reverse("my:activity_create"),
            secretary,
        ),
        Page(
            "admin_organizations",
            f"admin: organizations ({staff})",
            "admin",
            reverse("admin:organizations_socialorganization_changelist"),
            staff,
        ),
        Page(
            "admin_activities",
            f"admin: activities ({staff})",
            "admin",
            reverse("admin:activities_activity_changelist"),
            staff,
        ),
        Page(
            "admin_review_queue",
            f"admin: review queue ({staff})",
            "admin",
            reverse("admin:activities_activity_changelist") + "?review=pending",
            staff,
        ),
        Page(
            "admin_organization_search",
            f"admin: organizations searched “协会” ({staff})",
            "admin",
            reverse("admin:organizations_socialorganization_changelist") + "?q=协会",
            staff,
        ),
    ]
    return pages


# The admin's searches: each changelist with a fixed frequent word, then words drawn from its own texts.
ADMIN_SEARCHES = [
    ("activities_activity", "activities", "志愿"),
    ("partybranches_partyorganization", "party organizations", "广州"),
    ("organizations_socialorganization", "organizations", "协会"),
]
# Texts the admin's searches are drawn from (a fixed sample of activity titles: counting every
# sequence of 200,000 titles would take longer than the searches).
ADMIN_SAMPLE = 20_000


def admin_search_pages(count, *, staff="bureau", seed=2026):
    """Each admin changelist searched for its fixed word and for words drawn from its own records
    like the directory's (`count` most frequent 1-, 2- and 3-character sequences and `count`
    random ones)."""
    draw = random.Random(seed)
    texts = {
        "activities_activity": list(Activity.objects.values_list("title", flat=True)),
        "partybranches_partyorganization": list(PartyOrganization.objects.values_list("name", flat=True)),
        "organizations_socialorganization": list(SocialOrganization.objects.values_list("name", flat=True)),
    }
    pages = []
    for index, (model, label, fixed) in enumerate(ADMIN_SEARCHES):
        names = texts[model]
        if len(names) > ADMIN_SAMPLE:
            names = draw.sample(names, ADMIN_SAMPLE)
        words = [("fixed word", fixed)]
        if count:
            words += [(drawn_label, word) for drawn_label, word in drawn_search_words(count, count, seed, names=names)]
        seen = set()
        app, name = model.split("_", 1)
        url = reverse(f"admin:{app}_{name}_changelist")
        for number, (why, word) in enumerate(words):
            if word in seen:
                continue
            seen.add(word)
            pages.append(
                Page(
                    f"admin_search_{index}_{number}",
                    f"admin: {label} searched “{word}”: {why}",
                    "admin_search",
                    f"{url}?{urlencode({'q': word})}",
                    staff,
                )
            )
    return pages


def filter_pages():
    """`/organizations/` and `/activities/` with every value of each filter and every pair of filters."""
    from itertools import combinations

    from activities.filters import ActivityFilterForm
    from organizations.filters import OrganizationFilterForm

    pages = []
    for list_name, form_class, url in (
        ("directory", OrganizationFilterForm, reverse("organizations:list")),
        ("gallery", ActivityFilterForm, reverse("activities:list")),
    ):
        form = form_class({})
        filters = {
            name: [str(value) for value, _ in field.choices if value not in ("", None)]
            for name, field in form.fields.items()
            if name not in ("q", "sort") and hasattr(field, "choices")
        }
        queries = [{name: value} for name, values in filters.items() for value in values]
        for (first, firsts), (second, seconds) in combinations(filters.items(), 2):
            queries += [{first: a, second: b} for a in firsts for b in seconds]
        for query in queries:
            text = urlencode(query)
            pages.append(Page(f"filter_{list_name}_{text}", f"{url}?{text}", "filter", f"{url}?{text}"))
    return pages


def report_pages(staff="bureau"):
    """The admin index and every report, with their groupings and the deepest list pages."""
    pages = [Page("admin_index", f"admin index `/admin/` ({staff})", "admin_index", reverse("admin:index"), staff)]
    reports = [
        ("coverage", "“两个覆盖”", ""),
        ("risk", "risk list, first pages", ""),
        ("risk", "risk list, page 5 of each list", "?page=5&inactive_page=5"),
        ("stars", "stars by year", ""),
        ("activities", "activities by district", ""),
        ("activities", "activities by kind, every state", "?group_by=kind&state=all"),
        ("activities", "activities by month", "?group_by=month"),
        ("activities", "activities by party organization", "?group_by=party_organization"),
        ("activities", "activities by organization, page 5", "?group_by=organization&page=5"),
    ]
    for number, (name, label, query) in enumerate(reports):
        url = reverse(f"reports:{name}") + query
        pages.append(Page(f"report_{number}", f"report: {label} `{url}`", "report", url, staff))
    return pages


def search_match_counts(extra_search_words=()):
    """How many public organizations each search word matches (for the report, outside the timing)."""
    return {
        words: SocialOrganization.objects.public().search(words).count()
        for _, words in [*SEARCH_WORDS, *extra_search_words]
    }
