"""{% district_map "organizations" %}: the choropleth of Guangzhou's districts with its table.

A tag rather than view context so that the directory (organizations app, which may not import
the portal) and the statistics page show the same map; it reads the cached figures only.
"""

from django import template

from portal.maps import METRICS
from portal.maps import district_map as build_district_map

register = template.Library()


@register.inclusion_tag("portal/includes/district_map.html")
def district_map(metric, table="metric"):
    """table: "metric" for the map's own figure, "full" for every figure of the districts."""
    if metric not in METRICS:
        raise template.TemplateSyntaxError(f"district_map: unknown metric {metric!r}")
    return {"map": build_district_map(metric), "table": table}
