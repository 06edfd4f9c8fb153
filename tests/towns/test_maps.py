"""The map of Conghua: the outline from the vendored boundaries, every town placed and linked,
labels that never overlap one another or a marker."""

import re
from decimal import Decimal

import pytest

from devtools.demo.facts import TOWNS
from tests.helpers import factories
from tests.helpers.svgmaps import labels, overlapping_pairs, svg_of, view_box
from towns import geo
from towns.maps import CONGHUA


@pytest.fixture
def provincial_towns(db):
    """The nine towns of the provincial list as the demo records them (coordinates and all)."""
    return [
        factories.CharacteristicTownFactory(
            name=fact.name,
            slug=fact.slug,
            township=fact.township,
            latitude=Decimal(fact.latitude),
            longitude=Decimal(fact.longitude),
            location_source=fact.location_source,
        )
        for fact in TOWNS
    ]


def markers(svg):
    return {
        slug: (float(x), float(y), float(r))
        for slug, x, y, r in re.findall(
            r'data-town="([\w-]+)">.*?<circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"', svg, re.S
        )
    }


def test_every_one_of_the_nine_towns_has_coordinates_inside_conghua():
    conghua = geo.districts()[CONGHUA]
    assert len(TOWNS) == 9
    for fact in TOWNS:
        assert fact.latitude and fact.longitude, fact.name
        assert geo.contains(conghua, float(fact.longitude), float(fact.latitude)), fact.name
        assert fact.location_source, fact.name


@pytest.mark.parametrize("url", ["/towns/", "/towns/getang-herbs/"])
def test_the_map_links_every_town_and_no_label_overlaps(client, provincial_towns, url):
    svg = svg_of(client.get(url).content.decode(), "town-map-svg")
    width, height = view_box(svg)

    assert 'class="map-outline"' in svg
    found = markers(svg)
    assert set(found) == {town.slug for town in provincial_towns}
    for town in provincial_towns:
        assert f'href="/towns/{town.slug}/"' in svg
    placed = labels(svg)
    assert sorted(text for text, _ in placed) == sorted(town.name for town in provincial_towns)
    assert overlapping_pairs(placed) == []
    for text, (x0, y0, x1, y1) in placed:
        assert 0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height, text
        for slug, (cx, cy, r) in found.items():
            assert not geo.overlaps((x0, y0, x1, y1), (cx - r, cy - r, cx + r, cy + r)), (text, slug)


def test_crowded_towns_still_get_separate_labels(client, db):
    # Nine towns within a kilometre or two of each other: labels move out, joined by leader lines.
    for index in range(9):
        factories.CharacteristicTownFactory(
            name=f"拥挤测试小镇{index}",
            latitude=Decimal("23.600000") + Decimal(index % 3) * Decimal("0.008"),
            longitude=Decimal("113.600000") + Decimal(index // 3) * Decimal("0.008"),
        )
    svg = svg_of(client.get("/towns/").content.decode(), "town-map-svg")

    placed = labels(svg)
    assert len(placed) == 9
    assert overlapping_pairs(placed) == []
    assert 'class="map-leader"' in svg


def test_the_points_keep_their_geography(client, provincial_towns):
    found = markers(svg_of(client.get("/towns/").content.decode(), "town-map-svg"))
    # 莲麻 (吕田, the far north-east) is right of and above 西塘 (鳌头, the west).
    assert found["lianma"][0] > found["xitang-fairy-tale"][0]
    assert found["lianma"][1] < found["xitang-fairy-tale"][1]
    # 古驿道小镇 (太平, the south) is the lowest of all.
    assert found["ancient-post-road"][1] == max(y for _, y, _ in found.values())


def test_a_town_page_says_where_its_coordinates_come_from(client, provincial_towns):
    html = client.get("/towns/cellular-biomedicine/").content.decode()

    assert "坐标来源" in html
    assert "鳌头镇" in html and "政府驻地" in html
