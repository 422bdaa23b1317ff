"""Reads for program pages, shaped so that a template never queries per row."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import (
    BooleanField,
    Case,
    Count,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import formats, timezone
from django.utils.translation import gettext, pgettext_lazy

from programs import caching
from programs.charts import Sparkline, sparkline
from programs.metrics import compute_metrics, get_metric
from programs.models import City, Indicator, IndicatorValue, Program, Task, TaskGroup, TaskUpdate
from programs.progress import progress_from_annotations, rollup_annotations
from programs.targets import Attainment, TargetKind, format_number
from programs.text import document_matches, document_rank, query_words, ranked, search_document

# A task's search document is built when the list is searched, never stored: no column bounds its length.
TASK_DOCUMENT_MAX = 100_000


@dataclass
class ProgramOverview:
    program: Program
    group_count: int
    deployed_group_count: int
    task_count: int
    done_count: int
    progress: Decimal


def _groups_with_rollup(program_ids: list[int]) -> QuerySet[TaskGroup]:
    return TaskGroup.objects.filter(program_id__in=program_ids).annotate(**rollup_annotations("tasks"))


def is_group_deployed(task_count: int, started_count: int) -> bool:
    """A group is deployed (đã triển khai) when it has tasks and every one of them has started."""
    return task_count > 0 and started_count == task_count


def program_overview_list(programs: QuerySet[Program] | None = None) -> list[ProgramOverview]:
    """Every program with its overall weighted progress and deployed-groups count, in two queries."""
    programs = list((programs if programs is not None else Program.objects.all()).select_related("city"))
    by_program: dict[int, list[TaskGroup]] = {p.id: [] for p in programs}
    for group in _groups_with_rollup(list(by_program)):
        by_program[group.program_id].append(group)
    overviews = []
    for program in programs:
        groups = by_program[program.id]
        overviews.append(
            ProgramOverview(
                program=program,
                group_count=len(groups),
                deployed_group_count=sum(is_group_deployed(g.task_count, g.started_count) for g in groups),
                task_count=sum(g.task_count for g in groups),
                done_count=sum(g.done_count for g in groups),
                progress=progress_from_annotations(
                    sum((g.weight_total or 0 for g in groups), Decimal(0)),
                    sum((g.weighted_sum or 0 for g in groups), Decimal(0)),
                ),
            )
        )
    return overviews


def program_list() -> QuerySet[Program]:
    return Program.objects.select_related("city").annotate(
        group_count=Count("groups", distinct=True),
        indicator_count=Count("indicators", distinct=True),
    )


def task_status_counts(program: Program) -> dict[str, int]:
    counts = Task.objects.filter(group__program=program).aggregate(
        **{status: Count("id", filter=Q(status=status)) for status in Task.Status.values}
    )
    return counts


# --- Staff workspace: scoped lookups --------------------------------------------------------------


def can_edit_program(user, program: Program) -> bool:
    return bool(user.is_authenticated and user.can_edit_city(program.city_id))


def _require_workspace(user) -> None:
    if not (user.is_authenticated and user.can_read_workspace):
        raise Http404


def get_program_for_user(user, slug: str, *, for_edit: bool = False) -> Program:
    """A program the user may read (staff, officials, admins read every program); 404 otherwise.

    With `for_edit`, staff of another city get 403: they can see the program, only not change it.
    """
    _require_workspace(user)
    program = caching.program_by_slug(slug, lambda: Program.objects.select_related("city").filter(slug=slug).first())
    if program is None:
        raise Http404
    if for_edit and not can_edit_program(user, program):
        raise PermissionDenied
    return program


def get_task_for_user(user, public_id, *, for_edit: bool = False) -> Task:
    _require_workspace(user)
    task = get_object_or_404(Task.objects.select_related("group__program__city"), public_id=public_id)
    if for_edit and not can_edit_program(user, task.group.program):
        raise PermissionDenied
    return task


def get_indicator_for_user(user, slug: str, code: str, *, for_edit: bool = False) -> Indicator:
    _require_workspace(user)
    indicator = get_object_or_404(Indicator.objects.select_related("program__city"), program__slug=slug, code=code)
    if for_edit and not can_edit_program(user, indicator.program):
        raise PermissionDenied
    return indicator


def get_task_update_for_user(user, public_id) -> TaskUpdate:
    _require_workspace(user)
    return get_object_or_404(TaskUpdate.objects.select_related("task__group__program"), public_id=public_id)


# --- Staff workspace: dashboard -------------------------------------------------------------------


@dataclass
class StatusCount:
    status: str
    label: str
    count: int


@dataclass
class GroupProgress:
    group: TaskGroup
    progress: Decimal
    task_count: int
    status_counts: list[StatusCount]
    overdue_tasks: list[Task] = field(default_factory=list)

    @property
    def deployed(self) -> bool:
        started = sum(c.count for c in self.status_counts if c.status in Task.DEPLOYED_STATUSES)
        return is_group_deployed(self.task_count, started)


@dataclass
class IndicatorStanding:
    indicator: Indicator
    actual: Decimal | None
    actual_period: str
    attainment: Attainment | None
    metric_label: str
    history: list[IndicatorValue]
    chart: Sparkline | None

    @property
    def is_computed(self) -> bool:
        return self.indicator.is_computed

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


@dataclass
class ProgramDashboard:
    program: Program
    groups: list[GroupProgress]
    indicators: list[IndicatorStanding]
    progress: Decimal
    task_count: int
    overdue_count: int
    deployed_group_count: int


def _status_annotations(prefix: str) -> dict:
    return {
        f"n_{status}": Count(f"{prefix}id", filter=Q(**{f"{prefix}status": status})) for status in Task.Status.values
    }


def _overdue_q(today: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}due_date__lt": today}) & ~Q(**{f"{prefix}status": Task.Status.DONE})


def _status_counts(row) -> list[StatusCount]:
    return [StatusCount(s.value, s.label, getattr(row, f"n_{s.value}") or 0) for s in Task.Status]


def group_progress_list(program: Program, today: datetime.date) -> list[GroupProgress]:
    """Task groups in order with weighted progress, status counts and overdue tasks, in two queries."""
    groups = (
        TaskGroup.objects.filter(program=program)
        .annotate(**rollup_annotations("tasks"), **_status_annotations("tasks__"))
        .order_by("order")
    )
    overdue = Task.objects.filter(_overdue_q(today), group__program=program).order_by("due_date", "order")
    overdue_by_group: dict[int, list[Task]] = {}
    for task in overdue.only("public_id", "title", "due_date", "status", "progress", "group_id"):
        overdue_by_group.setdefault(task.group_id, []).append(task)
    return [
        GroupProgress(
            group=group,
            progress=progress_from_annotations(group.weight_total, group.weighted_sum),
            task_count=group.task_count,
            status_counts=_status_counts(group),
            overdue_tasks=overdue_by_group.get(group.id, []),
        )
        for group in groups
    ]


def _target_bounds(indicator: Indicator) -> tuple[Decimal | None, Decimal | None]:
    if indicator.target_kind == TargetKind.RANGE:
        return indicator.target_low, indicator.target_high
    if indicator.target_kind == TargetKind.NONE:
        return None, None
    return indicator.target_value, indicator.target_value


def indicator_standings(programs: list[Program]) -> dict[int, list[IndicatorStanding]]:
    """Each program's indicators with latest value and attainment; a fixed number of queries.

    Indicators that count registry facts take their actual value from the metric provider (one query per
    metric, whatever the number of programs); the others from their latest recorded value.
    """
    indicators = list(
        Indicator.objects.filter(program__in=programs)
        .select_related("program")
        .prefetch_related(Prefetch("values", queryset=IndicatorValue.objects.order_by("period_end", "id")))
        .order_by("program_id", "order")
    )
    computed = compute_metrics({(i.metric, i.program_id) for i in indicators if i.is_computed})
    by_program: dict[int, list[IndicatorStanding]] = {p.id: [] for p in programs}
    for indicator in indicators:
        by_program[indicator.program_id].append(_standing(indicator, computed))
    return by_program


def _standing(indicator: Indicator, computed: dict) -> IndicatorStanding:
    history = list(indicator.values.all())
    provider = get_metric(indicator.metric) if indicator.is_computed else None
    if indicator.is_computed:
        actual = computed.get((indicator.metric, indicator.program_id))
        period = gettext("Tính đến hôm nay")
    else:
        latest = history[-1] if history else None
        actual = latest.value if latest else None
        period = latest.period_label if latest else ""
    low, high = _target_bounds(indicator)
    return IndicatorStanding(
        indicator=indicator,
        actual=actual,
        actual_period=period,
        attainment=indicator.attainment(actual),
        metric_label=str(provider.label) if provider else "",
        history=history,
        chart=sparkline([(v.period_label, v.value) for v in history], low, high),
    )


def program_dashboard(program: Program, user, today: datetime.date | None = None) -> ProgramDashboard:
    today = today or timezone.localdate()
    groups = group_progress_list(program, today)
    return ProgramDashboard(
        program=program,
        groups=groups,
        indicators=indicator_standings([program])[program.id],
        progress=progress_from_annotations(
            sum((g.group.weight_total or 0 for g in groups), Decimal(0)),
            sum((g.group.weighted_sum or 0 for g in groups), Decimal(0)),
        ),
        task_count=sum(g.task_count for g in groups),
        overdue_count=sum(len(g.overdue_tasks) for g in groups),
        deployed_group_count=sum(g.deployed for g in groups),
    )


# --- Staff workspace: cross-program overview ------------------------------------------------------


@dataclass
class ProgramCard:
    overview: ProgramOverview
    overdue_count: int
    indicators: list[IndicatorStanding]

    def attainment_count(self, attainment: str) -> int:
        return sum(1 for s in self.indicators if s.attainment == attainment)

    @property
    def met_count(self) -> int:
        return self.attainment_count(Attainment.WITHIN) + self.attainment_count(Attainment.ABOVE)

    @property
    def below_count(self) -> int:
        return self.attainment_count(Attainment.BELOW)


@dataclass
class CityColumn:
    city: City
    cards: list[ProgramCard]


def workspace_overview(today: datetime.date | None = None) -> list[CityColumn]:
    """Every program, side by side by city, with progress, overdue tasks and indicator standing."""
    today = today or timezone.localdate()
    overviews = program_overview_list()
    programs = [o.program for o in overviews]
    overdue = dict(
        Task.objects.filter(_overdue_q(today), group__program__in=programs)
        .values_list("group__program_id")
        .annotate(n=Count("id"))
    )
    standings = indicator_standings(programs)
    columns: dict[int, CityColumn] = {}
    for overview in overviews:
        program = overview.program
        column = columns.setdefault(program.city_id, CityColumn(city=program.city, cards=[]))
        column.cards.append(ProgramCard(overview, overdue.get(program.id, 0), standings[program.id]))
    return sorted(columns.values(), key=lambda c: c.city.name)


# --- Staff workspace: tasks list and task page ----------------------------------------------------


# Programmes in the order they were planned, then their groups and tasks in the plan's order.
TASK_ORDER = ("group__program__period_start", "group__program_id", "group__order", "order", "id")


def task_list(today: datetime.date | None = None, *, user=None) -> QuerySet[Task]:
    """Tasks with their group, program and city joined and an `is_late` flag for the rows.

    Cities in alphabetical order; for a user of a city (staff), that city's tasks come first.
    """
    today = today or timezone.localdate()
    queryset = Task.objects.select_related("group__program__city").annotate(
        # True or false, never NULL: a task with no due date is not late (SQL's `NULL < today` is NULL).
        is_late=Case(When(_overdue_q(today), then=Value(True)), default=Value(False), output_field=BooleanField())
    )
    city_id = getattr(user, "city_id", None)
    if city_id:
        queryset = queryset.annotate(
            other_city=Case(When(group__program__city_id=city_id, then=Value(0)), default=Value(1))
        )
        return queryset.order_by("other_city", "group__program__city__name", *TASK_ORDER)
    return queryset.order_by("group__program__city__name", *TASK_ORDER)


def task_search_text(title: str, description: str, lead_agency: str) -> str:
    """The search document (programs/text.py) of a task: its title; its description; its lead agency, whose
    name is mostly a place ("UBND quận Phú Nhuận"), as place words, matched only whole."""
    return search_document([title], [description], [lead_agency], max_length=TASK_DOCUMENT_MAX)


def search_tasks(queryset: QuerySet[Task], query: str) -> QuerySet[Task]:
    """Every word of the query among the task's words, accents and case aside; titles first.

    Tasks keep no stored search column: a city's plans hold a few hundred tasks, which are folded here from
    one read of their text, and the matching rows are then filtered by id. Nothing is stale after an edit in
    the admin or a shell, and the patterns are those every other list applies in the database.
    """
    words = query_words(query)
    if not words:
        return queryset
    ranks: dict[int, list[int]] = {}
    rows = queryset.order_by().values_list("pk", "title", "description", "lead_agency")
    for pk, title, description, lead_agency in rows:
        document = task_search_text(title, description, lead_agency)
        if document_matches(document, words):
            ranks.setdefault(document_rank(document, words), []).append(pk)
    matching = [pk for pks in ranks.values() for pk in pks]
    rank = Case(
        *(When(pk__in=pks, then=Value(score)) for score, pks in ranks.items() if score),
        default=Value(0),
        output_field=IntegerField(),
    )
    return ranked(queryset.filter(pk__in=matching), rank)


def task_row(task: Task, today: datetime.date | None = None) -> Task:
    """One task shaped as a row of the tasks list (after an update)."""
    return task_list(today).get(pk=task.pk)


@dataclass
class TimelineEntry:
    update: TaskUpdate
    status_changed: bool
    previous_status_label: str
    progress_delta: int


def task_timeline(task: Task) -> list[TimelineEntry]:
    """The task's updates, newest first, each saying what it changed from the one dated before it."""
    updates = list(TaskUpdate.objects.filter(task=task).select_related("author").order_by("date", "created_at", "id"))
    entries = []
    previous_status, previous_progress = Task.Status.NOT_STARTED, 0
    for update in updates:
        entries.append(
            TimelineEntry(
                update=update,
                status_changed=update.status != previous_status,
                previous_status_label=Task.Status(previous_status).label,
                progress_delta=update.progress - previous_progress,
            )
        )
        previous_status, previous_progress = update.status, update.progress
    entries.reverse()
    return entries


