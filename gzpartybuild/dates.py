"""Dates that carry their precision: a record that knows only the year or the month says so.

The date itself is stored as the first day (or moment) of the period it names; the precision
field says how much of it is known, and pages show no more than that (2010年, 2021年5月,
2021年4月22日, or with the time of day).
"""

import datetime

from django.db import models
from django.utils import timezone


class Precision(models.TextChoices):
    YEAR = "year", "年"
    MONTH = "month", "月"
    DAY = "day", "日"
    MINUTE = "minute", "时分"


DATE_PRECISIONS = [choice for choice in Precision.choices if choice[0] != Precision.MINUTE]


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_precise(value, precision=Precision.DAY, *, finest=Precision.MINUTE):
    """The date as far as it is known: "2010年", "2021年5月", "2021年4月22日", "2021年4月22日 09:00".

    `finest` caps the detail shown (a card shows the day at most).
    """
    if value is None:
        return ""
    value = _local(value)
    order = [Precision.YEAR, Precision.MONTH, Precision.DAY, Precision.MINUTE]
    precision = precision if precision in order else Precision.DAY
    if not isinstance(value, datetime.datetime) and precision == Precision.MINUTE:
        precision = Precision.DAY
    level = min(order.index(precision), order.index(finest))
    text = f"{value.year}年"
    if level >= 1:
        text += f"{value.month}月"
    if level >= 2:
        text += f"{value.day}日"
    if level >= 3:
        text += f" {value:%H:%M}"
    return text


def iso_precise(value, precision=Precision.DAY):
    """The HTML `datetime` attribute for the known part: "2010", "2021-05", "2021-04-22" or the full time."""
    if value is None:
        return ""
    value = _local(value)
    if precision == Precision.YEAR:
        return f"{value.year:04d}"
    if precision == Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    if precision == Precision.MINUTE and isinstance(value, datetime.datetime):
        return value.isoformat()
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
