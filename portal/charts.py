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
