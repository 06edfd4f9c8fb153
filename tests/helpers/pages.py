from urllib.parse import quote

from django.urls import reverse

PAGE_NAMES = [
    "home",
    "exhibition",
    "hall_seed",
    "hall_sapling",
    "hall_forest",
    "organizations",
    "organization",
    "branches",
    "branch",
    "demonstration",
    "activities",
    "activity",
    "pairings",
    "towns",
    "town",
    "stats",
    "announcements",
    "announcement",
    "contact",
    "site_map",
    "privacy",
    "accessibility",
    "activity_label",
    "town_label",
    "search",
    "exhibit",
    "exhibit_label",
]

# Printable labels: public, but kept out of search engines (robots.txt) and the sitemap;
# the site search's results are not pages of their own either.
NOT_IN_SITEMAP = {"activity_label", "town_label", "exhibit_label", "search"}


def public_urls(portal):
    """Every public page by name, with the portal's focus objects for the detail pages."""
    return {
        "home": reverse("home"),
        "exhibition": reverse("exhibition:index"),
        "hall_seed": reverse("exhibition:hall", args=["seed"]),
        "hall_sapling": reverse("exhibition:hall", args=["sapling"]),
        "hall_forest": reverse("exhibition:hall", args=["forest"]),
        "organizations": reverse("organizations:list"),
        "organization": reverse("organizations:detail", args=[portal.organization.pk]),
        "branches": reverse("partybranches:list"),
        "branch": reverse("partybranches:detail", args=[portal.party_organization.pk]),
        "demonstration": reverse("partybranches:demonstration"),
        "activities": reverse("activities:list"),
        "activity": reverse("activities:detail", args=[portal.activity.pk]),
        "pairings": reverse("pairings:list"),
        "towns": reverse("towns:list"),
        "town": reverse("towns:detail", args=[portal.town.slug]),
        "stats": reverse("stats"),
        "announcements": reverse("announcements:list"),
        "announcement": reverse("announcements:detail", args=[portal.announcement.pk]),
        "contact": reverse("contact"),
        "site_map": reverse("site_map"),
        "privacy": reverse("privacy"),
        "accessibility": reverse("accessibility"),
        "activity_label": reverse("activity_label", args=[portal.activity.pk]),
        "town_label": reverse("town_label", args=[portal.town.slug]),
        "search": reverse("search") + "?q=" + quote("党支部"),
        "exhibit": reverse("exhibition:exhibit", args=[portal.exhibit.pk]),
        "exhibit_label": reverse("exhibit_label", args=[portal.exhibit.pk]),
    }
