"""Printable exhibit labels: a published activity's or town's name and a QR code of its public page."""

import pytest

from activities.models import Activity
from tests.helpers import factories
from tests.helpers.populate import populate
from tests.helpers.qr import decode, qr_svg


def label_urls(activity, town):
    return {"activity": f"/labels/activities/{activity.pk}/", "town": f"/labels/towns/{town.slug}/"}


def test_an_activity_label_names_it_and_its_qr_code_leads_to_its_page(client, db):
    activity = factories.ActivityFactory(title="社区长者义诊")
    html = client.get(f"/labels/activities/{activity.pk}/").content.decode()
    assert '<h1 id="label-title">社区长者义诊</h1>' in html and activity.organizer.name in html
    assert decode(qr_svg(html, "详情页二维码")) == f"http://testserver{activity.get_absolute_url()}"
    # The label carries one code only: the footer's own code of the label page is left out.
    assert html.count("<svg ") == 1


def test_a_town_label_names_it_and_its_qr_code_leads_to_its_page(client, db):
    town = factories.CharacteristicTownFactory(name="生态设计小镇", slug="eco-design")
    html = client.get("/labels/towns/eco-design/").content.decode()
    assert "生态设计小镇" in html and town.get_township_display() in html
    assert decode(qr_svg(html, "详情页二维码")) == "http://testserver/towns/eco-design/"


def test_the_record_pages_link_to_their_labels(client, db):
    activity = factories.ActivityFactory()
    town = factories.CharacteristicTownFactory()
    assert f'href="/labels/activities/{activity.pk}/"' in client.get(activity.get_absolute_url()).content.decode()
    assert f'href="/labels/towns/{town.slug}/"' in client.get(town.get_absolute_url()).content.decode()


@pytest.mark.parametrize("state", [Activity.State.DRAFT, Activity.State.SUBMITTED, Activity.State.OFFLINE])
def test_unpublished_records_have_no_label(client, db, state):
    activity = factories.ActivityFactory(state=state)
    town = factories.CharacteristicTownFactory(is_published=False)
    for url in label_urls(activity, town).values():
        assert client.get(url).status_code == 404
    assert client.get("/labels/activities/99999999999999999999/").status_code == 404


@pytest.mark.parametrize("size", [2, 30])
def test_labels_run_a_fixed_number_of_queries(client, db, django_assert_num_queries, size):
    portal = populate(size)
    client.get("/privacy/")  # the footer's site facts are cached from here on
    for url in label_urls(portal.activity, portal.town).values():
        with django_assert_num_queries(1):
            assert client.get(url).status_code == 200
