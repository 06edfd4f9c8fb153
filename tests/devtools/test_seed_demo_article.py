"""seed_demo at 1×: the article's totals, counted from the records, and its named facts."""

import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.permissions import STAFF_GROUP_NAME
from activities.models import Activity, ActivityPhoto, Pairing
from gzpartybuild.dates import Precision
from organizations.models import CITY_DIVISION, District, SocialOrganization
from organizations.validators import social_organization_code_errors
from partybranches.models import DemonstrationSite, Milestone, PartyOrganization, StarRating
from reports.queries import activity_totals, covered_ids, filtered_activities, inactive_organizations
from sourcedfigures.models import Statistic
from tests.helpers.seeding import run_seed, seeded_database
from towns.models import CharacteristicTown, TownHighlight, TownPhoto

pytestmark = pytest.mark.django_db

CONGHUA_TOWNS = {
    "生态设计小镇",
    "西和万花风情小镇",
    "西塘童话小镇",
    "南平静修小镇",
    "格塘南药小镇",
    "莲麻小镇",
    "古驿道小镇",
    "赛莱拉干细胞科技小镇",
    "罗洞工匠小镇",
}
ALL_MODELS = [
    SocialOrganization,
    PartyOrganization,
    StarRating,
    DemonstrationSite,
    Milestone,
    Pairing,
    Activity,
    ActivityPhoto,
    CharacteristicTown,
    TownPhoto,
    TownHighlight,
    User,
]


@pytest.fixture(scope="module", autouse=True)
def seeded(django_db_setup, django_db_blocker, seed_media):
    with seeded_database(django_db_blocker, seed_media) as output:
        yield output


def test_command_prints_the_totals_and_the_time(seeded):
    assert "社会组织 8,095 个" in seeded
    assert "党组织 1,741 个，党员 20,868 名" in seeded
    assert "用时" in seeded
    # Money in the unit a reader expects, as on the public pages: the article's 5.87 亿元.
    assert "资金 5.87亿元" in seeded


def test_organizations_are_the_articles_8095_by_type():
    by_type = dict(SocialOrganization.objects.values_list("org_type").annotate(n=Count("pk")).order_by())
    assert by_type == {
        SocialOrganization.Type.SOCIETY: 3440,
        SocialOrganization.Type.PRIVATE_NON_ENTERPRISE: 4551,
        SocialOrganization.Type.FOUNDATION: 104,
    }
    districts = set(SocialOrganization.objects.values_list("district", flat=True))
    assert districts == set(District.values)
    assert not SocialOrganization.objects.exclude(status=SocialOrganization.Status.NORMAL).exists()
    assert not SocialOrganization.objects.filter(registered_on__gt=datetime.date(2020, 12, 31)).exists()


def test_every_credit_code_is_valid_and_agrees_with_type_and_district():
    rows = SocialOrganization.objects.values_list(
        "credit_code", "org_type", "level", "district", "credit_code_verified"
    )
    problems = []
    for code, org_type, level, district, verified in rows:
        errors = social_organization_code_errors(code, SocialOrganization.TYPE_DIGIT[org_type])
        division = code[2:8]
        expected = CITY_DIVISION if level == SocialOrganization.Level.CITY else district
        if errors or division != expected or verified:
            problems.append((code, errors, division, expected))
    assert problems == []
    assert len(rows) == 8095


def test_party_organizations_members_and_growth_are_the_articles():
    active = PartyOrganization.objects.active()
    assert active.count() == 1741
    members = active.aggregate(full=Sum("full_members"), probationary=Sum("probationary_members"))
    assert members["full"] + members["probationary"] == 20868
    # 807 at the start of 2016, 375 founded in 2020, none after 2020.
    assert active.filter(founded_on__lt=datetime.date(2016, 1, 1)).count() == 807
    assert active.filter(founded_on__year=2020).count() == 375
    assert not active.filter(founded_on__gt=datetime.date(2020, 12, 31)).exists()
    assert set(active.values_list("kind", flat=True)) == set(PartyOrganization.Kind.values)
    assert set(active.values_list("formation", flat=True)) == set(PartyOrganization.Formation.values)
    assert active.filter(secretary_is_head=True).exists()
    assert active.filter(cross_appointment=True).exists()
    assert active.exclude(first_secretary="").exists()
    assert active.exclude(instructor="").order_by().values("instructor").distinct().count() == 1068


def test_the_city_committee_heads_every_other_party_organization():
    city = PartyOrganization.objects.get(name="广州市社会组织党委")
    assert city.kind == PartyOrganization.Kind.COMMITTEE
    assert list(PartyOrganization.objects.filter(parent__isnull=True)) == [city]
    # Every other organization reaches the city committee through its parents.
    parents = dict(PartyOrganization.objects.values_list("pk", "parent_id"))
    for pk in parents:
        seen = set()
        while parents[pk] is not None:
            assert pk not in seen
            seen.add(pk)
            pk = parents[pk]
        assert pk == city.pk


