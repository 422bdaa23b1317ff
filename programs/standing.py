"""How a programme stands: its progress, its groups' progress and its indicators against their targets.

Every figure of standing the portal shows (the workspace dashboard and overview, the public home and programme
pages, the open-data API and the PDF reports) is read from the dataclasses built here, so they agree.
`load_standings` runs a fixed set of queries whatever the number of programmes, groups, tasks or indicators;
the `*_standing` builders below it are pure: they compute from rows already read and never query.

Invariants
- Progress is the mean of task progress weighted by task weight: sum(progress × weight) / sum(weight), within a
  group and for the programme. The programme's figure is computed from the sums of all its tasks, never as a
  mean of group figures, so a group of many light tasks weighs what its tasks weigh. A group without tasks has
  progress 0 and adds nothing to the programme's sums (it does not pull the programme's figure down); a
  programme without tasks has progress 0. Weights are positive (a database constraint), so a zero weight total
  means there are no tasks.
- Task figures are the tasks' current state (status, progress, weight); `as_of` bounds recorded indicator
  values only.
- Rounding is for display only: `progress` is the exact quotient rounded half-up to one decimal, and nothing is
  ever aggregated from a rounded figure (aggregates are taken from `weighted_sum` and `weight_total`).
- A group is deployed (đã triển khai) when it has tasks and every one of them has started (in progress or
  done). A task is overdue as of `today` when its due date is before it and it is not done.
- The actual of an indicator backed by a registry metric (programs/metrics.py) is the provider's count now.
  Any other indicator's actual is its latest recorded value (by period end, then by entry)
  among those whose period ended on or before `as_of`; with no `as_of`, among all recorded values. No value:
  no actual.
- Attainment is `programs.targets.attainment_of` of the actual against the target as written: exact,
  approximate (within 5 %), minimum (strictly more than), maximum (strictly less than) or range (inclusive
  bounds). No actual or no target: no attainment.
- An indicator is met when it is within or above its target (a ceiling gone over is below, not above: see
  `programs.targets.Attainment`); the met count counts those, the below count
  those below, and indicators without an attainment are in neither.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Prefetch, Q, Sum
from django.utils import timezone

from core.numbers import format_number
from programs.metrics import compute_metrics, get_metric
from programs.models import Indicator, IndicatorValue, Program, Task, TaskGroup
from programs.targets import Attainment, attainment_of

ZERO = Decimal(0)
DISPLAY_STEP = Decimal("0.1")
MET = (Attainment.WITHIN, Attainment.ABOVE)


# --- Formulas ----------------------------------------------------------------------------------------------


def progress_of(weighted_sum, weight_total) -> Decimal:
    """Exact weighted progress: sum(progress × weight) / sum(weight); 0 when there is no weight."""
    if not weight_total:
        return ZERO
    return Decimal(weighted_sum or 0) / Decimal(weight_total)


def display_progress(value: Decimal) -> Decimal:
    """A progress figure as every page, the API and the reports show it: one decimal, half up."""
    return Decimal(value).quantize(DISPLAY_STEP, rounding=ROUND_HALF_UP)


def is_deployed(task_count: int, started_count: int) -> bool:
    return task_count > 0 and started_count == task_count


def overdue_q(today: datetime.date, prefix: str = "") -> Q:
    """Tasks overdue on `today`: due before it and not done (a task without a due date is never late)."""
    return Q(**{f"{prefix}due_date__lt": today}) & ~Q(**{f"{prefix}status": Task.Status.DONE})


def values_as_of(values: Iterable[IndicatorValue], as_of: datetime.date | None) -> list[IndicatorValue]:
    """Recorded values whose period ended on or before `as_of`, oldest period first (entry order within one)."""
    kept = [v for v in values if as_of is None or v.period_end <= as_of]
    return sorted(kept, key=lambda v: v.period_end)  # stable: values of one period stay in entry order


# --- Standings ---------------------------------------------------------------------------------------------


class _WeightedProgress:
    """Progress from `weighted_sum` and `weight_total`: exact, and rounded for display."""

    @property
    def exact_progress(self) -> Decimal:
        return progress_of(self.weighted_sum, self.weight_total)

    @property
    def progress(self) -> Decimal:
        return display_progress(self.exact_progress)


@dataclass(frozen=True)
class GroupStanding(_WeightedProgress):
    group: TaskGroup
    task_count: int
    weight_total: Decimal
    weighted_sum: Decimal
    # (status, number of tasks) for every Task.Status, in its order.
    status_counts: tuple[tuple[str, int], ...]
    overdue_count: int

    def count(self, status: str) -> int:
        return dict(self.status_counts).get(status, 0)

    @property
    def done_count(self) -> int:
        return self.count(Task.Status.DONE)

    @property
    def started_count(self) -> int:
        return sum(self.count(s) for s in Task.DEPLOYED_STATUSES)

    @property
    def deployed(self) -> bool:
        return is_deployed(self.task_count, self.started_count)


@dataclass(frozen=True)
class IndicatorStanding:
    indicator: Indicator
    actual: Decimal | None
    # The period of the recorded value the actual is ("" for a registry count or no value).
    actual_period: str
    attainment: Attainment | None
    # Values recorded on or before the standing's date, oldest first.
    history: tuple[IndicatorValue, ...]
    metric_label: str

    @property
    def is_computed(self) -> bool:
        return self.indicator.is_computed

    @property
    def met(self) -> bool:
        return self.attainment in MET

    @property
    def actual_display(self) -> str:
        """The actual value the way the target is written: "32,18%", "850 doanh nghiệp"."""
        if self.actual is None:
            return ""
        unit = self.indicator.unit
        number = format_number(self.actual)
        if not unit:
            return number
        return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


@dataclass(frozen=True)
class ProgramStanding(_WeightedProgress):
    program: Program
    as_of: datetime.date | None
    groups: tuple[GroupStanding, ...]
    indicators: tuple[IndicatorStanding, ...]

    @property
    def weight_total(self) -> Decimal:
        return sum((g.weight_total for g in self.groups), ZERO)

    @property
    def weighted_sum(self) -> Decimal:
        return sum((g.weighted_sum for g in self.groups), ZERO)

    @property
    def group_count(self) -> int:
        return len(self.groups)

    @property
    def deployed_group_count(self) -> int:
        return sum(1 for g in self.groups if g.deployed)

    @property
    def task_count(self) -> int:
        return sum(g.task_count for g in self.groups)

    @property
    def done_count(self) -> int:
        return sum(g.done_count for g in self.groups)

    @property
    def started_count(self) -> int:
        return sum(g.started_count for g in self.groups)

    @property
    def overdue_count(self) -> int:
        return sum(g.overdue_count for g in self.groups)

    def attainment_count(self, attainment: str) -> int:
        return sum(1 for s in self.indicators if s.attainment == attainment)

    @property
    def with_target_count(self) -> int:
        return sum(1 for s in self.indicators if s.attainment is not None)

    @property
    def met_count(self) -> int:
        return sum(1 for s in self.indicators if s.met)

    @property
    def below_count(self) -> int:
        return self.attainment_count(Attainment.BELOW)


# --- Pure builders -----------------------------------------------------------------------------------------


def group_standing(
    group: TaskGroup,
    *,
    weight_total=ZERO,
    weighted_sum=ZERO,
    status_counts: dict[str, int] | None = None,
    overdue_count: int = 0,
) -> GroupStanding:
    """A group's standing from the sums over its tasks (what `load_standings` reads in SQL)."""
    counts = status_counts or {}
    by_status = tuple((s, int(counts.get(s) or 0)) for s in Task.Status.values)
    return GroupStanding(
        group=group,
        task_count=sum(n for _, n in by_status),
        weight_total=Decimal(weight_total or 0),
        weighted_sum=Decimal(weighted_sum or 0),
        status_counts=by_status,
        overdue_count=int(overdue_count or 0),
    )


