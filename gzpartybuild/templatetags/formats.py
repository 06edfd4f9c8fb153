"""The portal's formats for figures, durations, money and dates (Chinese conventions).

One set for every place a value is shown: the public pages, the admin (dashboard,
read-only fields, history), the secretary's pages, the reports and their .xlsx
downloads. The filters are plain functions too, for Python code that writes text.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import timezone

from gzpartybuild.dates import Precision, format_precise, iso_precise

register = template.Library()


def _decimal(value):
    try:
        return Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        return None


def _trim(number, places):
    """Format with `places` decimals, dropping trailing zeros: 3.50 -> 3.5, 4.00 -> 4."""
    quantum = Decimal(1).scaleb(-places)
    text = f"{number.quantize(quantum, rounding=ROUND_HALF_UP):,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@register.filter
def num(value, places=0):
    """8095 -> "8,095"; with places, up to that many decimals."""
    number = _decimal(value)
    if number is None:
        return ""
    return _trim(number, int(places))


@register.filter
def measure(value, unit=""):
    """A recorded figure with its unit ("12 人"), or "未登记" when the record does not know it."""
    if value is None or value == "":
        return "未登记"
    return f"{num(value)} {unit}".rstrip()


@register.filter
def hours(minutes):
    """Service minutes as hours: 180 -> "3", 90 -> "1.5"."""
    number = _decimal(minutes)
    if number is None:
        return ""
    return _trim(number / 60, 1)


@register.filter
def wan(value):
    """A large count the way the article writes it: 8095 -> "8,095", 123456 -> "12.35万",
    587000000 -> "5.87亿" (the unit, 个 or 人次, follows in the text)."""
    number = _decimal(value)
    if number is None:
        return ""
    if abs(number) >= 100_000_000:
        return f"{_trim(number / 100_000_000, 2)}亿"
    if abs(number) >= 100_000:
        return f"{_trim(number / 10_000, 2)}万"
    return _trim(number, 0)


@register.filter
def duration(minutes):
    """Minutes as a reader says them: 2550 -> "42 小时 30 分", 60 -> "1 小时", 45 -> "45 分"."""
    number = _decimal(minutes)
    if number is None:
        return ""
    total = int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    sign, total = ("-" if total < 0 else ""), abs(total)
    whole_hours, rest = divmod(total, 60)
    if not whole_hours:
        return f"{sign}{rest} 分"
    text = f"{sign}{whole_hours:,} 小时"
    return f"{text} {rest} 分" if rest else text


@register.filter
def waited(delta):
    """How long something has waited, to the two largest units: "3 天 4 小时", "5 小时 12 分",
    "12 分", "不到 1 分"; "" for no value."""
    if not isinstance(delta, datetime.timedelta):
        return ""
    minutes = max(int(delta.total_seconds() // 60), 0)
    days, rest = divmod(minutes, 24 * 60)
    whole_hours, rest = divmod(rest, 60)
    if days:
        return f"{days:,} 天 {whole_hours} 小时" if whole_hours else f"{days:,} 天"
    if whole_hours:
        return f"{whole_hours} 小时 {rest} 分" if rest else f"{whole_hours} 小时"
    return f"{rest} 分" if rest else "不到 1 分"


@register.filter
def yuan(value):
    """An amount in yuan, in the unit a reader expects: 元, 万元 or 亿元."""
    number = _decimal(value)
    if number is None:
        return ""
    if abs(number) >= 100_000_000:
        return f"{_trim(number / 100_000_000, 2)}亿元"
    if abs(number) >= 10_000:
        return f"{_trim(number / 10_000, 2)}万元"
    return f"{_trim(number, 2)}元"


@register.filter
def percent(value):
    number = _decimal(value)
    if number is None:
        return ""
    return f"{_trim(number, 1)}%"


@register.filter
def stars(count):
    """3 -> "★★★☆☆" (for the eye; pages also give the number in words)."""
    try:
        count = max(0, min(5, int(count)))
    except (TypeError, ValueError):
        return ""
    return "★" * count + "☆" * (5 - count)


@register.filter
def precise(value, precision):
    """A date or time shown as far as the record knows it (gzpartybuild.dates)."""
    return format_precise(value, precision)


@register.filter
def precise_day(value, precision):
    """Like precise, but never finer than the day (cards and lists)."""
    return format_precise(value, precision, finest=Precision.DAY)


@register.filter
def precise_iso(value, precision):
    """The HTML datetime attribute for the known part of a date."""
    return iso_precise(value, precision)


BOUND_WORDS = {"over": "超过", "about": "约"}


@register.filter
def statistic_value(statistic):
    """A published statistic as written: "239条", "超过2万家", "1.44亿元", "超过140万人"."""
    value = _decimal(statistic.value)
    if value is None:
        return ""
    if statistic.unit in {"人", "家", "人次"} and value >= 10_000 and value % 10_000 == 0:
        number, unit = f"{_trim(value / 10_000, 2)}万", statistic.unit
    else:
        number, unit = _trim(value, 2), statistic.unit
    return f"{BOUND_WORDS.get(statistic.bound, '')}{number}{unit}"


def _local(value):
    """A datetime in the portal's time zone (never UTC); dates pass through."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return value


@register.filter
def cn_date(value):
    """2021-04-22 (or a datetime, in local time) -> "2021年4月22日"."""
    value = _local(value)
    if not isinstance(value, datetime.date):
        return ""
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def cn_datetime(value):
    """A moment in local time: "2021年4月22日 14:05"; a bare date as cn_date."""
    value = _local(value)
    if not isinstance(value, datetime.datetime):
        return cn_date(value)
    return f"{cn_date(value)} {value:%H:%M}"


@register.filter
def cn_month(value):
    """2021-04-22 -> "2021年4月"."""
    value = _local(value)
    if not isinstance(value, datetime.date):
        return ""
    return f"{value.year}年{value.month}月"