def test_party_organizations_cover_their_organizations():
    alone = PartyOrganization.objects.filter(formation=PartyOrganization.Formation.ALONE).annotate(
        n=Count("organizations")
    )
    assert set(alone.values_list("n", flat=True)) == {1}
    joint = PartyOrganization.objects.filter(formation=PartyOrganization.Formation.JOINT).annotate(
        n=Count("organizations")
    )
    assert min(joint.values_list("n", flat=True)) >= 2
    # No organization is covered twice.
    covered = PartyOrganization.organizations.through.objects.values("socialorganization").annotate(n=Count("pk"))
    assert not covered.filter(n__gt=1).exists()


def test_ratings_and_the_67_demonstration_sites():
    assert DemonstrationSite.objects.count() == 67
    assert set(DemonstrationSite.objects.values_list("level", flat=True)) == set(DemonstrationSite.Level.values)
    years = set(StarRating.objects.values_list("year", flat=True))
    assert years == {2016, 2017, 2018, 2019, 2020}
    assert set(StarRating.objects.values_list("stars", flat=True)) == {1, 2, 3, 4, 5}


def test_pairings_are_the_articles():
    red = Pairing.objects.filter(kind=Pairing.Kind.RED_ALLIANCE).order_by()
    assert red.values("party_organization").distinct().count() == 100
    assert red.values("partner_name").distinct().count() == 241

    mentoring = Pairing.objects.filter(kind=Pairing.Kind.MENTORING).order_by()
    assert mentoring.values("party_organization").distinct().count() == 121
    assert mentoring.values("partner_organization").distinct().count() == 771
    assert not mentoring.filter(partner_organization__isnull=True).exists()

    aid = Pairing.objects.filter(kind=Pairing.Kind.VILLAGE_AID).order_by()
    assert aid.values("party_organization").distinct().count() == 1102
    assert aid.values("village", "town", "district").distinct().count() == 787
    totals = aid.aggregate(projects=Sum("projects"), funds=Sum("funds_committed"))
    assert totals["projects"] == 2332
    assert totals["funds"] == Decimal("587000000.00")


def test_activities_cover_every_kind_state_year_district_and_hall():
    activities = Activity.objects.all()
    assert activities.count() == 20000
    assert set(activities.values_list("kind", flat=True)) == set(Activity.Kind.values)
    assert set(activities.values_list("state", flat=True)) == set(Activity.State.values)
    assert set(activities.values_list("district", flat=True)) == set(District.values)
    # Generated activities run up to the day before the seed: every year since 2016 has some.
    years = {d.year for d in activities.dates("starts_at", "year")}
    today = timezone.localdate()
    assert years == set(range(2016, today.year + 1))
    assert not activities.filter(starts_at__date__gte=today).exists()
    featured = activities.exclude(featured_hall="")
    assert set(featured.values_list("featured_hall", flat=True)) == {"seed", "sapling", "forest"}
    assert set(featured.values_list("state", flat=True)) == {Activity.State.PUBLISHED}
    returned = activities.filter(state=Activity.State.RETURNED)
    assert not returned.filter(review_reason="").exists()
    assert not activities.filter(kind=Activity.Kind.EPIDEMIC, starts_at__year__lt=2020).exists()


def test_activity_photos_are_real_jpeg_files_with_thumbnails(seed_media):
    photos = ActivityPhoto.objects.all()
    assert photos.count() > 1000
    assert not Activity.objects.exclude(featured_hall="").filter(photos__isnull=True).exists()
    for image, thumbnail in set(photos.values_list("image", "thumbnail")):
        with Image.open(Path(seed_media) / image) as picture:
            assert picture.format == "JPEG"
            assert picture.size == (960, 640)
        with Image.open(Path(seed_media) / thumbnail) as picture:
            assert picture.format == "JPEG"
            assert picture.width <= 320


def test_generated_records_have_a_creation_history_entry():
    assert SocialOrganization.history.filter(history_type="+").count() == 8095
    assert Activity.history.filter(history_type="+").count() == 20000


