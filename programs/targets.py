"""Targets as the plans write them, and how an actual value stands against one.

The plans state targets in five ways: an exact figure, "khoảng 900" (about), "trên 11%" (more than),
"dưới …" (less than) and ranges such as "20–25". Some indicators only track a figure (IIP growth) and
have no target at all.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.numbers import format_number

# "khoảng" (about) is read as within 5% either side: close enough to call the target met.
APPROXIMATE_TOLERANCE = Decimal("0.05")


class TargetKind(models.TextChoices):
    EXACT = "exact", _("Chính xác")
    APPROXIMATE = "approximate", _("Khoảng")
    MINIMUM = "minimum", _("Trên (tối thiểu)")
    MAXIMUM = "maximum", _("Dưới (tối đa)")
    RANGE = "range", _("Khoảng giá trị (từ – đến)")
    NONE = "none", _("Theo dõi, không đặt mục tiêu")


class Attainment(models.TextChoices):
    """A judgement, not a position: "below" is short of what the target asks, "above" beyond it for the better.

    A ceiling ("dưới 5%") gone over is therefore "below" (not attained), never "above".
    """

    BELOW = "below", _("Chưa đạt")
    WITHIN = "within", _("Đạt")
    ABOVE = "above", _("Vượt")


def _with_unit(text: str, unit: str) -> str:
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def format_target(kind: str, value, low, high, unit: str = "") -> str:
    if kind == TargetKind.RANGE:
        return _with_unit(f"{format_number(low)}–{format_number(high)}", unit)
    if kind == TargetKind.NONE or value is None:
        return gettext("Không đặt mục tiêu")
    number = _with_unit(format_number(value), unit)
    if kind == TargetKind.APPROXIMATE:
        return gettext("khoảng %(n)s") % {"n": number}
    if kind == TargetKind.MINIMUM:
        return gettext("trên %(n)s") % {"n": number}
    if kind == TargetKind.MAXIMUM:
        return gettext("dưới %(n)s") % {"n": number}
    return number


def target_bounds(kind: str, value, low, high) -> tuple[Decimal, Decimal] | None:
    """The figures a chart marks as the target: a range's bounds, or the one figure written; None without."""
    if kind == TargetKind.RANGE:
        return (Decimal(low), Decimal(high)) if low is not None and high is not None else None
    if kind == TargetKind.NONE or value is None:
        return None
    return Decimal(value), Decimal(value)


def _compare(actual: Decimal, low: Decimal, high: Decimal) -> Attainment:
    if actual < low:
        return Attainment.BELOW
    if actual > high:
        return Attainment.ABOVE
    return Attainment.WITHIN


def attainment_of(kind: str, actual, value=None, low=None, high=None) -> Attainment | None:
    """Where `actual` stands against the target; None when there is no actual or no target."""
    if actual is None or kind == TargetKind.NONE:
        return None
    actual = Decimal(str(actual))
    if kind == TargetKind.RANGE:
        return _compare(actual, Decimal(low), Decimal(high))
    value = Decimal(value)
    if kind == TargetKind.EXACT:
        return _compare(actual, value, value)
    if kind == TargetKind.APPROXIMATE:
        margin = abs(value) * APPROXIMATE_TOLERANCE
        return _compare(actual, value - margin, value + margin)
    if kind == TargetKind.MINIMUM:
        return Attainment.WITHIN if actual > value else Attainment.BELOW
    if kind == TargetKind.MAXIMUM:
        return Attainment.WITHIN if actual < value else Attainment.BELOW
    raise ValueError(f"unknown target kind {kind!r}")
