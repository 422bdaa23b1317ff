"""Reads for program pages, shaped so that a template never queries per row."""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    BooleanField,
    Case,
    Count,
    IntegerField,
    QuerySet,
    Value,
    When,
)
from django.utils import formats, timezone
from django.utils.translation import gettext, pgettext_lazy

from core import permissions
from core.numbers import format_number
from core.text import document_matches, document_rank, query_words, ranked, search_document
from programs import changes
from programs import standing as standing_rules
from programs.charts import Sparkline, sparkline
from programs.models import City, Indicator, IndicatorValue, Program, Task, TaskUpdate
from programs.standing import (
    GroupStanding,
    IndicatorStanding,
    ProgramStanding,
    load_standing,
    load_standings,
    overdue_q,
)
from programs.targets import target_bounds

# A task's search document is built when the list is searched, never stored: no column bounds its length.
TASK_DOCUMENT_MAX = 100_000


def program_overview_list(programs: QuerySet[Program] | None = None) -> list[ProgramStanding]:
    """Every program's standing without its indicators (progress, groups deployed, tasks done), in two queries."""
    programs = list((programs if programs is not None else Program.objects.all()).select_related("city"))
    standings = load_standings(programs, with_indicators=False)
    return [standings[p.id] for p in programs]


def program_list() -> QuerySet[Program]:
    return Program.objects.select_related("city").annotate(
        group_count=Count("groups", distinct=True),
        indicator_count=Count("indicators", distinct=True),
    )


# --- Staff workspace: reads scoped to the user (core/permissions.py) -------------------------------


def program_for_user(user, slug: str) -> Program | None:
    """The programme with this slug if the user reads the workspace (staff, officials, administrators read
    every programme); None otherwise, as for a missing slug."""
    if not permissions.can_read_workspace(user):
        return None
    return changes.with_data_version(Program.objects.select_related("city")).filter(slug=slug).first()


def tasks_for_user(user) -> QuerySet[Task]:
    return permissions.tasks_visible_to(user, Task.objects.select_related("group__program__city"))


def indicators_for_user(user) -> QuerySet[Indicator]:
    return permissions.tasks_visible_to(user, Indicator.objects.select_related("program__city"))


def task_updates_for_user(user) -> QuerySet[TaskUpdate]:
    return permissions.tasks_visible_to(user, TaskUpdate.objects.select_related("task__group__program"))


# --- Staff workspace: dashboard -------------------------------------------------------------------


@dataclass
class StatusCount:
    status: str
    label: str
    count: int


def _of_standing(name: str) -> property:
    """The wrapped standing's figure of that name: the page shows it as the standing computed it."""
    return property(lambda self: getattr(self.standing, name))


@dataclass
class GroupProgress:
    """A group card of the dashboard: its standing, and its overdue tasks listed."""

    standing: GroupStanding
    overdue_tasks: list[Task] = field(default_factory=list)

    group = _of_standing("group")
    progress = _of_standing("progress")
    task_count = _of_standing("task_count")
    deployed = _of_standing("deployed")

    @property
    def measured_count(self) -> int | None:
        """Tasks with a measured progress, which the group's figure is weighted over."""
        return getattr(self.standing, "measured_count", None)

    @property
    def partly_measured(self) -> bool:
        """A figure shown that rests on only some of the group's tasks: the card says on how many."""
        measured = self.measured_count
        return self.progress is not None and measured is not None and measured < self.task_count

    @property
    def status_counts(self) -> list[StatusCount]:
        return [StatusCount(s.value, s.label, self.standing.count(s.value)) for s in Task.Status]


def value_text(value: IndicatorValue) -> str:
    """A recorded value as the source words it, qualifier and unit kept: "hơn 400 sản phẩm", "32,18%"."""
    shared = getattr(standing_rules, "value_display", None)
    if shared is not None:
        return shared(value)
    unit = value.indicator.unit
    number = format_number(value.value)
    text = f"{number}{unit}" if unit == "%" else f"{number} {unit}".strip()
    qualifier = getattr(value, "qualifier", "")
    if qualifier:
        text = f"{IndicatorValue.Qualifier(qualifier).label} {text}"
    return text


@dataclass
class IndicatorRow:
    """An indicator row of the dashboard: its standing, with the chart of its history."""

    standing: IndicatorStanding
    chart: Sparkline | None

    indicator = _of_standing("indicator")
    actual = _of_standing("actual")
    attainment = _of_standing("attainment")
    history = _of_standing("history")
    metric_label = _of_standing("metric_label")
    is_computed = _of_standing("is_computed")

    @property
    def actual_display(self) -> str:
        """The actual with its qualifier and unit ("gần 5.000 doanh nghiệp"); "" without an actual."""
        if self.standing.actual is None:
            return ""
        if hasattr(self.standing, "qualifier") or self.standing.is_computed or not self.standing.history:
            return self.standing.actual_display
        return value_text(self.standing.history[-1])

    @property
    def actual_period(self) -> str:
        return gettext("Tính đến hôm nay") if self.standing.is_computed else self.standing.actual_period

    @property
    def source(self) -> str:
        """Where the figure shown comes from: the source of the latest recorded value."""
        return self.standing.history[-1].source if self.standing.history else ""

    @property
    def history_texts(self) -> list[tuple[str, str]]:
        """(period, value as worded) of every value recorded, oldest first."""
        return [(v.period_label, value_text(v)) for v in self.standing.history]


def indicator_row(standing: IndicatorStanding) -> IndicatorRow:
    indicator = standing.indicator
    bounds = target_bounds(indicator.target_kind, indicator.target_value, indicator.target_low, indicator.target_high)
    low, high = bounds or (None, None)
    points = [(v.period_label, v.value, value_text(v)) for v in standing.history]
    return IndicatorRow(standing, sparkline(points, low, high))


