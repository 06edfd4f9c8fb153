import datetime

import pytest

from organizations.models import District, SocialOrganization
from tests.helpers import factories
from tests.helpers.html import tile


def row(label, *cells):
    return f'<th scope="row">{label}</th>' + "".join(f"<td>{cell}</td>" for cell in cells)


def district_row(district, *cells):
    """A row of a district map's table: the district links to the directory filtered by it."""
    link = f'<a href="/organizations/?district={district.value}">{district.label}</a>'
    return f'<tr data-district="{district.value}"><th scope="row">{link}</th>' + "".join(
        f"<td>{cell}</td>" for cell in cells
    )


@pytest.mark.django_db
def test_stats_tables_count_organizations_by_type_and_district(client):
    factories.SocialOrganizationFactory.create_batch(3, org_type=SocialOrganization.Type.FOUNDATION)
    factories.SocialOrganizationFactory.create_batch(
        2, org_type=SocialOrganization.Type.PRIVATE_NON_ENTERPRISE, district=District.CONGHUA
    )
    factories.SocialOrganizationFactory(is_archived=True)

    html = client.get("/stats/").content.decode()

    assert row("基金会", 3) in html
    assert row("民办非企业单位", 2) in html
    assert row("社会团体", 0) in html
    assert district_row(District.YUEXIU, 3) in html
    assert district_row(District.CONGHUA, 2) in html
    assert row("合计", 5) in html
    assert tile(html, "登记社会组织") == "5"


@pytest.mark.django_db
def test_stats_coverage_by_district_follows_party_organization_changes(client):
    covered, uncovered = factories.SocialOrganizationFactory.create_batch(2, district=District.YUEXIU)
    party = factories.PartyOrganizationFactory(organizations=[covered])

    html = client.get("/stats/").content.decode()
    assert district_row(District.YUEXIU, 2, 1, "50%") in html

    party.organizations.add(uncovered)  # m2m_changed invalidates the cached figures
    html = client.get("/stats/").content.decode()
    assert district_row(District.YUEXIU, 2, 2, "100%") in html
    # A district with no organization has no coverage to show.
    assert district_row(District.HAIZHU, 0, 0, "无数据") in html


@pytest.mark.django_db
def test_stats_party_organizations_and_members_by_year_are_cumulative(client):
    factories.PartyOrganizationFactory(founded_on=datetime.date(2016, 3, 1), full_members=20000, probationary_members=0)
    factories.PartyOrganizationFactory(founded_on=datetime.date(2016, 9, 1), full_members=800, probationary_members=8)
    factories.PartyOrganizationFactory(founded_on=datetime.date(2018, 7, 1), full_members=50, probationary_members=10)
    factories.PartyOrganizationFactory(founded_on=None, full_members=3, probationary_members=0)

    html = client.get("/stats/").content.decode()

    assert row("2016年", 2, 2, "20,808", "20,808") in html
    assert row("2017年", 0, 2, 0, "20,808") in html
    assert row("2018年", 1, 3, 60, "20,868") in html
    assert row("成立日期未登记", 1, "—", 3, "—") in html
    assert tile(html, "社会组织党组织") == "4"
    assert tile(html, "党员") == "20,871"


@pytest.mark.django_db
def test_stats_activities_by_month_count_published_activities(client):
    party = factories.PartyOrganizationFactory()
    for day in (3, 22):
        factories.ActivityFactory(organizer=party, starts_at=datetime.datetime(2021, 4, day, 2, tzinfo=datetime.UTC))
    factories.ActivityFactory(organizer=party, starts_at=datetime.datetime(2021, 6, 1, 2, tzinfo=datetime.UTC))
    factories.ActivityFactory(
        organizer=party, state="draft", starts_at=datetime.datetime(2021, 6, 1, 2, tzinfo=datetime.UTC)
    )

    html = client.get("/stats/").content.decode()

    assert row("2021年4月", 2) in html
    assert row("2021年5月", 0) in html
    assert row("2021年6月", 1) in html
    assert "2021年3月" not in html


@pytest.mark.django_db
def test_stats_star_distribution_by_year(client):
    for stars in (5, 5, 4, 1):
        factories.StarRatingFactory(year=2020, stars=stars)
    factories.StarRatingFactory(year=2019, stars=3)
    archived = factories.PartyOrganizationFactory(is_archived=True)
    factories.StarRatingFactory(party_organization=archived, year=2020, stars=5)

    html = client.get("/stats/").content.decode()

    assert row("2020年", 2, 1, 0, 0, 1, 4) in html
    assert row("2019年", 0, 0, 1, 0, 0, 1) in html
    assert "2020年党组织星级分布" in html


@pytest.mark.django_db
def test_every_chart_is_followed_by_a_table(client):
    factories.ActivityFactory()
    factories.StarRatingFactory()

    html = client.get("/stats/").content.decode()

    # party organizations and members by year, by type, by month, stars; the three district maps
    assert html.count('class="bar-chart"') == 5
    assert html.count('class="district-map"') == 3
    for chart in ('class="bar-chart"', 'class="district-map"'):
        for start in [i for i in range(len(html)) if html.startswith(chart, i)]:
            following = html[start:]
            assert following.index("<table") < following.index("</section>")


@pytest.mark.django_db
def test_stats_with_no_records_still_answer(client):
    response = client.get("/stats/")

    assert response.status_code == 200
    assert "暂无已发布的活动" in response.content.decode()
