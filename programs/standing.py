"""How a programme stands: its progress, its groups' progress and its indicators against their targets.

Every figure of standing the portal shows (the workspace dashboard and overview, the public home and programme
pages, the open-data API and the PDF reports) is read from the dataclasses built here, so they agree.
`load_standings` runs a fixed set of queries whatever the number of programmes, groups, tasks, updates or
indicators; the `*_standing` builders below it are pure: they compute from rows already read and never query.

Invariants
- A task's state (status, progress) is, without `as_of`, its live row, which programs/task_state.py keeps equal
  to its latest update. With `as_of`, it is the state of its latest update dated on or before `as_of` (by date,
  then entry time, then id), read in SQL; a task with no such update is not started, with no progress. With
  `include_demo=False` the demo updates (TaskUpdate.is_demo) are ignored, and the state is read from the other
  updates even without `as_of`. A later update never changes the standing as of an earlier date.
- A task's progress may be unknown (None): the source reports its status without a percentage. Progress is the
  mean of the measured tasks' progress weighted by their weight, sum(progress × weight) / sum(weight of the
  measured tasks), within a group and for the programme; tasks without a measured progress are in neither sum.
  Nothing measured: the progress is None ("Chưa có số liệu"), never 0. The programme's figure is computed from
  the sums of all its tasks, never as a mean of group figures, so a group of many light tasks weighs what its
  tasks weigh. A group without tasks has no progress and adds nothing to the programme's sums.
- Rounding is for display only: `progress` is the exact quotient rounded half-up to one decimal, and nothing is
  ever aggregated from a rounded figure (aggregates are taken from `weighted_sum` and `measured_weight_total`).
- A group is deployed (đã triển khai) when it has tasks and every one of them has started (in progress or
  done), measured or not. A task is overdue as of `today` when its due date is before it and its state is not
  done.
- Indicators of the programme (Role.INDICATOR) and context figures about the city or the sector (Role.CONTEXT)
  are kept apart: `indicators` and `context`. Context figures have no target and are never counted as met.
- A recorded indicator's history is its values whose period ended within [period_start, as_of] (either bound
  open when not given), oldest period first; its actual is the latest of them (by period end, then by entry),
  with the value's qualifier ("hơn 400"). A report of period P therefore shows what was recorded for P, never a
  figure of an earlier period as P's result. No value: no actual.
- The actual of an indicator backed by a registry metric (programs/metrics.py) is the provider's count of the
  facts dated within [period_start, as_of] (Indicator.MetricWindow.PERIOD) or up to as_of (CUMULATIVE);
  `include_demo=False` leaves demo rows out. Nothing counted: no actual, never 0.
- Attainment is `programs.targets.attainment_of` of the actual against the target as written: exact,
  approximate (within 5 %), minimum (strictly more than), maximum (strictly less than) or range (inclusive
  bounds). No actual or no target: no attainment.
- An indicator is met when it is within or above its target (a ceiling gone over is below, not above: see
  `programs.targets.Attainment`); the met count counts those, the below count those below, and indicators
  without an attainment are in neither.
- A programme's status is read as of the standing's date (`as_of`, else `today`): a published programme whose
  last year is before that date's year has ended (Program.Status.COMPLETED); one stored as ended reads as under
  way (ACTIVE) on a date within its years. A draft is a draft on any date.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, IsNull, LessThan
from django.utils import timezone

from core.numbers import format_number
from programs.metrics import compute_metrics, get_metric
from programs.models import Indicator, IndicatorValue, Program, Task, TaskGroup, TaskUpdate
from programs.targets import Attainment, attainment_of
from programs.task_state import LATEST_FIRST

ZERO = Decimal(0)
DISPLAY_STEP = Decimal("0.1")
MET = (Attainment.WITHIN, Attainment.ABOVE)


# --- Formulas ----------------------------------------------------------------------------------------------


def progress_of(weighted_sum, measured_weight_total) -> Decimal | None:
    """Exact weighted progress: sum(progress × weight) / sum(weight) over measured tasks; None when none is."""
    if not measured_weight_total:
        return None
    return Decimal(weighted_sum or 0) / Decimal(measured_weight_total)


def display_progress(value: Decimal | None) -> Decimal | None:
    """A progress figure as every page, the API and the reports show it: one decimal, half up (None stays)."""
    if value is None:
        return None
    return Decimal(value).quantize(DISPLAY_STEP, rounding=ROUND_HALF_UP)


def is_deployed(task_count: int, started_count: int) -> bool:
    return task_count > 0 and started_count == task_count


def overdue_q(today: datetime.date, prefix: str = "") -> Q:
    """Tasks overdue on `today`: due before it and not done (a task without a due date is never late)."""
    return Q(**{f"{prefix}due_date__lt": today}) & ~Q(**{f"{prefix}status": Task.Status.DONE})


def program_status(program: Program, on: datetime.date) -> str:
    """The programme's status on a day: a published programme whose last year is over has ended; one stored as
    ended reads as under way on a day within its period (a report of its own period was written while it ran).
    A draft stays a draft."""
    if program.status not in Program.PUBLISHED_STATUSES:
        return program.status
    if program.period_end < on.year:
        return Program.Status.COMPLETED
    if program.status == Program.Status.COMPLETED and program.period_start <= on.year:
        return Program.Status.ACTIVE
    return program.status


def values_within(
    values: Iterable[IndicatorValue], start: datetime.date | None, end: datetime.date | None
) -> list[IndicatorValue]:
    """Recorded values whose period ended within [start, end] (open bounds when None), oldest period first
    (entry order within one period)."""
    kept = [v for v in values if (start is None or v.period_end >= start) and (end is None or v.period_end <= end)]
    return sorted(kept, key=lambda v: v.period_end)  # stable: values of one period stay in entry order


def values_as_of(values: Iterable[IndicatorValue], as_of: datetime.date | None) -> list[IndicatorValue]:
    return values_within(values, None, as_of)


def with_unit(number: str, unit: str) -> str:
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def figure_display(value, unit: str = "", qualifier: str = "") -> str:
    """A figure as the source words it: qualifier, number (Vietnamese style) and unit ("hơn 400 sản phẩm")."""
    text = with_unit(format_number(value), unit)
    if qualifier:
        text = f"{IndicatorValue.Qualifier(qualifier).label} {text}"
    return text


def value_display(value: IndicatorValue, unit: str | None = None) -> str:
    """A recorded value with its qualifier and its indicator's unit: "gần 5.000 doanh nghiệp", "-4,4%"."""
    if unit is None:
        unit = value.indicator.unit
    return figure_display(value.value, unit, value.qualifier)


