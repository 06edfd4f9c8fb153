"""seed_demo on a day other than today: the demo lives in the present of the day it runs
(generated activities up to the day before, a risk list of a plausible minority), whatever
that day is. Seeded once, on 29 February 2024, with the clock held there."""

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from activities.models import Activity
from organizations.models import SocialOrganization
from reports.queries import activity_totals, covered_ids, filtered_activities, inactive_organizations
from tests.helpers.seeding import seeded_database

pytestmark = pytest.mark.django_db

SEED_DAY = datetime.date(2024, 2, 29)


@pytest.fixture(scope="module", autouse=True)
def seeded(django_db_setup, django_db_blocker, seed_media):
    moment = datetime.datetime.combine(SEED_DAY, datetime.time(10), tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    with time_machine.travel(moment, tick=True), seeded_database(django_db_blocker, seed_media) as output:
        yield output


def test_the_clock_is_held_on_the_seed_day():
    assert timezone.localdate() == SEED_DAY


def test_generated_activities_run_up_to_the_day_before(client):
    published = Activity.objects.published()
    last = timezone.localtime(published.order_by("-starts_at").first().starts_at).date()
    assert SEED_DAY - datetime.timedelta(days=7) <= last < SEED_DAY
    assert published.filter(starts_at__date__gte=SEED_DAY - datetime.timedelta(days=30)).count() >= 50
    # The article's dated facts keep their dates.
    assert published.filter(street="光塔街", starts_at__year=2021, starts_at__month=5).exists()
    # The home page's newest activities are of the last days.
    home = client.get(reverse("home")).content.decode()
    shown = [datetime.date(*map(int, day)) for day in re.findall(r"(\d{4})年(\d{1,2})月(\d{1,2})日", home)]
    assert shown and max(shown) >= SEED_DAY - datetime.timedelta(days=7)


def test_the_risk_list_flags_a_plausible_minority_of_covered_organizations():
    covered = SocialOrganization.objects.public().filter(pk__in=covered_ids()).count()
    flagged = inactive_organizations(as_of=SEED_DAY).count()
    assert 0.05 * covered <= flagged <= 0.15 * covered


def test_every_year_the_activity_filter_offers_has_activities(client):
    page = client.get(reverse("activities:list")).content.decode()
    select = re.search(r'<select name="year".*?</select>', page, re.S).group(0)
    years = [int(year) for year in re.findall(r'<option value="(\d{4})"', select)]
    assert years == list(range(2024, 2015, -1))  # from the seed day's year back to the first
    for year in years:
        assert Activity.objects.published().in_year(year).exists(), year


def test_study_time_is_in_the_report(staff_client):
    rows, total = activity_totals(filtered_activities(), group_by="kind")
    assert next(row for row in rows if row.label == "学习培训").study_hours > 0
    response = staff_client.get("/admin/reports/activities/", {"group_by": "kind"})
    study = next(cells for cells in response.context["rows"] if cells[0] == "学习培训")
    headers = response.context["headers"]
    assert study[headers.index("学时（小时）")] > 0
