"""The map of Conghua: its outline, and the towns placed by their coordinates (SVG, no tiles)."""

from . import geo

CONGHUA = "440117"
WIDTH = 400
PADDING = 12
FONT_SIZE = 13
MARKER_RADIUS = 6
CURRENT_RADIUS = 8
# The scale bar: 10 km, a degree of latitude being about 111.2 km.
SCALE_KM = 10
KM_PER_DEGREE = 111.2


def town_map(towns, current=None):
    """SVG geometry for the towns that have coordinates; `current` is highlighted."""
    conghua = geo.districts()[CONGHUA]
    rings = geo.outer_rings(conghua)
    located = [town for town in towns if town.latitude is not None and town.longitude is not None]
    west, south, east, north = geo.bounds_of(rings)
    for town in located:
        west, east = min(west, float(town.longitude)), max(east, float(town.longitude))
        south, north = min(south, float(town.latitude)), max(north, float(town.latitude))
    project = geo.Projection((west, south, east, north), WIDTH, PADDING)
    height = project.height

    points = []
    for town in located:
        x, y = project(town.longitude, town.latitude)
        is_current = current is not None and town.pk == current.pk
        points.append({"town": town, "x": x, "y": y, "text": town.name, "is_current": is_current})
    # The highlighted town chooses its label's place first and is drawn last (on top).
    points.sort(key=lambda point: (not point["is_current"], point["y"]))
    obstacles = [
        (
            point["x"] - radius - 1,
            point["y"] - radius - 1,
            point["x"] + radius + 1,
            point["y"] + radius + 1,
        )
        for point in points
        for radius in [CURRENT_RADIUS if point["is_current"] else MARKER_RADIUS]
    ]
    scale_length = round(SCALE_KM / KM_PER_DEGREE * project.scale, 1)
    scale = {
        "x": PADDING,
        "x2": round(PADDING + scale_length, 1),
        "y": height - PADDING,
        "length": scale_length,
        "label": f"{SCALE_KM} 公里",
    }
    # The scale bar and its caption, which labels keep clear of too.
    obstacles.append((PADDING - 2, height - PADDING - FONT_SIZE - 8, PADDING + max(scale_length, 60), height - 1))
    labels = geo.place_labels(points, width=WIDTH, height=height, font_size=FONT_SIZE, obstacles=obstacles)
    for point, label in zip(points, labels, strict=True):
        point["label"] = label
        point["r"] = CURRENT_RADIUS if point["is_current"] else MARKER_RADIUS
    points.reverse()

    return {
        "width": WIDTH,
        "height": height,
        "font_size": FONT_SIZE,
        "outline": project.path(rings),
        "points": points,
        "scale": scale,
        "missing": len(towns) - len(located),
    }
