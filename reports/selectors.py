"""Reads for the reports app: the data a report is built from, and the report lists and lookups.

The report data is a plain dictionary of numbers, text and dates. It is what the PDF shows and what the
fingerprint hashes, so nothing time-dependent (such as "generated at") belongs in it.
"""

import datetime

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery

from core import permissions
from enterprises.models import Enrollment, Participation, SupportActivity
from products.models import Recognition
from programs.models import Program, Task, TaskUpdate
from programs.standing import GroupStanding, IndicatorStanding, ProgramStanding, load_standings
from programs.targets import Attainment
from reports.datastamp import data_unchanged_since
from reports.models import Report

# ---------------------------------------------------------------------------------------------------------
# Lookups and lists
# ---------------------------------------------------------------------------------------------------------


def reports_visible_to(user) -> QuerySet[Report]:
    """Officials, staff and administrators see every report; enterprise users only finished public ones."""
    reports = Report.objects.select_related("program", "program__city", "requested_by")
    return permissions.reports_visible_to(user, reports)


def programs_for_reports(user) -> QuerySet[Program]:
    return permissions.programs_visible_to(user, Program.objects.select_related("city"))


def program_report_index() -> QuerySet[Program]:
    """Programs with how many reports each has and when the latest finished."""
    done = Q(reports__status=Report.Status.DONE)
    return Program.objects.select_related("city").annotate(
        report_count=Count("reports", filter=done),
        last_report_at=Max("reports__finished_at", filter=done),
    )


def program_archive(program: Program) -> QuerySet[Report]:
    return Report.objects.filter(program=program).select_related("requested_by", "program")


def summary_archive() -> QuerySet[Report]:
    return Report.objects.filter(program__isnull=True).select_related("requested_by")


def _live_reports(**same_request) -> QuerySet[Report]:
    """Reports of this request that are done (file ready) or still on their way, the done ones first."""
    return Report.objects.filter(
        **same_request, status__in=[Report.Status.DONE, Report.Status.PENDING, Report.Status.RUNNING]
    ).order_by("-status", "-created_at")  # "running" < "pending" < "done"


def find_reusable_report(*, program_id, kind, period_start, period_end, fingerprint, template_version):
    """A report of the same data and template that is done (file ready) or still on its way."""
    return _live_reports(
        program_id=program_id,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        fingerprint=fingerprint,
        template_version=template_version,
    ).first()


def find_report_on_unchanged_data(*, program_id, kind, period_start, period_end, template_version):
    """The latest report of this request, if no data it was built from changed since: found without reading it."""
    report = (
        _live_reports(
            program_id=program_id,
            kind=kind,
            period_start=period_start,
            period_end=period_end,
            template_version=template_version,
        )
        .exclude(data_stamp="")
        .first()
    )
    if report is None or not data_unchanged_since(report.data_stamp):
        return None
    return report


def active_program_ids() -> list[int]:
    return list(Program.objects.filter(status=Program.Status.ACTIVE).order_by("id").values_list("id", flat=True))


# ---------------------------------------------------------------------------------------------------------
# Report data
# ---------------------------------------------------------------------------------------------------------


def _program_header(program: Program) -> dict:
    return {
        "id": program.id,
        "slug": program.slug,
        "title": program.title,
        "short_title": program.short_title,
        "kind_label": str(program.get_kind_display()),
        "issuer": program.issuer,
        "lead_agency": program.lead_agency,
        "plan_number": program.plan_number,
        "plan_date": program.plan_date,
        "period_label": program.period_label,
        "vision_year": program.vision_year,
        "city_name": program.city.name,
        "city_code": program.city.code,
        "status_label": str(program.get_status_display()),
        "summary": program.summary,
        "midterm_result": program.midterm_result,
        "next_steps": program.next_step_list(),
    }


def _groups(standing: ProgramStanding) -> list[dict]:
    return [_group(g) for g in standing.groups]


def _group(group: GroupStanding) -> dict:
    return {
        "code": group.group.code,
        "title": group.group.title,
        "task_count": group.task_count,
        "started_count": group.started_count,
        "done_count": group.done_count,
        "deployed": group.deployed,
        "progress": group.progress,
    }


def _group_summary(standing: ProgramStanding) -> dict:
    """The programme's figures: its progress is weighted by task weight over all its tasks (programs/standing.py)."""
    return {
        "total": standing.group_count,
        "deployed": standing.deployed_group_count,
        "task_total": standing.task_count,
        "task_started": standing.started_count,
        "task_done": standing.done_count,
        "progress": standing.progress,
    }


def _tasks(program: Program, period_end: datetime.date | None) -> list[dict]:
    # Only each task's latest update is shown: fetch that one (years of updates would otherwise all be loaded).
    updates = TaskUpdate.objects.filter(task=OuterRef("pk")).order_by("-date", "-created_at", "-id")
    if period_end:
        updates = updates.filter(date__lte=period_end)
    tasks = list(
        Task.objects.filter(group__program=program)
        .select_related("group")
        .annotate(latest_update_id=Subquery(updates.values("id")[:1]))
        .order_by("group__order", "order", "id")
    )
    latest_updates = TaskUpdate.objects.in_bulk([t.latest_update_id for t in tasks if t.latest_update_id])
    rows = []
    for task in tasks:
        latest = latest_updates.get(task.latest_update_id)
        rows.append(
            {
                "group_code": task.group.code,
                "title": task.title,
                "lead_agency": task.lead_agency,
                "status": task.status,
                "status_label": str(task.get_status_display()),
                "progress": task.progress,
                "due_date": task.due_date,
                "latest_update": None
                if latest is None
                else {"date": latest.date, "note": latest.note, "status_label": str(latest.get_status_display())},
            }
        )
    return rows


