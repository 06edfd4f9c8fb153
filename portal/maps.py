"""Guangzhou's districts shaded by a figure (a choropleth), drawn as SVG on the server.

The outlines come from towns.geo (vendored boundary data); the figures from the cached
figure functions of organizations and partybranches, so a map costs no query of its own
once they are cached. Each district links to the directory filtered by it.
"""

import math
from functools import cache

from django.urls import reverse
from django.utils.http import urlencode

from gzpartybuild.templatetags import formats
from organizations import figures as organization_figures_module
from organizations.models import District
from partybranches import figures as party_figures_module
from towns import geo

WIDTH = 400
PADDING = 10
FONT_SIZE = 12
CLASSES = 5

METRICS = {
    "organizations": {"title": "各区社会组织数量", "unit": "个", "fmt": "num"},
    "party": {"title": "各区社会组织党组织数量", "unit": "个", "fmt": "num"},
    "coverage": {"title": "各区社会组织党组织覆盖率", "unit": "", "fmt": "percent"},
}


@cache
def _geometry():
    """The districts' paths and label places (the same for every map: computed once per process)."""
    shapes = geo.districts()
    rings = [ring for code in shapes for ring in geo.outer_rings(shapes[code])]
    project = geo.Projection(geo.bounds_of(rings), WIDTH, PADDING)
    anchors = []
    for code, label in District.choices:
        outer = geo.outer_rings(shapes[code])
        largest = max(outer, key=lambda ring: abs(_area(ring)))
        x, y = project(*geo.centroid(largest))
        anchors.append(
            {
                "code": code,
                "text": str(label),
                "x": x,
                "y": y,
                "path": project.path(outer),
                "fits": _inside(shapes[code], project),
                "area": abs(_area(largest)),
            }
        )
    # The large districts take their middles first; the small ones of the old city then find room.
    order = sorted(anchors, key=lambda anchor: -anchor["area"])
    labels = geo.place_labels(order, width=WIDTH, height=project.height, font_size=FONT_SIZE, centered=True)
    for anchor, label in zip(order, labels, strict=True):
        anchor["label"] = label
        del anchor["fits"], anchor["area"]
    return {"width": WIDTH, "height": project.height, "districts": anchors}


def _inside(district, project):
    """A label may sit on its district's middle only if its corners all fall inside the district."""

    def fits(box):
        x0, y0, x1, y1 = box
        corners = [(x0, y0), (x1, y0), (x0, y1), (x1, y1)]
        return all(geo.contains(district, *project.invert(x, y)) for x, y in corners)

    return fits


def _area(ring):
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True)) / 2


def district_rows():
    """Per district (in the District order): organizations, covered ones, coverage and party organizations."""
    organizations = organization_figures_module.organization_figures()
    party = party_figures_module.party_organization_figures()
    rows = [{**row, "party": party["by_district"].get(row["code"], 0)} for row in organizations["coverage"]]
    totals = {
        "total": organizations["total"],
        "covered": organizations["covered"],
        "percent": organizations["coverage_percent"],
        "party": party["total"],
        "party_without_district": party["by_district"].get("", 0),
    }
    return rows, totals


def _value(row, metric):
    if metric == "organizations":
        return row["total"]
    if metric == "party":
        return row["party"]
    # A district with no organization has no coverage to show (not 0 %).
    return float(row["percent"]) if row["total"] else None


def classes_for(values, *, whole):
    """Equal intervals from the smallest figure to the largest: [(low, high)] per class.

    Counts (`whole`) are cut at whole numbers, percentages at tenths; a map whose districts all
    share one figure has one class.
    """
    known = [value for value in values if value is not None]
    if not known:
        return []
    low, high = min(known), max(known)
    if low == high:
        return [(low, high)]
    steps = min(CLASSES, int(high - low)) if whole else CLASSES
    steps = max(steps, 1)
    bounds = [low + (high - low) * index / steps for index in range(steps + 1)]
    if whole:
        bounds = [math.floor(bounds[0])] + [math.ceil(bound) for bound in bounds[1:]]
    else:
        bounds = [round(bound, 1) for bound in bounds]
        bounds[0], bounds[-1] = math.floor(low * 10) / 10, math.ceil(high * 10) / 10
    return list(zip(bounds, bounds[1:], strict=False))


def class_of(value, classes):
    """The index of the class a figure falls in (a bound belongs to the class below it), None if unknown."""
    if value is None or not classes:
        return None
    for index, (_low, high) in enumerate(classes):
        if value <= high:
            return index
    return len(classes) - 1


def _range_label(low, high, *, first, whole):
    """A class's range as a reader says it: a bound belongs to the class below it."""
    if whole:
        start = low if first else low + 1
        return f"{formats.num(start)} 个" if start == high else f"{formats.num(start)}–{formats.num(high)} 个"
    if first:
        return f"{formats.percent(low)}–{formats.percent(high)}"
    return f"高于 {formats.percent(low)}，至 {formats.percent(high)}"


def district_map(metric):
    """The choropleth of one figure: districts with their figure, class and link; the legend."""
    geometry = _geometry()
    rows, totals = district_rows()
    by_code = {row["code"]: row for row in rows}
    whole = metric != "coverage"
    classes = classes_for([_value(row, metric) for row in rows], whole=whole)
    shades = len(classes)
    directory = reverse("organizations:list")
    districts = []
    for anchor in geometry["districts"]:
        row = by_code[anchor["code"]]
        value = _value(row, metric)
        index = class_of(value, classes)
        # Shades run 1..5 whatever the number of classes, so one class is a middle shade.
        shade = None if index is None else (3 if shades == 1 else 1 + round(index * (CLASSES - 1) / (shades - 1)))
        districts.append(
            {
                **anchor,
                "row": row,
                "value": value,
                "class_index": index,
                "shade": shade,
                "url": f"{directory}?{urlencode({'district': anchor['code']})}",
            }
        )
    legend = []
    for index, (low, high) in enumerate(classes):
        shade = 3 if shades == 1 else 1 + round(index * (CLASSES - 1) / (shades - 1))
        legend.append({"label": _range_label(low, high, first=index == 0, whole=whole), "shade": shade})
    return {
        "metric": metric,
        **METRICS[metric],
        "width": geometry["width"],
        "height": geometry["height"],
        "font_size": FONT_SIZE,
        "districts": districts,
        "legend": legend,
        "has_unknown": any(district["value"] is None for district in districts),
        "rows": rows,
        "totals": totals,
    }