def test_the_articles_named_organizations_and_party_organizations():
    federation = PartyOrganization.objects.get(name="广州市社会组织联合会党委")
    puai = PartyOrganization.objects.get(name="普爱社会工作服务党支部")
    software = PartyOrganization.objects.get(name="广州市软件行业协会党支部")
    city = PartyOrganization.objects.get(name="广州市社会组织党委")
    assert federation.kind == PartyOrganization.Kind.COMMITTEE
    assert federation.secretary_name == "孟昕"
    assert puai.first_secretary == "刘志娟"
    assert {federation.parent, puai.parent, software.parent} == {city}
    assert [o.name for o in federation.organizations.all()] == ["广州市社会组织联合会"]
    assert [o.name for o in puai.organizations.all()] == ["普爱社会工作服务"]
    assert [o.name for o in software.organizations.all()] == ["广州市软件行业协会"]


def test_the_two_2021_volunteer_services():
    nonglin = Activity.objects.get(street="农林街", organizer__name="广州市社会组织联合会党委")
    assert timezone.localtime(nonglin.starts_at).date() == datetime.date(2021, 4, 22)
    assert nonglin.district == District.YUEXIU
    assert nonglin.state == Activity.State.PUBLISHED
    assert "我为群众办实事" in nonglin.title
    guangta = Activity.objects.get(street="光塔街", organizer__name="广州市社会组织联合会党委")
    started = timezone.localtime(guangta.starts_at)
    assert (started.year, started.month) == (2021, 5)
    assert {p.name for p in guangta.co_organizers.all()} == {"普爱社会工作服务党支部", "广州市软件行业协会党支部"}
    assert "残障家庭" in guangta.description
    assert guangta.photos.exists()
    # Known to the day and to the month; no time of day and none of their figures are invented.
    assert (nonglin.time_precision, guangta.time_precision) == (Precision.DAY, Precision.MONTH)
    for activity in (nonglin, guangta):
        figures = [activity.party_members, activity.volunteers, activity.service_minutes, activity.people_served]
        assert figures == [None] * 4 and activity.funds is None


def test_the_chronicle():
    milestones = {(m.date, m.title) for m in Milestone.objects.all()}
    dates = {date for date, _ in milestones}
    assert {datetime.date(2020, 7, 1), datetime.date(2021, 4, 22)} <= dates
    assert any(d.year == 2010 and "党工委" in t for d, t in milestones)
    assert any(d.year == 2012 and "社会组织党委" in t for d, t in milestones)
    assert any((d.year, d.month) == (2020, 10) and "广州样本" in t for d, t in milestones)
    assert any(d == datetime.date(2020, 7, 1) and "云展馆" in t for d, t in milestones)
    precisions = dict(Milestone.objects.values_list("date", "precision"))
    assert precisions[datetime.date(2010, 1, 1)] == Precision.YEAR
    assert precisions[datetime.date(2020, 10, 1)] == Precision.MONTH
    assert precisions[datetime.date(2021, 4, 22)] == Precision.DAY
    assert not Milestone.objects.filter(description__contains="原文").exists()


def test_the_nine_conghua_towns_with_the_articles_facts_only():
    towns = CharacteristicTown.objects.all()
    assert {t.name for t in towns} == CONGHUA_TOWNS
    assert all(t.on_provincial_list and t.provincial_list_year == 2021 for t in towns)
    assert towns.filter(is_featured=True).exists()
    # Facts the article does not give stay empty.
    assert not towns.filter(income_before__isnull=False).exists()
    assert not towns.filter(income_after__isnull=False).exists()
    assert list(towns.filter(enterprises__isnull=False).values_list("name", "enterprises")) == [("生态设计小镇", 84)]
    for town in towns.exclude(latitude__isnull=True):
        assert Decimal("23.4") <= town.latitude <= Decimal("23.95")
        assert Decimal("113.25") <= town.longitude <= Decimal("114.05")

    eco = towns.get(name="生态设计小镇")
    assert (eco.get_township_display(), eco.core_village) == ("良口镇", "塘尾村")
    assert "89天" in eco.story and "84家" in eco.story
    highlights = set(eco.highlights.values_list("title", flat=True))
    assert {
        "世界生态设计大会永久会址",
        "湾区设计开放大学",
    } <= highlights
    # The article credits these to the towns together, not to this one.
    assert not highlights & {"从都国际论坛", "全国民宿大会", "国际山地马拉松赛"}
    xitang = towns.get(name="西塘童话小镇")
    assert (xitang.get_township_display(), xitang.core_village) == ("鳌头镇", "西塘村")
    assert "4.2平方公里" in xitang.summary
    lianma = towns.get(name="莲麻小镇")
    assert (lianma.get_township_display(), lianma.core_village) == ("吕田镇", "莲麻村")
    assert "第一个试点" in lianma.summary


def test_every_town_has_a_drawn_photo(seed_media):
    for town in CharacteristicTown.objects.prefetch_related("photos"):
        photos = list(town.photos.all())
        assert len(photos) == 1
        with Image.open(Path(seed_media) / photos[0].image.name) as picture:
            assert picture.format == "JPEG"
        assert "示意图" in photos[0].caption