def indicator_standing(
    indicator: Indicator,
    values: Iterable[IndicatorValue],
    *,
    as_of: datetime.date | None = None,
    computed_value: Decimal | None = None,
) -> IndicatorStanding:
    """An indicator's actual and attainment; `computed_value` is its metric's count when it has a metric."""
    history = values_as_of(values, as_of)
    provider = get_metric(indicator.metric) if indicator.is_computed else None
    if indicator.is_computed:
        actual, period = computed_value, ""
    else:
        latest = history[-1] if history else None
        actual, period = (latest.value, latest.period_label) if latest else (None, "")
    return IndicatorStanding(
        indicator=indicator,
        actual=actual,
        actual_period=period,
        attainment=attainment_of(
            indicator.target_kind, actual, indicator.target_value, indicator.target_low, indicator.target_high
        ),
        history=tuple(history),
        metric_label=str(provider.label) if provider else "",
    )


def program_standing(
    program: Program,
    groups: Iterable[GroupStanding],
    indicators: Iterable[IndicatorStanding] = (),
    *,
    as_of: datetime.date | None = None,
) -> ProgramStanding:
    return ProgramStanding(
        program=program,
        as_of=as_of,
        groups=tuple(sorted(groups, key=lambda g: (g.group.order, g.group.pk or 0))),
        indicators=tuple(sorted(indicators, key=lambda s: (s.indicator.order, s.indicator.pk or 0))),
    )


