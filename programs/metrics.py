"""Named metric providers: indicators whose actual value is counted from the registry.

programs is the ground floor and cannot import the apps that hold enterprises and recognitions. Those
apps register a provider here when they start (AppConfig.ready); an indicator stores the provider's
name in `Indicator.metric`, and the dependency arrow keeps pointing down.

A provider counts the registry facts dated within [start, end] (either bound may be None: open), each by its
own date (a participation by its activity's start date, an enrolment by its enrolment date, a recognition by
its decision date), and leaves demo rows out when `include_demo` is False. A programme with nothing counted is
absent from its answer: its indicator has no actual ("Chưa có số liệu"), never 0. Each provider says what it
counts (`counts`): participations (lượt doanh nghiệp: one enterprise in two activities counts twice), distinct
enterprises, or products.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol


class Counts:
    PARTICIPATIONS = "participations"
    ENTERPRISES = "enterprises"
    PRODUCTS = "products"

    ALL = (PARTICIPATIONS, ENTERPRISES, PRODUCTS)


class Compute(Protocol):
    def __call__(
        self,
        program_ids: list[int],
        *,
        start: datetime.date | None = None,
        end: datetime.date | None = None,
        include_demo: bool = True,
    ) -> dict[int, Decimal]: ...


@dataclass(frozen=True)
class MetricProvider:
    name: str
    label: str
    # Takes a list of program ids and the window; returns {program_id: value} in one query.
    compute: Compute
    counts: str


_PROVIDERS: dict[str, MetricProvider] = {}


def register_metric(name: str, label: str, compute: Callable[..., dict[int, Decimal]], *, counts: str) -> None:
    if counts not in Counts.ALL:
        raise ValueError(f"unknown count kind {counts!r} for metric {name!r}")
    _PROVIDERS[name] = MetricProvider(name=name, label=label, compute=compute, counts=counts)


def get_metric(name: str) -> MetricProvider | None:
    return _PROVIDERS.get(name)


def metric_choices() -> list[tuple[str, str]]:
    return [(p.name, p.label) for p in sorted(_PROVIDERS.values(), key=lambda p: p.name)]


def compute_metrics(
    metric_program_pairs: set[tuple[str, int]],
    *,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    include_demo: bool = True,
) -> dict[tuple[str, int], Decimal]:
    """Values for (metric, program) pairs within [start, end], one query per metric whatever the number of
    programs. A pair with nothing counted (or an unknown metric) is absent."""
    by_metric: dict[str, list[int]] = {}
    for metric, program_id in metric_program_pairs:
        by_metric.setdefault(metric, []).append(program_id)
    results: dict[tuple[str, int], Decimal] = {}
    for metric, program_ids in by_metric.items():
        provider = get_metric(metric)
        if provider is None:
            continue
        values = provider.compute(sorted(set(program_ids)), start=start, end=end, include_demo=include_demo)
        for program_id in program_ids:
            if values.get(program_id):
                results[(metric, program_id)] = Decimal(values[program_id])
    return results
