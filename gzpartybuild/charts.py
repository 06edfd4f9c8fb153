"""Bar charts drawn as SVG on the server: rows of label, bar and value.

Widths are SVG attributes (a 0–100 viewBox), so pages need neither inline styles
nor a chart library; every chart is followed by its numbers in a table.
"""


def bars(rows, *, label="label", value="value", scale=None):
    """Rows for includes/bar_chart.html; `scale` is the value of a full bar (default: the largest)."""
    rows = list(rows)
    peak = scale if scale is not None else max((row[value] for row in rows), default=0)
    chart = []
    for row in rows:
        amount = row[value]
        width = float(amount) * 100 / float(peak) if peak else 0
        chart.append({"label": row[label], "value": amount, "width": f"{min(width, 100):.2f}"})
    return chart


def columns(rows, *, value="value", height=100):
    """Rows for a column chart drawn in one SVG (one column per row, left to right): each row
    gains `x` (its slot) and `y`/`h` (top and height within `height`), as SVG attributes."""
    rows = list(rows)
    peak = max((float(row[value]) for row in rows), default=0)
    chart = []
    for index, row in enumerate(rows):
        h = float(row[value]) * height / peak if peak else 0
        chart.append({**row, "x": index * 10 + 1, "h": f"{h:.2f}", "y": f"{height - h:.2f}"})
    return chart
