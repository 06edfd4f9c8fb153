"""Programme totals the portal keeps no records for, as published: dated and sourced.

A figure computed from the portal's records (organizations, party organizations, pairings,
activities) is never kept here. What is kept here is a total someone else counted and
published (the hotline's lines, the think tank's members, the land of Conghua): staff enter
it with its date and source, and pages show it with both, apart from computed figures.
"""

from django.db import models
from simple_history.models import HistoricalRecords

from gzpartybuild.dates import DATE_PRECISIONS, Precision


class StatisticQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class Statistic(models.Model):
    """公开发布数据: one published figure with its unit, date and source."""

    class Topic(models.TextChoices):
        PARTY_BUILDING = "party_building", "社会组织党建"
        SERVICE = "service", "服务大局"
        TOWNS = "towns", "从化特色小镇"

    class Bound(models.TextChoices):
        EXACT = "", "确数"
        OVER = "over", "超过"
        ABOUT = "about", "约"

    key = models.SlugField("标识", max_length=60, unique=True, help_text="英文标识，不公开，用于导入和引用。")
    topic = models.CharField("类别", max_length=20, choices=Topic, default=Topic.PARTY_BUILDING)
    label = models.CharField("名称", max_length=200)
    bound = models.CharField("数值性质", max_length=8, choices=Bound, default=Bound.EXACT, blank=True)
    value = models.DecimalField("数值", max_digits=16, decimal_places=2)
    unit = models.CharField("单位", max_length=20, blank=True, help_text="如 个、名、条、人次、亿元、平方公里。")
    note = models.CharField("补充说明", max_length=200, blank=True, help_text="公开显示，如所含名称。")
    as_of = models.DateField("数据日期", help_text="只知年份或月份的，填该年（月）的第一天，并选择日期精度。")
    as_of_precision = models.CharField("日期精度", max_length=8, choices=DATE_PRECISIONS, default=Precision.DAY)
    source = models.CharField("来源", max_length=300, help_text="发布单位和文章或文件名称。")
    source_url = models.URLField("来源网址", blank=True)
    position = models.PositiveSmallIntegerField("顺序", default=0)
    is_published = models.BooleanField("公开", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    objects = StatisticQuerySet.as_manager()
    history = HistoricalRecords(verbose_name="公开发布数据变更记录")

    class Meta:
        verbose_name = "公开发布数据"
        verbose_name_plural = "公开发布数据"
        ordering = ["topic", "position", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(value__gte=0), name="sourcedfigures_statistic_value_nonnegative"),
        ]

    def __str__(self):
        return self.label
