"""The 云展馆's exhibits: the model, the staff's admin, the halls' ordered panels with their live
figures, an exhibit's page and its printable label, and the sitemap."""

import datetime
import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from activities.models import Activity
from gzpartybuild.dates import Precision
from partybranches.models import PartyOrganization
from portal.models import Exhibit
from tests.helpers import factories
from tests.helpers.admin import admin_url, form_errors, post_admin_form
from tests.helpers.populate import populate
from tests.helpers.qr import decode, qr_svg

HALL_URL = "/exhibition/{}/"


def panel_titles(html):
    section = html[html.index('id="exhibits-title"') : html.index('id="figures-title"')]
    return re.findall(r'<a href="/exhibition/exhibits/\d+/">([^<]+)</a>', section)


# -- the model -----------------------------------------------------------------


def test_two_exhibits_cannot_share_a_place_in_a_hall(db):
    factories.ExhibitFactory(hall="seed", order=1)
    factories.ExhibitFactory(hall="sapling", order=1)  # another hall: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.ExhibitFactory(hall="seed", order=1)


@pytest.mark.parametrize(
    ("date", "precision", "text", "iso"),
    [
        (datetime.date(2010, 1, 1), Precision.YEAR, "2010年", "2010"),
        (datetime.date(2020, 10, 1), Precision.MONTH, "2020年10月", "2020-10"),
        (datetime.date(2020, 7, 1), Precision.DAY, "2020年7月1日", "2020-07-01"),
    ],
)
def test_an_exhibit_shows_its_date_no_finer_than_known(client, db, date, precision, text, iso):
    exhibit = factories.ExhibitFactory(date=date, date_precision=precision)
    html = client.get(exhibit.get_absolute_url()).content.decode()
    assert f'<time datetime="{iso}">{text}</time>' in html


def test_an_exhibit_names_its_hall_and_place(db):
    exhibit = factories.ExhibitFactory(hall="forest", order=3, title="“千社扶百村”")
    assert str(exhibit) == "红树林展厅 3. “千社扶百村”"
    assert exhibit.get_absolute_url() == f"/exhibition/exhibits/{exhibit.pk}/"


# -- the halls -------------------------------------------------------------------


def test_a_hall_shows_its_published_exhibits_in_their_order_then_its_featured_activities(client, db):
    factories.ExhibitFactory(hall="sapling", order=3, title="红联共建")
    factories.ExhibitFactory(hall="sapling", order=1, title="择优配强书记")
    factories.ExhibitFactory(hall="sapling", order=2, title="党建牵手")
    factories.ExhibitFactory(hall="sapling", order=4, title="尚未公开的展品", is_published=False)
    factories.ExhibitFactory(hall="seed", order=1, title="另一个展厅的展品")
    factories.ActivityFactory(title="红联共建志愿服务", featured_hall="sapling")
    html = client.get(HALL_URL.format("sapling")).content.decode()
    assert panel_titles(html) == ["择优配强书记", "党建牵手", "红联共建"]
    # The panels come first, the featured activities after them.
    assert html.index("择优配强书记") < html.index('id="featured-title"') < html.index("红联共建志愿服务")


def test_a_panel_shows_its_figure_live_from_the_records(client, db):
    factories.ExhibitFactory(hall="seed", order=1, figure=Exhibit.Figure.PARTY_ORGANIZATIONS)
    factories.PartyOrganizationFactory.create_batch(3)

    def shown():
        html = client.get(HALL_URL.format("seed")).content.decode()
        section = html[html.index('id="exhibits-title"') : html.index('id="figures-title"')]
        return re.search(r'社会组织党组织数（实时）</span> <strong class="figure-value">([\d,]+)</strong>', section)[1]

    total = PartyOrganization.objects.count()
    assert shown() == str(total)
    factories.PartyOrganizationFactory()  # a new party organization shows at once
    assert shown() == str(total + 1)


