"""A schematic map of Conghua drawn as SVG from the towns' coordinates (no map tiles)."""

from decimal import Decimal

# The frame: Conghua district lies within about 23.37–23.94 N, 113.28–114.05 E.
FRAME = {"south": 23.35, "north": 23.95, "west": 113.25, "east": 114.10}
WIDTH = 400
# Degrees of longitude are shorter than degrees of latitude by cos(23.6°) ≈ 0.916.
LONGITUDE_SCALE = 0.916
GRATICULE_STEP = 0.1
# Grid labels closer than this to the frame's edge would be cut off: leave them out.
LABEL_MARGIN = 24
LABEL_FLIP_X = 0.68


def _frame(points):
    frame = dict(FRAME)
    for latitude, longitude in points:
        frame["south"] = min(frame["south"], latitude - 0.03)
        frame["north"] = max(frame["north"], latitude + 0.03)
        frame["west"] = min(frame["west"], longitude - 0.03)
        frame["east"] = max(frame["east"], longitude + 0.03)
    return frame


def town_map(towns, current=None):
    """SVG geometry for the towns that have coordinates; `current` is highlighted."""
    located = [town for town in towns if town.latitude is not None and town.longitude is not None]
    frame = _frame([(float(town.latitude), float(town.longitude)) for town in located])
    span_x = (frame["east"] - frame["west"]) * LONGITUDE_SCALE
    span_y = frame["north"] - frame["south"]
    height = round(WIDTH * span_y / span_x)

    def x(longitude):
        return round((float(longitude) - frame["west"]) * LONGITUDE_SCALE / span_x * WIDTH, 1)

    def y(latitude):
        return round((frame["north"] - float(latitude)) / span_y * height, 1)

    meridians, parallels = [], []
    step = Decimal(str(GRATICULE_STEP))
    value = (Decimal(str(frame["west"])) / step).to_integral_value() * step
    while value <= Decimal(str(frame["east"])):
        if value >= Decimal(str(frame["west"])):
            position = x(value)
            # Every other meridian is labelled: a phone's width holds about five labels.
            inside = LABEL_MARGIN <= position <= WIDTH - LABEL_MARGIN
            label = f"{value:.1f}°E" if inside and int(value * 10) % 2 == 0 else ""
            meridians.append({"x": position, "label": label})
        value += step
    value = (Decimal(str(frame["south"])) / step).to_integral_value() * step
    while value <= Decimal(str(frame["north"])):
        if value >= Decimal(str(frame["south"])):
            position = y(value)
            label = f"{value:.1f}°N" if LABEL_MARGIN <= position <= height - 4 else ""
            parallels.append({"y": position, "label": label})
        value += step

    points = []
    for town in located:
        px, py = x(town.longitude), y(town.latitude)
        flip = px > WIDTH * LABEL_FLIP_X
        points.append(
            {
                "town": town,
                "x": px,
                "y": py,
                "label_x": round(px - 8 if flip else px + 8, 1),
                "label_y": round(py + 4, 1),
                "anchor": "end" if flip else "start",
                "is_current": current is not None and town.pk == current.pk,
            }
        )
    # Draw the highlighted town last so that it is on top.
    points.sort(key=lambda point: point["is_current"])
    return {
        "width": WIDTH,
        "height": height,
        "meridians": meridians,
        "parallels": parallels,
        "points": points,
        "missing": len(towns) - len(located),
    }