# --- Standings ---------------------------------------------------------------------------------------------


class _WeightedProgress:
    """Progress from `weighted_sum` and `measured_weight_total`: exact, and rounded for display; None when no
    task is measured."""

    @property
    def exact_progress(self) -> Decimal | None:
        return progress_of(self.weighted_sum, self.measured_weight_total)

    @property
    def progress(self) -> Decimal | None:
        return display_progress(self.exact_progress)

    @property
    def has_progress(self) -> bool:
        return bool(self.measured_weight_total)


@dataclass(frozen=True)
class GroupStanding(_WeightedProgress):
    group: TaskGroup
    task_count: int
    # Weight of all the group's tasks, and of those with a measured progress.
    weight_total: Decimal
    measured_weight_total: Decimal
    # sum(progress × weight) over the measured tasks.
    weighted_sum: Decimal
    measured_count: int
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
    # Values recorded for periods ended within the standing's window, oldest first.
    history: tuple[IndicatorValue, ...]
    metric_label: str
    # How the source words the actual (IndicatorValue.Qualifier; "" for exact figures and registry counts).
    qualifier: str = ""
    # What a registry count counts (programs.metrics.Counts); "" for recorded values.
    metric_counts: str = ""

    @property
    def is_computed(self) -> bool:
        return self.indicator.is_computed

    @property
    def is_context(self) -> bool:
        return self.indicator.role == Indicator.Role.CONTEXT

    @property
    def met(self) -> bool:
        return self.attainment in MET

    @property
    def actual_display(self) -> str:
        """The actual the way the source writes it: "32,18%", "hơn 400 sản phẩm"; "" when there is none."""
        if self.actual is None:
            return ""
        return figure_display(self.actual, self.indicator.unit, self.qualifier)

    def value_display(self, value: IndicatorValue) -> str:
        return value_display(value, self.indicator.unit)