def indicators_and_context(standing: ProgramStanding) -> tuple[tuple, tuple]:
    """The programme's own chỉ tiêu, and the context figures (Indicator.role CONTEXT) shown apart from them."""
    context = getattr(standing, "context", None)
    if context is not None:
        return tuple(standing.indicators), tuple(context)
    is_context = [s.indicator.role == Indicator.Role.CONTEXT for s in standing.indicators]
    return (
        tuple(s for s, c in zip(standing.indicators, is_context, strict=True) if not c),
        tuple(s for s, c in zip(standing.indicators, is_context, strict=True) if c),
    )


def status_of(standing: ProgramStanding) -> tuple[str, str]:
    """(status, label) of the programme as of the standing's date: a plan whose period has ended reads ended."""
    program = standing.program
    status = getattr(standing, "status", None) or program.status
    label = getattr(standing, "status_label", None) or Program.Status(status).label
    return str(status), str(label)


@dataclass(frozen=True)
class TaskCountNote:
    """What a page says of the number of tasks: those entered, and the plan's own count when it states more."""

    task_count: int
    done_count: int
    group_count: int
    stated_task_count: int | None

    @property
    def stated_differs(self) -> bool:
        return self.stated_task_count is not None and self.stated_task_count != self.task_count


def task_count_note(standing: ProgramStanding) -> TaskCountNote:
    stated = getattr(standing, "stated_task_count", standing.program.stated_task_count)
    return TaskCountNote(standing.task_count, standing.done_count, standing.group_count, stated)


@dataclass
class ProgramDashboard:
    standing: ProgramStanding
    groups: list[GroupProgress]
    indicators: list[IndicatorRow]
    context: list[IndicatorRow] = field(default_factory=list)

    program = _of_standing("program")
    progress = _of_standing("progress")
    task_count = _of_standing("task_count")
    overdue_count = _of_standing("overdue_count")
    deployed_group_count = _of_standing("deployed_group_count")

    @property
    def status(self) -> str:
        return status_of(self.standing)[0]

    @property
    def status_label(self) -> str:
        return status_of(self.standing)[1]

    @property
    def tasks(self) -> TaskCountNote:
        return task_count_note(self.standing)

    @property
    def all_deployed(self) -> bool:
        return bool(self.groups) and self.deployed_group_count == len(self.groups)


def program_dashboard(program: Program, user, today: datetime.date | None = None) -> ProgramDashboard:
    """The programme's standing with each group's overdue tasks listed and each indicator's chart."""
    today = today or timezone.localdate()
    standing = load_standing(program, today=today)
    overdue = Task.objects.filter(overdue_q(today), group__program=program).order_by("due_date", "order")
    overdue_by_group: dict[int, list[Task]] = {}
    for task in overdue.only("public_id", "title", "due_date", "status", "progress", "group_id"):
        overdue_by_group.setdefault(task.group_id, []).append(task)
    indicators, context = indicators_and_context(standing)
    return ProgramDashboard(
        standing=standing,
        groups=[GroupProgress(g, overdue_by_group.get(g.group.id, [])) for g in standing.groups],
        indicators=[indicator_row(s) for s in indicators],
        context=[indicator_row(s) for s in context],
    )


# --- Staff workspace: cross-program overview ------------------------------------------------------


@dataclass
class ProgramCard:
    """A programme's card on the overview: its standing (`overview`), overdue tasks and indicators met."""

    standing: ProgramStanding

    overview = property(lambda self: self.standing)
    overdue_count = _of_standing("overdue_count")
    met_count = _of_standing("met_count")
    below_count = _of_standing("below_count")

    @property
    def indicators(self) -> tuple:
        """The programme's own chỉ tiêu: context figures are no target and are not counted among them."""
        return indicators_and_context(self.standing)[0]

    @property
    def status(self) -> str:
        return status_of(self.standing)[0]

    @property
    def status_label(self) -> str:
        return status_of(self.standing)[1]

    @property
    def tasks(self) -> TaskCountNote:
        return task_count_note(self.standing)

    def attainment_count(self, attainment: str) -> int:
        return self.standing.attainment_count(attainment)


@dataclass
class CityColumn:
    city: City
    cards: list[ProgramCard]


def workspace_overview(today: datetime.date | None = None) -> list[CityColumn]:
    """Every program, side by side by city, with progress, overdue tasks and indicator standing."""
    programs = list(Program.objects.select_related("city"))
    standings = load_standings(programs, today=today or timezone.localdate())
    columns: dict[int, CityColumn] = {}
    for program in programs:
        column = columns.setdefault(program.city_id, CityColumn(city=program.city, cards=[]))
        column.cards.append(ProgramCard(standings[program.id]))
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
        is_late=Case(When(overdue_q(today), then=Value(True)), default=Value(False), output_field=BooleanField())
    )
    city_id = getattr(user, "city_id", None)
    if city_id:
        queryset = queryset.annotate(
            other_city=Case(When(group__program__city_id=city_id, then=Value(0)), default=Value(1))
        )
        return queryset.order_by("other_city", "group__program__city__name", *TASK_ORDER)
    return queryset.order_by("group__program__city__name", *TASK_ORDER)


def task_search_text(title: str, description: str, lead_agency: str) -> str:
    """The search document (core/text.py) of a task: its title; its description; its lead agency, whose
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
    # The change of measured progress since the update before; None when either has no measured progress.
    progress_delta: int | None


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
                progress_delta=(
                    None
                    if update.progress is None or previous_progress is None
                    else update.progress - previous_progress
                ),
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
        return gettext("Chưa có số liệu") if name == "progress" else "—"
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
