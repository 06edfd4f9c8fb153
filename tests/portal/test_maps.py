"""Guangzhou's districts shaded by their figures on /stats/ and /organizations/: every district
drawn and linked to the filtered directory, classes that follow the figures, labels apart, and
a table that says what the map shows."""

import re
from html import unescape

import pytest

from organizations.models import District
from portal.maps import PADDING, _geometry, class_of, classes_for
from tests.helpers import factories
from tests.helpers.svgmaps import labels, overlapping_pairs, svg_of, view_box
from towns import geo

# Organizations per district, every district a different number (越秀 the most, as in the city).
COUNTS = {
    District.YUEXIU: 9,
    District.TIANHE: 7,
    District.HAIZHU: 6,
    District.BAIYUN: 5,
    District.PANYU: 4,
    District.LIWAN: 3,
    District.HUANGPU: 2,
    District.HUADU: 2,
    District.ZENGCHENG: 1,
    District.NANSHA: 1,
    District.CONGHUA: 0,
}


@pytest.fixture
def districts(db):
    organizations = {}
    for code, count in COUNTS.items():
        organizations[code] = factories.SocialOrganizationFactory.create_batch(count, district=code)
    # Party organizations: 越秀 three (one covering two organizations), 天河 one, one with no district.
    factories.PartyOrganizationFactory.create_batch(2, district=District.YUEXIU, organizations=[])
    factories.PartyOrganizationFactory(district=District.YUEXIU, organizations=organizations[District.YUEXIU][:2])
    factories.PartyOrganizationFactory(district=District.TIANHE, organizations=organizations[District.TIANHE][:7])
    factories.PartyOrganizationFactory(district="", organizations=[])
    return organizations


def maps_of(html):
    """{metric: svg} of every district map on the page."""
    found = {}
    for metric in re.findall(r'<figure class="district-map" data-metric="(\w+)">', html):
        start = html.index(f'data-metric="{metric}"')
        found[metric] = svg_of(html[start:], "district-map-svg")
    return found


def shaded(svg):
    """{code: (class index or None, the figure the link names)}."""
    result = {}
    for code, index, label in re.findall(
        r'<a href="[^"]+" class="map-district" data-district="(\d+)" data-class="(\d*)" aria-label="([^"]+)"', svg
    ):
        result[code] = (int(index) if index else None, unescape(label))
    return result


def table_rows(html, metric):
    start = html.index(f'data-map-table="{metric}"')
    table = html[start : html.index("</table>", start)]
    body = table[table.index("<tbody>") : table.index("</tbody>")]
    return {
        code: (unescape(name), [unescape(cell) for cell in re.findall(r"<td>([^<]*)</td>", cells)])
        for code, name, cells in re.findall(
            r'<tr data-district="(\d+)"><th scope="row"><a href="[^"]+">([^<]+)</a></th>(.*?)</tr>', body, re.S
        )
    }


def test_stats_draws_three_maps_of_all_eleven_districts_each_linked(client, districts):
    html = client.get("/stats/").content.decode()
    maps = maps_of(html)

    assert set(maps) == {"organizations", "party", "coverage"}
    for svg in maps.values():
        assert set(shaded(svg)) == set(District.values)
        for code in District.values:
            assert f'href="/organizations/?district={code}" class="map-district" data-district="{code}"' in svg
        assert "<title" in svg and "<desc" in svg
        assert sorted(text for text, _ in labels(svg)) == sorted(District.labels)


def test_no_district_label_overlaps_another(client, districts):
    svg = maps_of(client.get("/stats/").content.decode())["organizations"]
    width, height = view_box(svg)

    placed = labels(svg)
    assert overlapping_pairs(placed) == []
    for text, (x0, y0, x1, y1) in placed:
        assert 0 <= x0 and x1 <= width and 0 <= y0 and y1 <= height, text
    # The small districts of the old city cannot hold their names: those sit outside, with a leader line.
    assert 'class="map-leader"' in svg


def test_the_classes_follow_the_figures_and_the_table_matches_the_map(client, districts):
    html = client.get("/stats/").content.decode()
    organizations = shaded(maps_of(html)["organizations"])
    rows = table_rows(html, "organizations")

    by_count = sorted(COUNTS, key=COUNTS.get)
    indexes = [organizations[code][0] for code in by_count]
    assert indexes == sorted(indexes), "a district with more organizations is never lighter"
    assert organizations[District.YUEXIU][0] == 4 and organizations[District.CONGHUA][0] == 0
    for code, count in COUNTS.items():
        label = District(code).label
        assert organizations[code][1] == f"{label}：{count} 个，查看该区社会组织"
        assert rows[code] == (label, [str(count)])
    legend = re.findall(
        r'<span class="legend-swatch shade-\d"[^>]*></span>([^<]+)</li>',
        html[html.index('data-metric="organizations"') :],
    )
    # 0 to 9 in five equal steps, cut at whole numbers: 0–1.8–3.6–5.4–7.2–9.
    assert legend[:5] == ["0–2 个", "3–4 个", "5–6 个", "7–8 个", "9 个"]