@dataclass
class AuditEntry:
    when: datetime.datetime
    actor: str
    kind: str
    changes: list[str]
    reason: str


_AUDITED_TASK_FIELDS = ("title", "status", "progress", "due_date", "weight", "lead_agency", "last_update_on")
# simple_history's own labels of a record's kind are English where its catalogue has no Vietnamese.
_HISTORY_KINDS = {
    "+": pgettext_lazy("task history", "Tạo mới"),
    "~": pgettext_lazy("task history", "Thay đổi"),
    "-": pgettext_lazy("task history", "Xoá"),
}


def _audit_value(name: str, value) -> str:
    """A field's value as the task page shows it: a status by its label, a date the Vietnamese way."""
    if value is None or value == "":
        return "—"
    model_field = Task._meta.get_field(name)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def task_audit_trail(task: Task) -> list[AuditEntry]:
    """Every recorded change of the task row with its actor, newest first, from one query."""
    records = list(task.history.select_related("history_user").order_by("history_date", "history_id"))
    entries = []
    previous = None
    for record in records:
        changes = [
            f"{Task._meta.get_field(name).verbose_name}: "
            f"{_audit_value(name, getattr(previous, name))} → {_audit_value(name, getattr(record, name))}"
            for name in _AUDITED_TASK_FIELDS
            if previous is not None and getattr(previous, name) != getattr(record, name)
        ]
        user = record.history_user
        entries.append(
            AuditEntry(
                when=record.history_date,
                actor=(user.get_full_name() or user.username) if user else gettext("Hệ thống"),
                kind=str(_HISTORY_KINDS.get(record.history_type, record.get_history_type_display())),
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
        previous = record
    entries.reverse()
    return entries