@pytest.mark.parametrize("figure", [code for code, _ in Exhibit.Figure.choices])
def test_every_figure_an_exhibit_can_show_is_computed(client, db, figure):
    populate(2)
    exhibit = factories.ExhibitFactory(hall="forest", order=99, figure=figure)
    html = client.get(exhibit.get_absolute_url()).content.decode()
    assert f"{Exhibit.Figure(figure).label}（实时）" in html
    value = re.search(r'<strong class="figure-value">([^<]+)</strong>', html)[1]
    assert re.search(r"\d", value), value


@pytest.mark.parametrize(
    ("figure", "field", "unit"),
    [
        (Exhibit.Figure.SERVICE_HOURS, "service_minutes", "小时"),
        (Exhibit.Figure.PEOPLE_SERVED, "people_served", "人次"),
    ],
)
def test_a_sum_none_recorded_shows_as_unrecorded_and_a_partial_one_says_how_many(client, db, figure, field, unit):
    exhibit = factories.ExhibitFactory(hall="forest", order=99, figure=figure)
    factories.ActivityFactory.create_batch(2, kind=Activity.Kind.VOLUNTEER, **{field: None})

    html = client.get(exhibit.get_absolute_url()).content.decode()
    line = re.search(r'<p class="exhibit-figure[^"]*">(.*?)</p>', html, re.S)[1]
    assert '<strong class="figure-value">未登记</strong>' in line
    assert 'class="figure-unit"' not in line

    factories.ActivityFactory(kind=Activity.Kind.VOLUNTEER, **{field: 120})
    html = client.get(exhibit.get_absolute_url()).content.decode()
    line = re.search(r'<p class="exhibit-figure[^"]*">(.*?)</p>', html, re.S)[1]
    assert "未登记" not in line and f'<span class="figure-unit">{unit}</span>' in line
    assert "（3 场活动中 1 场有记录）" in line


def test_the_seeded_halls_show_the_articles_exhibits_with_live_figures(client, db):
    from django.core.management import call_command

    call_command("seed_demo", scale=0.01, verbosity=0)
    html = client.get(HALL_URL.format("seed")).content.decode()
    titles = panel_titles(html)
    assert titles[0] == "起步早、起点高：成立社会组织党工委" and len(titles) == 6
    assert '<time datetime="2010">2010年</time>' in html
    party_total = PartyOrganization.objects.count()
    assert f'社会组织党组织数（实时）</span> <strong class="figure-value">{party_total:,}</strong>' in html
    for hall in ["sapling", "forest"]:
        assert len(panel_titles(client.get(HALL_URL.format(hall)).content.decode())) >= 5
    # Running the seed again adds nothing.
    count = Exhibit.objects.count()
    call_command("seed_demo", scale=0.01, verbosity=0)
    assert Exhibit.objects.count() == count


# -- an exhibit's page and label ---------------------------------------------------


def test_an_exhibit_page_links_its_neighbours_in_the_hall_and_its_label(client, db):
    first = factories.ExhibitFactory(hall="forest", order=1, title="科学防控")
    second = factories.ExhibitFactory(hall="forest", order=2, title="千社扶百村")
    third = factories.ExhibitFactory(hall="forest", order=3, title="基层治理")
    html = client.get(second.get_absolute_url()).content.decode()
    assert f'href="{first.get_absolute_url()}">上一件：科学防控' in html
    assert f'href="{third.get_absolute_url()}">下一件：基层治理' in html
    assert f'href="/labels/exhibits/{second.pk}/"' in html


def test_an_unpublished_exhibit_has_no_page_and_no_label(client, db):
    exhibit = factories.ExhibitFactory(is_published=False)
    assert client.get(exhibit.get_absolute_url()).status_code == 404
    assert client.get(f"/labels/exhibits/{exhibit.pk}/").status_code == 404
    assert client.get("/exhibition/exhibits/99999999999999999999/").status_code == 404