@dataclass(frozen=True)
class ProgramStanding(_WeightedProgress):
    program: Program
    as_of: datetime.date | None
    groups: tuple[GroupStanding, ...]
    # The programme's own indicators (Role.INDICATOR).
    indicators: tuple[IndicatorStanding, ...]
    # Figures about the city or the sector, with their source (Role.CONTEXT): never targets of the programme.
    context: tuple[IndicatorStanding, ...] = ()
    period_start: datetime.date | None = None
    # The day the standing is read on when it has no `as_of` (overdue tasks, the status by date).
    today: datetime.date | None = field(default=None)

    @property
    def date(self) -> datetime.date:
        return self.as_of or self.today or timezone.localdate()

    @property
    def status(self) -> str:
        return program_status(self.program, self.date)

    @property
    def status_label(self) -> str:
        return str(Program.Status(self.status).label)

    @property
    def stated_task_count(self) -> int | None:
        """The task count the plan's text states (it may hold more tasks than were entered), or None."""
        return self.program.stated_task_count or None

    @property
    def weight_total(self) -> Decimal:
        return sum((g.weight_total for g in self.groups), ZERO)

    @property
    def measured_weight_total(self) -> Decimal:
        return sum((g.measured_weight_total for g in self.groups), ZERO)

    @property
    def weighted_sum(self) -> Decimal:
        return sum((g.weighted_sum for g in self.groups), ZERO)

    @property
    def measured_count(self) -> int:
        return sum(g.measured_count for g in self.groups)

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
    measured_weight_total=ZERO,
    weighted_sum=ZERO,
    measured_count: int = 0,
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
        measured_weight_total=Decimal(measured_weight_total or 0),
        weighted_sum=Decimal(weighted_sum or 0),
        measured_count=int(measured_count or 0),
        status_counts=by_status,
        overdue_count=int(overdue_count or 0),
    )


def indicator_standing(
    indicator: Indicator,
    values: Iterable[IndicatorValue],
    *,
    as_of: datetime.date | None = None,
    period_start: datetime.date | None = None,
    computed_value: Decimal | None = None,
) -> IndicatorStanding:
    """An indicator's actual and attainment; `computed_value` is its metric's count when it has a metric."""
    history = values_within(values, period_start, as_of)
    provider = get_metric(indicator.metric) if indicator.is_computed else None
    qualifier = ""
    if indicator.is_computed:
        actual, period = computed_value, ""
    else:
        latest = history[-1] if history else None
        actual, period = (latest.value, latest.period_label) if latest else (None, "")
        qualifier = latest.qualifier if latest else ""
    return IndicatorStanding(
        indicator=indicator,
        actual=actual,
        actual_period=period,
        attainment=attainment_of(
            indicator.target_kind, actual, indicator.target_value, indicator.target_low, indicator.target_high
        ),
        history=tuple(history),
        metric_label=str(provider.label) if provider else "",
        qualifier=qualifier,
        metric_counts=provider.counts if provider else "",
    )


def _ordered(indicators: Iterable[IndicatorStanding]) -> tuple[IndicatorStanding, ...]:
    return tuple(sorted(indicators, key=lambda s: (s.indicator.order, s.indicator.pk or 0)))


def program_standing(
    program: Program,
    groups: Iterable[GroupStanding],
    indicators: Iterable[IndicatorStanding] = (),
    *,
    as_of: datetime.date | None = None,
    period_start: datetime.date | None = None,
    today: datetime.date | None = None,
) -> ProgramStanding:
    """The programme's standing; the indicator standings are split into its indicators and its context."""
    indicators = list(indicators)
    return ProgramStanding(
        program=program,
        as_of=as_of,
        groups=tuple(sorted(groups, key=lambda g: (g.group.order, g.group.pk or 0))),
        indicators=_ordered(s for s in indicators if not s.is_context),
        context=_ordered(s for s in indicators if s.is_context),
        period_start=period_start,
        today=today,
    )


# --- Loading -----------------------------------------------------------------------------------------------


def _task_state(as_of: datetime.date | None, include_demo: bool):
    """SQL expressions for the status and progress of the task joined as `tasks`: the live row, or the latest
    update dated on or before `as_of` (not started, no progress without one)."""
    if as_of is None and include_demo:
        return F("tasks__status"), F("tasks__progress")
    updates = TaskUpdate.objects.filter(task=OuterRef("tasks"))
    if as_of is not None:
        updates = updates.filter(date__lte=as_of)
    if not include_demo:
        updates = updates.filter(is_demo=False)
    latest = updates.order_by(*LATEST_FIRST)
    status = Coalesce(Subquery(latest.values("status")[:1]), Value(Task.Status.NOT_STARTED))
    return status, Subquery(latest.values("progress")[:1])


