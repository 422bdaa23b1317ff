"""A small line chart of an indicator's values over time, drawn as inline SVG by a template.

Computed here rather than with a charting library: a handful of points, no JavaScript, and the page's
content security policy allows no inline scripts or styles.
"""

from dataclasses import dataclass
from decimal import Decimal

WIDTH = 240
HEIGHT = 72
PAD = 8


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    label: str
    value: Decimal
    # The value as its source words it ("hơn 400 sản phẩm"); the bare number when none was given.
    text: str = ""


@dataclass(frozen=True)
class Sparkline:
    width: int
    height: int
    points: list[ChartPoint]
    polyline: str
    # The target band (range) or line (single figure), in chart coordinates; None without a target.
    target_top: float | None
    target_bottom: float | None

    @property
    def target_height(self) -> float:
        if self.target_top is None or self.target_bottom is None:
            return 0
        return max(round(self.target_bottom - self.target_top, 1), 1)


def _scale(value: Decimal, low: Decimal, high: Decimal) -> float:
    span = high - low or Decimal(1)
    usable = HEIGHT - 2 * PAD
    return round(float(HEIGHT - PAD - (value - low) / span * usable), 1)


def sparkline(values: list[tuple], target_low=None, target_high=None) -> Sparkline | None:
    """Chart coordinates for (period label, value[, value as worded]) in time order; None when there is nothing."""
    if not values:
        return None
    figures = [Decimal(v[1]) for v in values]
    targets = [Decimal(t) for t in (target_low, target_high) if t is not None]
    low = min(figures + targets)
    high = max(figures + targets)
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    points = [
        ChartPoint(
            x=round(PAD + i * step if len(values) > 1 else WIDTH / 2, 1),
            y=_scale(Decimal(row[1]), low, high),
            label=row[0],
            value=row[1],
            text=row[2] if len(row) > 2 else "",
        )
        for i, row in enumerate(values)
    ]
    top = _scale(Decimal(max(targets)), low, high) if targets else None
    bottom = _scale(Decimal(min(targets)), low, high) if targets else None
    return Sparkline(
        width=WIDTH,
        height=HEIGHT,
        points=points,
        polyline=" ".join(f"{p.x},{p.y}" for p in points),
        target_top=top,
        target_bottom=bottom,
    )
