"""Read the portal's SVG maps back from a page: links, markers, labels and their boxes."""

import re
from html import unescape
from itertools import combinations

from towns import geo


def svg_of(html, css_class):
    start = html.index(f'<svg class="{css_class}"')
    return html[start : html.index("</svg>", start) + len("</svg>")]


def labels(svg):
    """[(text, box)] of every <text> with a font size: the box a reader sees (towns.geo's measure)."""
    found = []
    for x, y, size, text in re.findall(r'<text x="([\d.]+)" y="([\d.]+)" font-size="(\d+)"[^>]*>([^<]+)</text>', svg):
        x, y, size, text = float(x), float(y), int(size), unescape(text)
        top = y - size * geo.BASELINE
        found.append((text, (x, top, x + geo.text_width(text, size), top + size * geo.LINE_HEIGHT)))
    return found


def view_box(svg):
    width, height = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups()
    return float(width), float(height)


def overlapping_pairs(boxes):
    return [(a, b) for (a, abox), (b, bbox) in combinations(boxes, 2) if geo.overlaps(abox, bbox)]
