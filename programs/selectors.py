"""Reads for program pages, shaped so that a template never queries per row."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from programs.models import Program, Task, TaskGroup
from programs.progress import progress_from_annotations, rollup_annotations


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