def test_an_exhibit_label_names_it_and_its_qr_code_leads_to_its_page(client, db):
    exhibit = factories.ExhibitFactory(
        hall="seed", order=6, title="党建展览馆开放", date=datetime.date(2020, 7, 1), date_precision=Precision.DAY
    )
    html = client.get(f"/labels/exhibits/{exhibit.pk}/").content.decode()
    assert '<h1 id="label-title">党建展览馆开放</h1>' in html
    assert "红种子展厅 · 第6展板" in html and "2020年7月1日" in html
    assert decode(qr_svg(html, "详情页二维码")) == f"http://testserver{exhibit.get_absolute_url()}"


def test_the_sitemap_lists_published_exhibits_only(client, db):
    shown = factories.ExhibitFactory()
    hidden = factories.ExhibitFactory(is_published=False)
    xml = client.get("/sitemap-exhibits.xml").content.decode()
    assert f"http://testserver{shown.get_absolute_url()}</loc>" in xml
    assert hidden.get_absolute_url() not in xml
    assert "/sitemap-exhibits.xml" in client.get("/sitemap.xml").content.decode()


# -- the admin ---------------------------------------------------------------------


def test_staff_add_an_exhibit_in_the_admin_and_its_history_records_who(staff_client, staff_user):
    url = admin_url(Exhibit, "add")
    page = staff_client.get(url).content.decode()
    for label in ["展厅", "展厅内顺序", "解说词", "插图", "数据", "日期精度", "出处"]:
        assert f">{label}" in page, label
    response = post_admin_form(
        staff_client,
        url,
        hall="forest",
        order="1",
        title="“千社扶百村”",
        narrative="组织1102个社会组织参与787个贫困村（社区）帮扶工作。",
        motif="village",
        figure="village_aid_villages",
        date="2020-01-01",
        date_precision="year",
        source="《社会组织党建“广州样本”这样炼就》",
        is_published="on",
    )
    assert response.status_code == 302, form_errors(response)
    exhibit = Exhibit.objects.get()
    assert exhibit.history.get().history_user == staff_user
    assert "“千社扶百村”" in staff_client.get(HALL_URL.format("forest")).content.decode()


def test_the_admin_refuses_a_place_already_taken_with_a_chinese_message(staff_client):
    factories.ExhibitFactory(hall="seed", order=1)
    response = post_admin_form(
        staff_client,
        admin_url(Exhibit, "add"),
        hall="seed",
        order="1",
        title="重复的位置",
        narrative="说明",
        motif="seed",
        date_precision="day",
    )
    errors = form_errors(response)
    assert any("同一顺序号" in message for messages in errors.values() for message in messages), errors
    assert Exhibit.objects.count() == 1


def test_staff_cannot_delete_an_exhibit(staff_client):
    exhibit = factories.ExhibitFactory()
    assert staff_client.get(admin_url(Exhibit, "delete", exhibit.pk)).status_code == 403


def test_the_admin_lists_exhibits_by_hall_and_order(staff_client):
    factories.ExhibitFactory(hall="seed", order=2, title="第二件")
    factories.ExhibitFactory(hall="seed", order=1, title="第一件")
    html = staff_client.get(admin_url(Exhibit, "changelist")).content.decode()
    assert html.index("第一件") < html.index("第二件")


# -- query counts ------------------------------------------------------------------


@pytest.mark.parametrize("size", [2, 30])
def test_exhibit_pages_run_a_fixed_number_of_queries(client, db, django_assert_num_queries, size):
    portal = populate(size)
    client.get("/privacy/")  # the footer's site facts are cached from here on
    client.get(HALL_URL.format("sapling"))  # and the sapling hall's figures
    with django_assert_num_queries(2):
        assert client.get(portal.exhibit.get_absolute_url()).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(reverse("exhibit_label", args=[portal.exhibit.pk])).status_code == 200


def test_hall_kind_choices_are_the_three_halls():
    assert [code for code, _ in Exhibit._meta.get_field("hall").choices] == [
        Activity.Hall.SEED,
        Activity.Hall.SAPLING,
        Activity.Hall.FOREST,
    ]
