"""Small helpers shared by every app's figures: rows in a choice order, and the one rounding rule."""

from decimal import ROUND_HALF_UP, Decimal


def choice_rows(choices, counts):
    """[{code, label, value}] in the choices' order, zero where there are no records."""
    return [{"code": code, "label": str(label), "value": counts.get(code, 0)} for code, label in choices]


def percent(part, whole, places=1):
    """`part` as a percentage of `whole`, rounded half up to `places` decimals (Decimal 0 when `whole` is 0).

    The one rounding rule for every percentage the portal shows: public pages, the admin
    dashboard, the reports and their downloads."""
    if not whole:
        return Decimal(0)
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return value