def _indicators(standing: ProgramStanding) -> list[dict]:
    return [_indicator(s) for s in standing.indicators]


def _indicator(standing: IndicatorStanding) -> dict:
    indicator, attainment = standing.indicator, standing.attainment
    return {
        "name": indicator.name,
        "unit": indicator.unit,
        "period_label": indicator.period_label,
        "target_kind": indicator.target_kind,
        "target_display": indicator.target_display(),
        "target_value": indicator.target_value,
        "target_low": indicator.target_low,
        "target_high": indicator.target_high,
        "actual": standing.actual,
        "actual_period": standing.actual_period,
        "computed": standing.is_computed,
        "attainment": attainment or "",
        "attainment_label": str(Attainment(attainment).label) if attainment else "",
        "values": [{"label": v.period_label, "value": v.value} for v in standing.history],
    }


def _in_period(field: str, period_start, period_end) -> Q:
    condition = Q()
    if period_start:
        condition &= Q(**{f"{field}__gte": period_start})
    if period_end:
        condition &= Q(**{f"{field}__lte": period_end})
    return condition


def _enterprises(program: Program, period_start, period_end) -> tuple[list[dict], dict]:
    # Plain tuples of the five columns shown: thousands of enrollments are read for every render and for
    # every fingerprint, so no model instances are built.
    enrollments = (
        Enrollment.objects.filter(program=program)
        .filter(_in_period("enrolled_on", None, period_end))
        .order_by("enterprise__name", "enterprise_id")
        .values_list("enterprise_id", "enterprise__name", "enterprise__tax_code", "enterprise__province", "enrolled_on")
    )
    participations = Participation.objects.filter(activity__program=program).filter(
        _in_period("activity__start_date", period_start, period_end)
    )
    per_enterprise = dict(
        participations.values("enterprise_id").annotate(n=Count("id")).values_list("enterprise_id", "n")
    )
    kind_labels = dict(SupportActivity.Kind.choices)
    by_kind = participations.values("activity__kind").annotate(n=Count("id")).order_by("activity__kind")
    rows = [
        {
            "name": name,
            "tax_code": tax_code,
            "province": province,
            "enrolled_on": enrolled_on,
            "participations": per_enterprise.get(enterprise_id, 0),
        }
        for enterprise_id, name, tax_code, province, enrolled_on in enrollments
    ]
    summary = {
        "enrolled": len(rows),
        "participations": sum(per_enterprise.values()),
        "participating_enterprises": len(per_enterprise),
        "suppliers": participations.filter(became_supplier=True).count(),
        "activities": SupportActivity.objects.filter(program=program)
        .filter(_in_period("start_date", period_start, period_end))
        .count(),
        "by_kind": [{"label": str(kind_labels.get(k["activity__kind"], "")), "count": k["n"]} for k in by_kind],
    }
    return rows, summary


def _recognitions(program: Program, period_start, period_end) -> dict:
    recognitions = (
        Recognition.objects.filter(round__program=program)
        .filter(_in_period("decision_date", period_start, period_end))
        .select_related("round")
        .order_by("decision_date", "id")
    )
    items = [
        {
            "product": r.product_name,
            "enterprise": r.enterprise_name,
            "kind_label": str(r.get_kind_display()),
            "is_first_time": r.is_first_time,
            "decision_number": r.decision_number,
            "decision_date": r.decision_date,
            "year": r.round.year,
        }
        for r in recognitions
    ]
    return {
        "total": len(items),
        "first_time": sum(1 for i in items if i["is_first_time"]),
        "renewal": sum(1 for i in items if not i["is_first_time"]),
        "items": items,
    }


def _standings(programs: list[Program], period_end: datetime.date | None) -> dict[int, ProgramStanding]:
    """The programmes' standing at the end of the report's period (all recorded values when it has none)."""
    return load_standings(programs, as_of=period_end, today=period_end)


def program_report_data(*, program_id: int, kind: str, period_start=None, period_end=None) -> dict:
    """Everything a mid-term or progress report of one program shows."""
    program = Program.objects.select_related("city").get(pk=program_id)
    standing = _standings([program], period_end)[program.id]
    enterprises, participation = _enterprises(program, period_start, period_end)
    return {
        "kind": kind,
        "period": {"start": period_start, "end": period_end},
        "program": _program_header(program),
        "groups": _groups(standing),
        "group_summary": _group_summary(standing),
        "tasks": _tasks(program, period_end),
        "indicators": _indicators(standing),
        "enterprises": enterprises,
        "participation": participation,
        "recognitions": _recognitions(program, period_start, period_end),
    }


def summary_report_data(*, period_start=None, period_end=None) -> dict:
    """One row per program for the cross-program summary."""
    programs = list(Program.objects.select_related("city").order_by("city__name", "period_start", "title"))
    standings = _standings(programs, period_end)
    rows = []
    for program in programs:
        standing = standings[program.id]
        _, participation = _enterprises(program, period_start, period_end)
        rows.append(
            {
                "program": _program_header(program),
                "group_summary": _group_summary(standing),
                "indicators_with_target": standing.with_target_count,
                "indicators_met": standing.met_count,
                "indicator_total": len(standing.indicators),
                "participation": participation,
                "recognitions": _recognitions(program, period_start, period_end),
            }
        )
    return {"kind": Report.Kind.SUMMARY, "period": {"start": period_start, "end": period_end}, "programs": rows}


def report_data(*, kind: str, program_id: int | None, period_start=None, period_end=None) -> dict:
    if kind == Report.Kind.SUMMARY:
        return summary_report_data(period_start=period_start, period_end=period_end)
    return program_report_data(program_id=program_id, kind=kind, period_start=period_start, period_end=period_end)