def _group_tallies(program_ids: list[int], today: datetime.date, as_of: datetime.date | None, include_demo: bool):
    status, progress = _task_state(as_of, include_demo)
    measured = IsNull(progress, False)
    weighted = ExpressionWrapper(progress * F("tasks__weight"), output_field=DecimalField())
    overdue = Q(LessThan(F("tasks__due_date"), today)) & ~Q(Exact(status, Task.Status.DONE))
    return (
        TaskGroup.objects.filter(program_id__in=program_ids)
        .annotate(
            weight_total=Sum("tasks__weight"),
            measured_weight_total=Sum("tasks__weight", filter=Q(measured)),
            weighted_sum=Sum(weighted),
            measured_count=Count("tasks", filter=Q(measured)),
            overdue_count=Count("tasks", filter=overdue),
            **{f"n_{s}": Count("tasks", filter=Q(Exact(status, s))) for s in Task.Status.values},
        )
        .order_by("program_id", "order", "id")
    )


def _metric_window(indicator: Indicator, period_start, as_of) -> tuple[datetime.date | None, datetime.date | None]:
    if indicator.metric_window == Indicator.MetricWindow.CUMULATIVE:
        return None, as_of
    return period_start, as_of


def load_standings(
    programs: Iterable[Program],
    *,
    as_of: datetime.date | None = None,
    period_start: datetime.date | None = None,
    today: datetime.date | None = None,
    include_demo: bool = True,
    with_groups: bool = True,
    with_indicators: bool = True,
) -> dict[int, ProgramStanding]:
    """The standing of each programme by id, from one query for the groups' task sums and, with indicators,
    one for the indicators, one for their values and one per registry metric they count (per counting window:
    with `period_start`, the period's and the cumulative one).

    `as_of` is the standing's date: task states are those of the updates dated on or before it, recorded values
    those of periods ended by then, registry facts those dated by then (None: today's live state, every value
    and fact). `period_start` opens the window of recorded values and of period-counted metrics. `today`
    (default: as_of, else the local date) is the day tasks are overdue against. `include_demo=False` ignores demo
    task updates and demo registry rows. A standing loaded without groups or without indicators holds none of
    them: it serves a page that shows only the other half.
    """
    programs = list(programs)
    today = today or as_of or timezone.localdate()
    ids = [p.id for p in programs]
    groups: dict[int, list[GroupStanding]] = {pid: [] for pid in ids}
    for row in _group_tallies(ids, today, as_of, include_demo) if with_groups and ids else ():
        groups[row.program_id].append(
            group_standing(
                row,
                weight_total=row.weight_total,
                measured_weight_total=row.measured_weight_total,
                weighted_sum=row.weighted_sum,
                measured_count=row.measured_count,
                status_counts={s: getattr(row, f"n_{s}") for s in Task.Status.values},
                overdue_count=row.overdue_count,
            )
        )
    indicators: dict[int, list[IndicatorStanding]] = {pid: [] for pid in ids}
    if with_indicators and ids:
        values = IndicatorValue.objects.order_by("period_end", "id")
        if as_of is not None:
            values = values.filter(period_end__lte=as_of)
        if period_start is not None:
            values = values.filter(period_end__gte=period_start)
        rows = list(
            Indicator.objects.filter(program_id__in=ids)
            .prefetch_related(Prefetch("values", queryset=values))
            .order_by("program_id", "order", "id")
        )
        windows: dict[tuple, set[tuple[str, int]]] = {}
        for i in rows:
            if i.is_computed:
                windows.setdefault(_metric_window(i, period_start, as_of), set()).add((i.metric, i.program_id))
        computed = {
            window: compute_metrics(pairs, start=window[0], end=window[1], include_demo=include_demo)
            for window, pairs in windows.items()
        }
        by_id = {p.id: p for p in programs}
        for indicator in rows:
            indicator.program = by_id[indicator.program_id]
            window = _metric_window(indicator, period_start, as_of)
            indicators[indicator.program_id].append(
                indicator_standing(
                    indicator,
                    indicator.values.all(),
                    as_of=as_of,
                    period_start=period_start,
                    computed_value=computed.get(window, {}).get((indicator.metric, indicator.program_id)),
                )
            )
    return {
        p.id: program_standing(p, groups[p.id], indicators[p.id], as_of=as_of, period_start=period_start, today=today)
        for p in programs
    }


def load_standing(program: Program, **options) -> ProgramStanding:
    return load_standings([program], **options)[program.id]