def test_demo_accounts_and_their_bindings():
    bureau = User.objects.get(username="bureau")
    assert bureau.is_staff and not bureau.is_superuser
    assert list(bureau.groups.values_list("name", flat=True)) == [STAFF_GROUP_NAME]
    assert bureau.check_password("gzpb-demo-2026")
    assert "广州市社会组织管理局" in bureau.get_full_name()
    bound = []
    for username in ("secretary1", "secretary2"):
        user = User.objects.get(username=username)
        assert not user.is_staff
        assert user.check_password("gzpb-demo-2026")
        parties = list(PartyOrganization.objects.for_secretary(user))
        assert len(parties) == 1
        assert parties[0].secretary_name == user.first_name
        bound.append(parties[0])
        activities = Activity.objects.for_secretary(user)
        assert set(activities.values_list("state", flat=True)) == set(Activity.State.values)
        assert set(activities.values_list("created_by", flat=True)) == {user.pk}
        assert not activities.filter(state=Activity.State.RETURNED, review_reason="").exists()
    assert bound[0] != bound[1]


def test_a_second_run_adds_and_changes_nothing():
    before = {model: model.objects.count() for model in ALL_MODELS}
    funds = Pairing.objects.aggregate(total=Sum("funds_committed"))["total"]
    output = run_seed()
    assert "跳过生成部分" in output
    assert {model: model.objects.count() for model in ALL_MODELS} == before
    assert Pairing.objects.aggregate(total=Sum("funds_committed"))["total"] == funds
    # The secretaries stay bound once, to the same organizations.
    assert PartyOrganization.secretaries.through.objects.count() == 2


def test_home_and_stats_show_the_articles_figures_computed_from_the_records(client):
    """The public pages compute the article's headline figures from the seeded records."""
    home = client.get(reverse("home")).content.decode()
    for figure in ["8,095", "1,741", "20,868"]:
        assert figure in home, figure
    stats = client.get(reverse("stats")).content.decode()
    for figure in ["3,440", "4,551", "104", "1,741", "20,868"]:
        assert figure in stats, figure


def test_the_articles_party_organizations_have_members_by_the_generators_rules():
    named = PartyOrganization.objects.filter(
        name__in=[
            "广州市社会组织党委",
            "广州市社会组织联合会党委",
            "普爱社会工作服务党支部",
            "广州市软件行业协会党支部",
        ]
    )
    assert all(party.full_members >= 3 for party in named)
    for party in named.exclude(name="广州市社会组织党委"):
        assert party.organizations.get().party_member_count == party.full_members
    members = PartyOrganization.objects.aggregate(full=Sum("full_members"), probationary=Sum("probationary_members"))
    assert members["full"] + members["probationary"] == 20868


def test_members_by_founding_period_are_the_articles():
    def members(**lookup):
        totals = PartyOrganization.objects.filter(**lookup).aggregate(
            full=Sum("full_members"), probationary=Sum("probationary_members")
        )
        return totals["full"] + totals["probationary"]

    assert members(founded_on__year__lt=2016) == 7227
    assert members(founded_on__year=2020) == 4936
    assert PartyOrganization.objects.filter(founded_on__year=2020).count() == 375


def test_the_demo_lives_in_the_present():
    today = timezone.localdate()
    recent = Activity.objects.published().filter(starts_at__date__gte=today - datetime.timedelta(days=30))
    assert recent.count() >= 50
    # The risk list (no published activity in the last twelve months) flags a plausible minority.
    covered = SocialOrganization.objects.public().filter(pk__in=covered_ids()).count()
    flagged = inactive_organizations(as_of=today).count()
    assert 0.05 * covered <= flagged <= 0.15 * covered


def test_study_activities_carry_study_minutes():
    rows, total = activity_totals(filtered_activities(), group_by="kind")
    study = next(row for row in rows if row.label == "学习培训")
    assert study.study_minutes > 0 and study.service_minutes == 0
    assert total.study_hours > 0
    assert not Activity.objects.filter(kind=Activity.Kind.STUDY, service_minutes=0).exists()


def test_programme_totals_are_seeded_as_sourced_statistics():
    statistics = {s.key: s for s in Statistic.objects.all()}
    assert statistics["hotline-lines"].value == 239 and statistics["hotline-lines"].unit == "条"
    assert statistics["warm-savings"].value == Decimal("1.44") and statistics["warm-savings"].unit == "亿元"
    assert statistics["think-tank"].value == 15
    assert all(s.source and s.as_of for s in statistics.values())
    assert Statistic.history.count() == len(statistics)
