import re
from decimal import Decimal

import pytest

from tests.helpers import factories
from tests.helpers.html import tile


@pytest.fixture
def towns(db):
    eco = factories.CharacteristicTownFactory(
        name="生态设计小镇",
        slug="eco-design",
        core_village="塘尾村",
        theme_industry="生态设计",
        summary="世界生态设计大会永久会址",
        story="曾经濒临倒闭的农贸市场，仅用了89天，就变身成为世界生态设计大会永久会址。",
        enterprises=84,
        income_before=Decimal("12000"),
        income_after=Decimal("26400"),
        latitude=Decimal("23.71"),
        longitude=Decimal("113.74"),
        provincial_list_year=2021,
    )
    factories.TownHighlightFactory(town=eco, title="世界生态设计大会", year=2019)
    factories.TownPhotoFactory(town=eco, caption="生态设计小镇 邹影红摄")
    factories.CharacteristicTownFactory(
        name="莲麻小镇",
        slug="lianma",
        latitude=Decimal("23.92"),
        longitude=Decimal("113.95"),
        on_provincial_list=False,
        provincial_list_year=None,
    )
    factories.CharacteristicTownFactory(name="未登记坐标的小镇", slug="no-location", latitude=None, longitude=None)
    factories.CharacteristicTownFactory(name="未公开小镇", slug="hidden", is_published=False)
    return eco


def test_town_list_shows_published_towns_with_their_figures(client, towns):
    response = client.get("/towns/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "生态设计小镇" in html and "莲麻小镇" in html
    assert "未公开小镇" not in html
    assert tile(html, "特色小镇") == "3"
    assert tile(html, "列入广东省特色小镇清单管理名单") == "2"
    assert tile(html, "入驻企业") == "84"
    assert 'alt="生态设计小镇 邹影红摄"' in html


def test_town_list_shows_every_township_of_conghua_with_its_published_towns(client, towns):
    factories.CharacteristicTownFactory(name="西塘童话小镇", slug="xitang", township="aotou")
    html = client.get("/towns/").content.decode()
    table = html[html.index('id="townships-title"') : html.index('id="towns-title"')]
    rows = re.findall(r'<th scope="row">([^<]+)</th>\s*<td class="text-end">(\d+)</td>\s*<td>(.*?)</td>', table, re.S)

    assert [label for label, _, _ in rows] == [
        "温泉镇", "良口镇", "吕田镇", "太平镇", "鳌头镇", "街口街道", "城郊街道", "江埔街道",
    ]  # fmt: skip
    shown = {label: (count, sorted(re.findall(r">([^<]+)</a>", cell))) for label, count, cell in rows}
    assert shown["良口镇"] == ("3", sorted(["生态设计小镇", "莲麻小镇", "未登记坐标的小镇"]))  # not the unpublished one
    assert shown["鳌头镇"] == ("1", ["西塘童话小镇"])
    assert shown["街口街道"] == ("0", [])
    assert 'href="/towns/xitang/"' in table


def test_town_list_draws_a_map_from_the_coordinates(client, towns):
    html = client.get("/towns/").content.decode()
    svg = html[html.index('<svg class="town-map-svg"') : html.index("</svg>", html.index("town-map-svg"))]

    # One linked point per located town; none for the town without coordinates.
    assert svg.count("<circle") == 2
    assert 'href="/towns/eco-design/"' in svg and 'href="/towns/lianma/"' in svg
    assert "未登记坐标的小镇" not in svg
    assert "另有 1 个小镇未登记坐标" in html
    # 莲麻 lies north-east of 生态设计小镇: right of it and higher up on the map.
    points = {
        name: (float(x), float(y))
        for x, y, name in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)".*?<text [^>]*>([^<]+)</text>', svg, re.S)
    }
    assert points["莲麻小镇"][0] > points["生态设计小镇"][0]
    assert points["莲麻小镇"][1] < points["生态设计小镇"][1]
    assert "tile" not in svg and "http" not in svg.replace("http://www.w3.org", "")


def test_town_page_shows_story_status_highlights_photos_and_figures(client, towns):
    response = client.get("/towns/eco-design/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "<h1>生态设计小镇</h1>" in html
    assert "列入广东省特色小镇清单管理名单（2021年）" in html
    assert "仅用了89天" in html
    assert "世界生态设计大会</strong>（2019年）" in html
    assert "塘尾村" in html and "84 家" in html
    assert "建设前 1.2万元，现在 2.64万元（为建设前的 2.2 倍）" in html
    assert 'alt="生态设计小镇 邹影红摄"' in html
    assert 'class="map-point is-current" aria-current="page"' in html


@pytest.mark.parametrize("slug", ["hidden", "no-such-town"])
def test_unpublished_or_unknown_town_is_a_404(client, towns, slug):
    response = client.get(f"/towns/{slug}/")

    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
