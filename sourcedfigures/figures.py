"""The published statistics, grouped by topic, for the public pages (cached like the computed figures)."""

from gzpartybuild.caching import cached

from .models import Statistic


@cached("sourced_statistics", Statistic)
def published_statistics():
    """{topic code: {"label": ..., "items": [Statistic, ...]}} in the topics' order."""
    groups = {code: {"code": code, "label": str(label), "items": []} for code, label in Statistic.Topic.choices}
    for statistic in Statistic.objects.published():
        groups[statistic.topic]["items"].append(statistic)
    return [group for group in groups.values() if group["items"]]
