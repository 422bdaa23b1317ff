"""Geometry of the indicator bar charts. The template draws them as inline SVG, so every label is escaped."""

from dataclasses import dataclass, field
from decimal import Decimal

from core.numbers import format_number
from programs.targets import target_bounds

WIDTH = 600
LABEL_WIDTH = 170
VALUE_WIDTH = 70
ROW_HEIGHT = 26
BAR_HEIGHT = 16
TOP = 8
BOTTOM = 22


@dataclass
class Bar:
    label: str
    value_text: str
    x: float
    y: float
    width: float
    text_x: float
    text_y: float
    negative: bool


@dataclass
class TargetMark:
    x: float
    width: float
    y: float
    height: float
    label: str


@dataclass
class BarChart:
    title: str
    width: int
    height: int
    zero_x: float
    plot_top: float
    plot_bottom: float
    bars: list[Bar] = field(default_factory=list)
    target: TargetMark | None = None


def _target_bounds(indicator: dict) -> tuple[Decimal, Decimal] | None:
    return target_bounds(
        indicator["target_kind"], indicator["target_value"], indicator["target_low"], indicator["target_high"]
    )


def indicator_chart(indicator: dict) -> BarChart | None:
    """Bars for every recorded value of the indicator (or its computed actual), with the target marked."""
    unit = "%" if indicator["unit"] == "%" else ""
    series = [(v["label"], Decimal(v["value"])) for v in indicator["values"]]
    if not series and indicator["actual"] is not None:
        series = [(indicator["period_label"] or "", Decimal(indicator["actual"]))]
    if not series:
        return None
    bounds = _target_bounds(indicator)
    numbers = [value for _, value in series] + (list(bounds) if bounds else [])
    low, high = min(Decimal(0), *numbers), max(Decimal(0), *numbers)
    span = (high - low) or Decimal(1)
    plot_left, plot_right = LABEL_WIDTH, WIDTH - VALUE_WIDTH

    def x_of(value: Decimal) -> float:
        return plot_left + float((value - low) / span) * (plot_right - plot_left)

    zero_x = x_of(Decimal(0))
    chart = BarChart(
        title=indicator["name"],
        width=WIDTH,
        height=TOP + ROW_HEIGHT * len(series) + BOTTOM,
        zero_x=zero_x,
        plot_top=TOP,
        plot_bottom=TOP + ROW_HEIGHT * len(series),
    )
    for index, (label, value) in enumerate(series):
        end = x_of(value)
        y = TOP + index * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2
        chart.bars.append(
            Bar(
                label=label,
                value_text=f"{format_number(value)}{unit}",
                x=min(zero_x, end),
                y=y,
                width=max(abs(end - zero_x), 1),
                text_x=max(zero_x, end) + 4,
                text_y=y + BAR_HEIGHT - 4,
                negative=value < 0,
            )
        )
    if bounds:
        start, stop = x_of(bounds[0]), x_of(bounds[1])
        chart.target = TargetMark(
            x=start,
            width=max(stop - start, 2),
            y=chart.plot_top,
            height=chart.plot_bottom - chart.plot_top,
            label=indicator["target_display"],
        )
    return chart
