"""Characteristic towns: every rule refused in the admin form and by the database."""

from decimal import Decimal

import pytest
from django.db.models import F, ProtectedError

from tests.helpers.admin import (
    add_inline_row,
    admin_form_data,
    admin_url,
    db_refuses,
    form_errors,
    inline_errors,
    post_admin_form,
)
from tests.helpers.factories import CharacteristicTownFactory, TownHighlightFactory
from towns.models import CharacteristicTown, TownHighlight

pytestmark = pytest.mark.django_db


def _change_town(client, town, **changes):
    return post_admin_form(client, admin_url(CharacteristicTown, "change", town.pk), **changes)


def _unchanged(obj):
    def snapshot():
        return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}

    before = snapshot()
    obj.refresh_from_db()
    return before == snapshot()


# Through the admin form.


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"name": "生态设计小镇"}, {"name": ["具有 名称 的 特色小镇 已存在。"]}),
        ({"slug": "eco-design"}, {"slug": ["具有 网址标识 的 特色小镇 已存在。"]}),
        ({"income_before": "-1"}, {"income_before": ["人均年收入不能为负数。"]}),
        ({"income_after": "-0.5"}, {"income_after": ["人均年收入不能为负数。"]}),
        ({"enterprises": "-84"}, {"enterprises": ["确保该值大于或等于0。"]}),
        (
            {"on_provincial_list": None, "provincial_list_year": "2021"},
            {"provincial_list_year": ["未列入省特色小镇清单时不能填写入选年份。"]},
        ),
        (
            {"launched_year": "2018", "provincial_list_year": "2017"},
            {"provincial_list_year": ["入选年份不能早于启动年份。"]},
        ),
        ({"latitude": "22.9"}, {"latitude": ["纬度应在从化区范围内（23.2至24.0）。"]}),
        ({"longitude": "114.5"}, {"longitude": ["经度应在从化区范围内（113.2至114.1）。"]}),
    ],
    ids=[
        "name",
        "slug",
        "income-before",
        "income-after",
        "enterprises",
        "listed-year-unlisted",
        "listed-before-launch",
        "latitude",
        "longitude",
    ],
)
def test_admin_refuses_a_town_breaking_a_rule(staff_client, changes, errors):
    CharacteristicTownFactory(name="生态设计小镇", slug="eco-design")
    town = CharacteristicTownFactory()
    response = _change_town(staff_client, town, **changes)
    assert form_errors(response) == errors
    assert _unchanged(town)


def test_admin_refuses_the_same_highlight_twice(staff_client):
    town = CharacteristicTownFactory()
    TownHighlightFactory(town=town, title="世界生态设计大会")
    response = post_admin_form(
        staff_client, admin_url(TownHighlight, "add"), town=str(town.pk), title="世界生态设计大会", year="2019"
    )
    assert form_errors(response) == {"title": ["该小镇已有同名的亮点。"]}
    assert TownHighlight.objects.count() == 1


def test_admin_inline_refuses_the_same_highlight_twice(staff_client):
    town = CharacteristicTownFactory()
    TownHighlightFactory(town=town, title="世界生态设计大会")
    url = admin_url(CharacteristicTown, "change", town.pk)
    data = add_inline_row(admin_form_data(staff_client, url), "highlights", title="世界生态设计大会", year="2020")
    errors, _ = inline_errors(staff_client.post(url, data), "highlights")
    assert errors[1] == {"title": ["该小镇已有同名的亮点。"]}
    assert TownHighlight.objects.count() == 1


def test_admin_saves_a_town_with_a_new_highlight(staff_client):
    town = CharacteristicTownFactory()
    url = admin_url(CharacteristicTown, "change", town.pk)
    data = admin_form_data(staff_client, url)
    data.update(enterprises="84", income_before="8000", income_after="30000")
    add_inline_row(data, "highlights", title="从都国际论坛", year="2016")
    response = staff_client.post(url, data)
    assert response.status_code == 302
    town.refresh_from_db()
    assert (town.enterprises, town.income_after) == (84, Decimal("30000.00"))
    assert list(town.highlights.values_list("title", flat=True)) == ["从都国际论坛"]


# Directly against the database.


def test_database_refuses_a_duplicate_town_name_or_slug():
    town = CharacteristicTownFactory()
    with db_refuses():
        CharacteristicTownFactory(name=town.name)
    with db_refuses():
        CharacteristicTownFactory(slug=town.slug)


@pytest.mark.parametrize(
    ("values", "constraint"),
    [
        ({"income_before": Decimal("-1")}, "towns_characteristictown_income_before_nonnegative"),
        ({"income_after": Decimal("-1")}, "towns_characteristictown_income_after_nonnegative"),
        ({"on_provincial_list": False}, "towns_characteristictown_list_year_only_if_listed"),
        ({"latitude": Decimal("25.000000")}, "towns_characteristictown_latitude_in_conghua"),
        ({"longitude": Decimal("113.000000")}, "towns_characteristictown_longitude_in_conghua"),
        ({"provincial_list_year": F("launched_year") - 1}, "towns_characteristictown_listed_after_launch"),
    ],
    ids=["income-before", "income-after", "listed-year-unlisted", "latitude", "longitude", "listed-before-launch"],
)
def test_database_refuses_a_town_breaking_a_rule(values, constraint):
    town = CharacteristicTownFactory()
    with db_refuses(constraint):
        CharacteristicTown.objects.filter(pk=town.pk).update(**values)


def test_database_refuses_negative_enterprises():
    town = CharacteristicTownFactory()
    with db_refuses():
        CharacteristicTown.objects.filter(pk=town.pk).update(enterprises=-1)


def test_database_refuses_the_same_highlight_twice():
    town = CharacteristicTownFactory()
    with db_refuses():
        TownHighlight.objects.bulk_create([TownHighlight(town=town, title="全国民宿大会") for _ in range(2)])


def test_deleting_a_town_with_highlights_is_refused():
    highlight = TownHighlightFactory()
    with pytest.raises(ProtectedError):
        highlight.town.delete()
    assert TownHighlight.objects.filter(pk=highlight.pk).exists()
