"""Named metric providers: indicators whose actual value is counted from the registry.

programs is the ground floor and cannot import the apps that hold enterprises and recognitions. Those
apps register a provider here when they start (AppConfig.ready); an indicator stores the provider's
name in `Indicator.metric`, and the dependency arrow keeps pointing down.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class MetricProvider:
    name: str
    label: str
    # Takes a list of program ids; returns {program_id: value} in one query.
    compute: Callable[[list[int]], dict[int, Decimal]]


_PROVIDERS: dict[str, MetricProvider] = {}


def register_metric(name: str, label: str, compute: Callable[[list[int]], dict[int, Decimal]]) -> None:
    _PROVIDERS[name] = MetricProvider(name=name, label=label, compute=compute)


def get_metric(name: str) -> MetricProvider | None:
    return _PROVIDERS.get(name)


def metric_choices() -> list[tuple[str, str]]:
    return [(p.name, p.label) for p in sorted(_PROVIDERS.values(), key=lambda p: p.name)]


def compute_metrics(metric_program_pairs: set[tuple[str, int]]) -> dict[tuple[str, int], Decimal]:
    """Values for (metric, program) pairs, one query per metric whatever the number of programs."""
    by_metric: dict[str, list[int]] = {}
    for metric, program_id in metric_program_pairs:
        by_metric.setdefault(metric, []).append(program_id)
    results: dict[tuple[str, int], Decimal] = {}
    for metric, program_ids in by_metric.items():
        provider = get_metric(metric)
        if provider is None:
            continue
        values = provider.compute(sorted(set(program_ids)))
        for program_id in program_ids:
            results[(metric, program_id)] = Decimal(values.get(program_id, 0))
    return results
