"""The public pages' charts: the shared SVG bar rows (gzpartybuild.charts)."""

from gzpartybuild.charts import bars

__all__ = ["bars"]
