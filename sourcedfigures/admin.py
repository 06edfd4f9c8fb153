from django.contrib import admin

from gzpartybuild.admin_tools import HistoryAdmin

from .models import Statistic


@admin.register(Statistic)
class StatisticAdmin(HistoryAdmin):
    list_display = ["label", "value", "unit", "as_of", "source", "topic", "is_published"]
    list_filter = ["topic", "is_published"]
    search_fields = ["label", "source", "key"]
    fieldsets = [
        (None, {"fields": ["topic", "label", ("bound", "value", "unit"), "note"]}),
        ("日期和来源", {"fields": [("as_of", "as_of_precision"), "source", "source_url"]}),
        ("显示", {"fields": [("position", "is_published"), "key"]}),
    ]
