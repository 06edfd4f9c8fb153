"""Number formats for the public pages (Chinese conventions, thousands separated by commas)."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template

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
    return f"{value} {unit}".rstrip()


@register.filter
def hours(minutes):
    """Service minutes as hours: 180 -> "3", 90 -> "1.5"."""
    number = _decimal(minutes)
    if number is None:
        return ""
    return _trim(number / 60, 1)


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
