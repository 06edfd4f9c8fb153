"""The portal the browser tests run on: seed_demo at its smallest scale, and its pages by name."""

import io
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from activities.models import Activity
from organizations.models import SocialOrganization
from partybranches.models import PartyOrganization
from portal.models import Announcement, Exhibit
from towns.models import CharacteristicTown

# Every demo account (bureau, secretary1, secretary2) gets this password.
PASSWORD = "gzpb-browser-2026"
SECRETARY = "secretary1"
STAFF = "bureau"

State = Activity.State


@dataclass
class Portal:
    federation: SocialOrganization  # 广州市社会组织联合会: its party committee ran the article's activities
    featured_activity: Activity  # the article's May 2021 visit to families with disabilities, with a photo
    town: CharacteristicTown
    public_pages: dict  # every public page: name -> path

    def secretary_activities(self, state):
        """The secretary's activities in `state`, those with photos first."""
        user = get_user_model().objects.get(username=SECRETARY)
        return (
            Activity.objects.for_secretary(user)
            .filter(state=state)
            .annotate(photo_count=Count("photos"))
            .order_by("-photo_count", "pk")
        )

    def secretary_pages(self):
        """Every page of the secretary's workspace, by name: path (sign in as SECRETARY first)."""
        draft = self.secretary_activities(State.DRAFT).first()
        returned = self.secretary_activities(State.RETURNED).first()
        return {
            "my": reverse("my:dashboard"),
            "my_activity_create": reverse("my:activity_create"),
            "my_activity_detail": reverse("my:activity_detail", args=[draft.pk]),
            "my_activity_edit_returned": reverse("my:activity_edit", args=[returned.pk]),
            "my_notifications": reverse("my:notifications"),
            "password_change": reverse("password_change"),
            "password_change_done": reverse("password_change_done"),
        }


def seed_portal():
    call_command("seed_demo", scale=0.01, password=PASSWORD, stdout=io.StringIO())
    federation = SocialOrganization.objects.get(name="广州市社会组织联合会")
    featured = Activity.objects.published().get(title__startswith="关爱困境障碍群体志愿服务")
    party = PartyOrganization.objects.get(name="普爱社会工作服务党支部")
    town = CharacteristicTown.objects.get(slug="eco-design")
    exhibit = Exhibit.objects.get(hall=Activity.Hall.SAPLING, order=5)  # 红联共建: a month-precise date
    # seed_demo writes a few notices from the article; one more, long enough to wrap on a phone.
    announcement = Announcement.objects.create(
        title="关于开展2026年度社会组织党组织评星定级工作的通知",
        issuer="广州市社会组织管理局",
        body="各社会组织党组织：\n\n为推动社会组织党组织规范化建设，现就开展年度评星定级工作通知如下。\n\n请各党组织按时报送。",
        is_published=True,
    )
    public_pages = {
        "home": reverse("home"),
        "exhibition": reverse("exhibition:index"),
        "hall_seed": reverse("exhibition:hall", args=[Activity.Hall.SEED]),
        "hall_sapling": reverse("exhibition:hall", args=[Activity.Hall.SAPLING]),
        "hall_forest": reverse("exhibition:hall", args=[Activity.Hall.FOREST]),
        "organizations": reverse("organizations:list"),
        "organizations_search": reverse("organizations:list") + "?q=%E8%81%94%E5%90%88%E4%BC%9A",  # 联合会
        "organization": federation.get_absolute_url(),
        "party_organization": party.get_absolute_url(),
        "party_organizations": reverse("partybranches:list"),
        "party_organizations_filtered": reverse("partybranches:list") + "?district=440104&formation=joint",
        "party_committee": PartyOrganization.objects.get(name="广州市社会组织党委").get_absolute_url(),
        "demonstration": reverse("partybranches:demonstration"),
        "activities": reverse("activities:list"),
        "activities_page_2": reverse("activities:list") + "?page=2",
        "activities_search": reverse("activities:list") + "?q=%E5%BF%97%E6%84%BF",  # 志愿
        "party_organizations_search": reverse("partybranches:list") + "?q=%E8%81%94%E5%90%88",  # 联合
        "site_search": reverse("search") + "?q=%E5%B9%BF%E5%B7%9E",  # 广州
        "site_search_empty": reverse("search"),
        "activity": featured.get_absolute_url(),
        "pairings": reverse("pairings:list"),
        "towns": reverse("towns:list"),
        "town": town.get_absolute_url(),
        "stats": reverse("stats"),
        "announcements": reverse("announcements:list"),
        "announcement": announcement.get_absolute_url(),
        "contact": reverse("contact"),
        "site_map": reverse("site_map"),
        "privacy": reverse("privacy"),
        "accessibility": reverse("accessibility"),
        "activity_label": reverse("activity_label", args=[featured.pk]),
        "town_label": reverse("town_label", args=[town.slug]),
        "exhibit": exhibit.get_absolute_url(),
        "exhibit_label": reverse("exhibit_label", args=[exhibit.pk]),
    }
    return Portal(federation=federation, featured_activity=featured, town=town, public_pages=public_pages)


# Pages that answer something other than 200, with their status.
NOT_FOUND_PAGE = "/organizations/999999999/"