# --- Loading -----------------------------------------------------------------------------------------------


def _group_tallies(program_ids: list[int], today: datetime.date):
    weighted = ExpressionWrapper(F("tasks__progress") * F("tasks__weight"), output_field=DecimalField())
    return (
        TaskGroup.objects.filter(program_id__in=program_ids)
        .annotate(
            weight_total=Sum("tasks__weight"),
            weighted_sum=Sum(weighted),
            overdue_count=Count("tasks", filter=overdue_q(today, "tasks__")),
            **{f"n_{status}": Count("tasks", filter=Q(tasks__status=status)) for status in Task.Status.values},
        )
        .order_by("program_id", "order", "id")
    )


def load_standings(
    programs: Iterable[Program],
    *,
    as_of: datetime.date | None = None,
    today: datetime.date | None = None,
    with_groups: bool = True,
    with_indicators: bool = True,
) -> dict[int, ProgramStanding]:
    """The standing of each programme by id, from one query for the groups' task sums and, with indicators,
    one for the indicators, one for their values and one per registry metric they count.

    `as_of` bounds the recorded values (period ended on or before it; None: all); `today` (default: the local
    date) is the day tasks are overdue against. A standing loaded without groups or without indicators holds
    none of them: it serves a page that shows only the other half.
    """
    programs = list(programs)
    today = today or timezone.localdate()
    ids = [p.id for p in programs]
    groups: dict[int, list[GroupStanding]] = {pid: [] for pid in ids}
    for row in _group_tallies(ids, today) if with_groups and ids else ():
        groups[row.program_id].append(
            group_standing(
                row,
                weight_total=row.weight_total,
                weighted_sum=row.weighted_sum,
                status_counts={s: getattr(row, f"n_{s}") for s in Task.Status.values},
                overdue_count=row.overdue_count,
            )
        )
    indicators: dict[int, list[IndicatorStanding]] = {pid: [] for pid in ids}
    if with_indicators and ids:
        values = IndicatorValue.objects.order_by("period_end", "id")
        if as_of is not None:
            values = values.filter(period_end__lte=as_of)
        rows = list(
            Indicator.objects.filter(program_id__in=ids)
            .prefetch_related(Prefetch("values", queryset=values))
            .order_by("program_id", "order", "id")
        )
        computed = compute_metrics({(i.metric, i.program_id) for i in rows if i.is_computed})
        by_id = {p.id: p for p in programs}
        for indicator in rows:
            indicator.program = by_id[indicator.program_id]
            indicators[indicator.program_id].append(
                indicator_standing(
                    indicator,
                    indicator.values.all(),
                    as_of=as_of,
                    computed_value=computed.get((indicator.metric, indicator.program_id)),
                )
            )
    return {p.id: program_standing(p, groups[p.id], indicators[p.id], as_of=as_of) for p in programs}


def load_standing(program: Program, **options) -> ProgramStanding:
    return load_standings([program], **options)[program.id]