def test_party_organizations_and_coverage_by_district(client, districts):
    html = client.get("/stats/").content.decode()
    maps = maps_of(html)

    party = shaded(maps["party"])
    # 0 to 3 party organizations: three classes of one; 越秀 in the top one, drawn in the darkest shade.
    assert party[District.YUEXIU] == (2, "越秀区：3 个，查看该区社会组织")
    assert re.search(r'data-district="440104"[^>]*>\s*<path class="shade-5"', maps["party"])
    assert party[District.TIANHE][1] == "天河区：1 个，查看该区社会组织"
    assert party[District.HAIZHU][0] == 0
    assert table_rows(html, "party")[District.YUEXIU] == ("越秀区", ["3"])
    assert '<th scope="row">未登记所在区</th><td>1</td>' in html

    coverage = shaded(maps["coverage"])
    # 天河 7 of 7 covered (100 %), 越秀 2 of 9; 从化 has no organization: no data, not 0 %.
    assert coverage[District.TIANHE] == (4, "天河区：100%，查看该区社会组织")
    assert coverage[District.YUEXIU][1] == "越秀区：22.2%，查看该区社会组织"
    assert coverage[District.CONGHUA] == (None, "从化区：无数据，查看该区社会组织")
    assert coverage[District.HAIZHU][0] == 0
    assert table_rows(html, "coverage")[District.YUEXIU] == ("越秀区", ["9", "2", "22.2%"])
    assert table_rows(html, "coverage")[District.CONGHUA] == ("从化区", ["0", "0", "无数据"])


def test_a_district_links_to_the_directory_filtered_by_it(client, districts):
    html = client.get("/organizations/").content.decode()
    svg = maps_of(html)["organizations"]
    href = re.search(r'href="([^"]+)" class="map-district" data-district="440117"', svg).group(1)

    filtered = client.get(href).content.decode()
    assert "没有找到符合条件的社会组织" in filtered  # 从化 has none in this data
    yuexiu = client.get(f"/organizations/?district={District.YUEXIU}")
    assert yuexiu.context["total"].n == COUNTS[District.YUEXIU]
    # The directory's map carries every figure of a district in its table.
    assert table_rows(html, "organizations")[District.YUEXIU] == ("越秀区", ["9", "3", "2", "22.2%"])


def test_the_directory_shows_the_map_on_its_first_unfiltered_page_only(client, districts):
    assert 'class="district-map"' in client.get("/organizations/").content.decode()
    assert 'class="district-map"' not in client.get("/organizations/?q=协会").content.decode()
    assert 'class="district-map"' not in client.get(f"/organizations/?district={District.YUEXIU}").content.decode()


def test_classes_are_equal_intervals_and_a_bound_belongs_to_the_class_below():
    classes = classes_for([0, 3, 10], whole=True)
    assert classes == [(0, 2), (2, 4), (4, 6), (6, 8), (8, 10)]
    assert [class_of(value, classes) for value in (0, 2, 3, 8, 9, 10)] == [0, 0, 1, 3, 4, 4]
    assert classes_for([5, 5, 5], whole=True) == [(5, 5)]
    assert classes_for([1, 3], whole=True) == [(1, 2), (2, 3)]
    assert classes_for([None, None], whole=False) == []
    assert class_of(None, classes) is None
    percent_classes = classes_for([12.5, 100.0, None], whole=False)
    assert percent_classes[0][0] == 12.5 and percent_classes[-1][1] == 100.0
    assert len(percent_classes) == 5


def test_the_vendored_outlines_are_guangzhous_eleven_districts():
    shapes = geo.districts()
    assert set(shapes) == set(District.values)
    for code, shape in shapes.items():
        assert shape["name"] == District(code).label
    # The seats of government lie inside their districts' outlines.
    assert geo.contains(shapes[District.CONGHUA], 113.5863, 23.5484)  # 街口街道
    assert geo.contains(shapes[District.YUEXIU], 113.2668, 23.1290)
    assert not geo.contains(shapes[District.YUEXIU], 113.5863, 23.5484)
    assert geo.DATA.stat().st_size < 60_000


def test_a_label_sits_on_its_district_only_when_it_fits_inside_else_it_has_a_leader():
    shapes = geo.districts()
    rings = [ring for shape in shapes.values() for ring in geo.outer_rings(shape)]
    project = geo.Projection(geo.bounds_of(rings), _geometry()["width"], PADDING)
    led = set()
    for district in _geometry()["districts"]:
        x0, y0, x1, y1 = district["label"]["box"]
        if district["label"]["leader"] is None:
            for x, y in [(x0, y0), (x1, y0), (x0, y1), (x1, y1)]:
                assert geo.contains(shapes[district["code"]], *project.invert(x, y)), district["text"]
        else:
            led.add(district["text"])
    # The old city's small districts cannot hold their names; the large outer ones can.
    assert {"越秀区", "荔湾区"} <= led
    assert not led & {"从化区", "增城区", "花都区", "白云区", "南沙区", "番禺区"}
