"""Reads for the reports app: the data a report is built from, and the report lists and lookups.

The report data is a plain dictionary of numbers, text and dates. It is what the PDF shows and what the
fingerprint hashes, so nothing time-dependent (such as "generated at") belongs in it.
"""

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Max, OuterRef, Q, QuerySet, Subquery

from core import permissions
from enterprises.models import Enrollment, Participation, SupportActivity
from products.models import Recognition, RecognitionRound
from programs.models import City, IssuingBody, Program, Task, TaskUpdate
from programs.standing import (
    GroupStanding,
    IndicatorStanding,
    ProgramStanding,
    load_standings,
    value_display,
)
from programs.targets import Attainment
from programs.task_state import LATEST_FIRST
from reports.datastamp import data_unchanged_since
from reports.models import Report

# ---------------------------------------------------------------------------------------------------------
# Lookups and lists
# ---------------------------------------------------------------------------------------------------------


def reports_visible_to(user) -> QuerySet[Report]:
    """Officials, staff and administrators see every report; enterprise users only finished public ones."""
    reports = Report.objects.select_related("program", "program__city", "city", "requested_by")
    return permissions.reports_visible_to(user, reports)


def programs_for_reports(user) -> QuerySet[Program]:
    return permissions.programs_visible_to(user, Program.objects.select_related("city"))


def program_report_index() -> QuerySet[Program]:
    """Programs with how many reports each has, when the latest finished, and whether a mid-term report can be
    requested (a programme of several years: the rule reports.services.is_multi_year checks on request)."""
    done = Q(reports__status=Report.Status.DONE)
    return Program.objects.select_related("city").annotate(
        report_count=Count("reports", filter=done),
        last_report_at=Max("reports__finished_at", filter=done),
        has_midterm=ExpressionWrapper(Q(period_start__lt=F("period_end")), output_field=BooleanField()),
    )


def program_archive(program: Program) -> QuerySet[Report]:
    return Report.objects.filter(program=program).select_related("requested_by", "program")


def summary_archive() -> QuerySet[Report]:
    return Report.objects.filter(program__isnull=True).select_related("requested_by", "city")


def _live_reports(**same_request) -> QuerySet[Report]:
    """Reports of this request that are done (file ready) or still on their way, the done ones first."""
    return Report.objects.filter(
        **same_request, status__in=[Report.Status.DONE, Report.Status.PENDING, Report.Status.RUNNING]
    ).order_by("-status", "-created_at")  # "running" < "pending" < "done"


def find_reusable_report(
    *, program_id, kind, period_start, period_end, fingerprint, template_version, city_id=None, include_demo=False
):
    """A report of the same data and template that is done (file ready) or still on its way."""
    return _live_reports(
        program_id=program_id,
        city_id=city_id,
        include_demo=include_demo,
        kind=kind,
        period_start=period_start,
        period_end=period_end,
        fingerprint=fingerprint,
        template_version=template_version,
    ).first()


def find_report_on_unchanged_data(
    *, program_id, kind, period_start, period_end, template_version, city_id=None, include_demo=False
):
    """The latest report of this request, if no data it was built from changed since: found without reading it."""
    report = (
        _live_reports(
            program_id=program_id,
            city_id=city_id,
            include_demo=include_demo,
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

# Decree 30/2020/NĐ-CP: a place named after a person is written in full ("Thành phố Hồ Chí Minh").
NAMED_AFTER_PERSONS = ("Hồ Chí Minh",)


def bare_city_name(city_name: str) -> str:
    name = city_name.strip()
    for prefix in ("TP. ", "TP ", "Thành phố ", "thành phố "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def place_name(city_name: str) -> str:
    """The place of issue as Decree 30 writes it: "Thành phố Hồ Chí Minh", "Hà Nội"."""
    bare = bare_city_name(city_name)
    return f"Thành phố {bare}" if bare in NAMED_AFTER_PERSONS else bare


def _issuer(city) -> dict:
    """The city's Sở Công Thương (programs.IssuingBody), or the same lines built from the city's name."""
    bodies = {b.kind: b for b in IssuingBody.objects.filter(city=city)}
    body = bodies.get(IssuingBody.Kind.DEPARTMENT)
    committee = bodies.get(IssuingBody.Kind.COMMITTEE)
    bare = bare_city_name(city.name)
    committee_name = committee.name if committee else f"Ủy ban nhân dân Thành phố {bare}"
    if body is None:
        return {
            "committee_name": committee_name,
            "parent_lines": ["ỦY BAN NHÂN DÂN", f"THÀNH PHỐ {bare}".upper()],
            "header": "SỞ CÔNG THƯƠNG",
            "name": f"Sở Công Thương {place_name(city.name)}",
            "place": place_name(city.name),
            "abbreviation": "SCT",
            "body_id": None,
        }
    parent = body.parent_name.strip()
    if "\n" in parent:
        parent_lines = [line.strip() for line in parent.splitlines() if line.strip()]
    elif parent.upper().startswith("ỦY BAN NHÂN DÂN ") and len(parent) > len("ỦY BAN NHÂN DÂN "):
        parent_lines = ["ỦY BAN NHÂN DÂN", parent[len("ỦY BAN NHÂN DÂN ") :].strip()]
    else:
        parent_lines = [parent] if parent else []
    return {
        "committee_name": committee_name,
        "parent_lines": parent_lines,
        "header": body.header_name,
        "name": body.name,
        "place": body.place_name,
        "abbreviation": body.abbreviation,
        "body_id": body.id,
    }


def _program_header(program: Program, standing: ProgramStanding | None = None) -> dict:
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
        "period_start_year": program.period_start,
        "period_end_year": program.period_end,
        "vision_year": program.vision_year,
        "city_name": program.city.name,
        "city_code": program.city.code,
        "status_label": str(getattr(standing, "status_label", "") or program.get_status_display()),
        "summary": program.summary,
        "midterm_result": program.midterm_result,
        "next_steps": program.next_step_list(),
        "source": program.source,
    }


def _group(group: GroupStanding, tasks: list[dict]) -> dict:
    return {
        "code": group.group.code,
        "title": group.group.title,
        "task_count": group.task_count,
        "started_count": group.started_count,
        "done_count": group.done_count,
        "measured_count": getattr(group, "measured_count", None),
        "deployed": group.deployed,
        "progress": group.progress,
        "tasks": [t for t in tasks if t["group_code"] == group.group.code],
    }


def _group_summary(standing: ProgramStanding) -> dict:
    """The programme's figures from its standing; `stated_task_count` is the count the plan states, which may
    exceed the tasks entered (then the entered tasks are not a share of it and no "x/y nhiệm vụ" is shown)."""
    stated = getattr(standing, "stated_task_count", None)
    return {
        "total": standing.group_count,
        "deployed": standing.deployed_group_count,
        "task_total": standing.task_count,
        "task_started": standing.started_count,
        "task_done": standing.done_count,
        "stated_task_count": stated,
        "tasks_complete": stated is None or stated == standing.task_count,
        "progress": standing.progress,
    }


def _tasks(program: Program, period_start, period_end, include_demo: bool) -> tuple[list[dict], bool]:
    """Each task as of the period's end, by the rule of programs.standing (whose group figures these rows add up
    to): the state of its latest update dated on or before it, demo updates left out unless included; no such
    update: not started, no progress. Without a period end and with demo updates: the live row.
    Returns the rows and whether a demo update was used."""
    live = period_end is None and include_demo
    updates = TaskUpdate.objects.filter(task=OuterRef("pk")).order_by(*LATEST_FIRST)
    if period_end:
        updates = updates.filter(date__lte=period_end)
    if not include_demo:
        updates = updates.filter(is_demo=False)
    tasks = list(
        Task.objects.filter(group__program=program)
        .select_related("group")
        .annotate(latest_update_id=Subquery(updates.values("id")[:1]))
        .order_by("group__order", "order", "id")
    )
    latest_updates = TaskUpdate.objects.in_bulk([t.latest_update_id for t in tasks if t.latest_update_id])
    labels = dict(Task.Status.choices)
    rows, has_demo = [], False
    for task in tasks:
        latest = latest_updates.get(task.latest_update_id)
        if live:
            status, progress = task.status, task.progress
        elif latest is None:
            status, progress = Task.Status.NOT_STARTED, None
        else:
            status, progress = latest.status, latest.progress
        has_demo = has_demo or bool(latest and latest.is_demo)
        in_period = latest is not None and (period_start is None or latest.date >= period_start)
        rows.append(
            {
                "group_code": task.group.code,
                "title": task.title,
                "lead_agency": task.lead_agency,
                "status": status,
                "status_label": str(labels.get(status, "")),
                "progress": progress,
                "due_date": task.due_date,
                "latest_update": None
                if not in_period
                else {"date": latest.date, "note": latest.note, "status_label": str(labels.get(latest.status, ""))},
            }
        )
    return rows, has_demo


def _indicator(standing: IndicatorStanding) -> dict:
    indicator, attainment = standing.indicator, standing.attainment
    latest = standing.history[-1] if standing.history else None
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
        "actual_display": standing.actual_display if standing.actual is not None else "",
        "qualifier": getattr(standing, "qualifier", ""),
        "actual_period": standing.actual_period,
        "computed": standing.is_computed,
        "metric_label": standing.metric_label,
        "metric_window": indicator.metric_window if standing.is_computed else "",
        "metric_window_label": str(indicator.get_metric_window_display()) if standing.is_computed else "",
        "attainment": attainment or "",
        "attainment_label": str(Attainment(attainment).label) if attainment else "",
        "source": latest.source if latest else "",
        "note": indicator.note,
        "values": [
            {
                "label": v.period_label,
                "period_end": v.period_end,
                "value": v.value,
                "qualifier": v.qualifier,
                "display": value_display(v, indicator.unit),
                "source": v.source,
            }
            for v in standing.history
        ],
    }


def _in_period(field: str, period_start, period_end) -> Q:
    condition = Q()
    if period_start:
        condition &= Q(**{f"{field}__gte": period_start})
    if period_end:
        condition &= Q(**{f"{field}__lte": period_end})
    return condition


def _participations(program_ids, period_start, period_end, include_demo: bool) -> QuerySet[Participation]:
    participations = Participation.objects.filter(activity__program_id__in=program_ids).filter(
        _in_period("activity__start_date", period_start, period_end)
    )
    if not include_demo:
        participations = participations.filter(activity__is_demo=False, enterprise__is_demo=False)
    return participations


def _enrollments(program_ids, period_end, include_demo: bool) -> QuerySet[Enrollment]:
    enrollments = Enrollment.objects.filter(program_id__in=program_ids).filter(
        _in_period("enrolled_on", None, period_end)
    )
    if not include_demo:
        enrollments = enrollments.filter(enterprise__is_demo=False)
    return enrollments


def _activities(program_ids, period_start, period_end, include_demo: bool) -> QuerySet[SupportActivity]:
    activities = SupportActivity.objects.filter(program_id__in=program_ids).filter(
        _in_period("start_date", period_start, period_end)
    )
    if not include_demo:
        activities = activities.filter(is_demo=False)
    return activities


def _enterprises(program: Program, period_start, period_end, include_demo: bool) -> tuple[list[dict], dict]:
    """The register of enrolled enterprises (Phụ lục I) and the counts the body gives.

    What is counted, stated in the report the same way:
    - "enrolled": distinct enterprises enrolled in the programme by the period's end;
    - "participations": turns, one per enterprise per support activity started within the period;
    - "participating_enterprises": distinct enterprises with at least one lượt in the period, split into those
      enrolled by the period's end ("participating_enrolled") and those not enrolled ("participating_not_enrolled").
    """
    # Plain tuples of the columns shown: thousands of enrolments are read for every render and fingerprint.
    enrollments = (
        _enrollments([program.id], period_end, include_demo)
        .order_by("enterprise__name", "enterprise_id")
        .values_list(
            "enterprise_id",
            "enterprise__name",
            "enterprise__tax_code",
            "enterprise__province",
            "enrolled_on",
            "enterprise__is_demo",
        )
        # Streamed in chunks (a server-side cursor on PostgreSQL): the rows are read once, into the register,
        # never also held whole by the queryset and the driver.
        .iterator(chunk_size=5000)
    )
    participations = _participations([program.id], period_start, period_end, include_demo)
    per_enterprise = dict(
        participations.values("enterprise_id").annotate(n=Count("id")).values_list("enterprise_id", "n")
    )
    kind_labels = dict(SupportActivity.Kind.choices)
    by_kind = participations.values("activity__kind").annotate(n=Count("id")).order_by("activity__kind")
    rows, enrolled_ids, has_demo = [], set(), False
    for enterprise_id, name, tax_code, province, enrolled_on, is_demo in enrollments:
        if enterprise_id in enrolled_ids:
            continue  # one row per enterprise
        enrolled_ids.add(enterprise_id)
        has_demo = has_demo or is_demo
        rows.append(
            {
                "name": name,
                "tax_code": tax_code,
                "province": province,
                "enrolled_on": enrolled_on,
                "participations": per_enterprise.get(enterprise_id, 0),
            }
        )
    participating_enrolled = sum(1 for e in per_enterprise if e in enrolled_ids)
    activities = _activities([program.id], period_start, period_end, include_demo)
    if include_demo and not has_demo:
        has_demo = activities.filter(is_demo=True).exists() or participations.filter(enterprise__is_demo=True).exists()
    summary = {
        "enrolled": len(rows),
        "enrolled_in_period": sum(
            1 for r in rows if period_start is None or (r["enrolled_on"] and r["enrolled_on"] >= period_start)
        ),
        "participations": sum(per_enterprise.values()),
        "participating_enterprises": len(per_enterprise),
        "participating_enrolled": participating_enrolled,
        "participating_not_enrolled": len(per_enterprise) - participating_enrolled,
        "suppliers": participations.filter(became_supplier=True).count(),
        "activities": activities.count(),
        "by_kind": [{"label": str(kind_labels.get(k["activity__kind"], "")), "count": k["n"]} for k in by_kind],
        "has_demo": has_demo,
    }
    return rows, summary


def _recognition_rows(program_ids, period_start, period_end, include_demo: bool) -> QuerySet[Recognition]:
    recognitions = Recognition.objects.filter(round__program_id__in=program_ids).filter(
        _in_period("decision_date", period_start, period_end)
    )
    if not include_demo:
        recognitions = recognitions.filter(is_demo=False, product__is_demo=False, round__is_demo=False)
    return recognitions


def _recognitions(program: Program, period_start, period_end, include_demo: bool) -> dict:
    recognitions = (
        _recognition_rows([program.id], period_start, period_end, include_demo)
        .select_related("round", "product")
        .order_by("decision_date", "id")
    )
    items, has_demo = [], False
    for r in recognitions:
        has_demo = has_demo or r.is_demo or r.product.is_demo or r.round.is_demo
        items.append(
            {
                "product": r.product_name,
                "enterprise": r.enterprise_name,
                "kind_label": str(r.get_kind_display()),
                "is_first_time": r.is_first_time,
                "decision_number": r.decision_number,
                "decision_date": r.decision_date,
                "year": r.round.year,
            }
        )
    rounds = RecognitionRound.objects.filter(program=program)
    if not include_demo:
        rounds = rounds.filter(is_demo=False)
    if period_start or period_end:
        rounds = rounds.filter(
            year__gte=(period_start.year if period_start else 0), year__lte=(period_end.year if period_end else 9999)
        )
    recognised_years = {i["year"] for i in items}
    return {
        "total": len(items),
        "first_time": sum(1 for i in items if i["is_first_time"]),
        "renewal": sum(1 for i in items if not i["is_first_time"]),
        "items": items,
        # A round of the period with no recognition recorded has "chưa có kết quả", not "0 sản phẩm".
        "rounds_without_result": sorted(
            {y for y in rounds.values_list("year", flat=True) if y not in recognised_years}
        ),
        "has_demo": has_demo,
    }


def _years(program: Program, period_start, period_end, include_demo: bool) -> list[dict]:
    """Figures by year within the period: activities, lượt, distinct enterprises, new enrolments, recognitions."""
    if not (period_start and period_end):
        return []
    ids = [program.id]
    activities = dict(
        _activities(ids, period_start, period_end, include_demo)
        .values_list("start_date__year")
        .annotate(n=Count("id"))
        .values_list("start_date__year", "n")
    )
    participations = {
        year: (n, distinct)
        for year, n, distinct in _participations(ids, period_start, period_end, include_demo)
        .values_list("activity__start_date__year")
        .annotate(n=Count("id"), distinct=Count("enterprise_id", distinct=True))
        .values_list("activity__start_date__year", "n", "distinct")
    }
    enrolments = dict(
        _enrollments(ids, period_end, include_demo)
        .filter(enrolled_on__gte=period_start)
        .values_list("enrolled_on__year")
        .annotate(n=Count("enterprise_id", distinct=True))
        .values_list("enrolled_on__year", "n")
    )
    recognitions = dict(
        _recognition_rows(ids, period_start, period_end, include_demo)
        .values_list("decision_date__year")
        .annotate(n=Count("id"))
        .values_list("decision_date__year", "n")
    )
    rows = []
    for year in range(period_start.year, period_end.year + 1):
        turns, distinct = participations.get(year, (None, None))
        rows.append(
            {
                "year": year,
                "activities": activities.get(year),
                "participations": turns,
                "participating_enterprises": distinct,
                "enrolled": enrolments.get(year),
                "recognitions": recognitions.get(year),
            }
        )
    return rows


def _standings(programs: list[Program], period_start, period_end, include_demo: bool) -> dict[int, ProgramStanding]:
    """The programmes' standing at the end of the report's period (programs/standing.py, the dashboard's rule)."""
    return load_standings(
        programs, as_of=period_end, period_start=period_start, today=period_end, include_demo=include_demo
    )


def program_report_data(
    *, program_id: int, kind: str, period_start=None, period_end=None, include_demo: bool = False
) -> dict:
    """Everything a mid-term or progress report of one program shows, true to its period."""
    program = Program.objects.select_related("city").get(pk=program_id)
    standing = _standings([program], period_start, period_end, include_demo)[program.id]
    tasks, demo_tasks = _tasks(program, period_start, period_end, include_demo)
    enterprises, participation = _enterprises(program, period_start, period_end, include_demo)
    recognitions = _recognitions(program, period_start, period_end, include_demo)
    years = _years(program, period_start, period_end, include_demo)
    return {
        "kind": kind,
        "period": {"start": period_start, "end": period_end},
        "include_demo": include_demo,
        "has_demo": bool(demo_tasks or participation["has_demo"] or recognitions["has_demo"]),
        "issuer": _issuer(program.city),
        "program": _program_header(program, standing),
        "groups": [_group(g, tasks) for g in standing.groups],
        # Tasks with at least one update by the period's end: with none, nothing is known of their state, and the
        # report says so rather than counting them "0 hoàn thành".
        "group_summary": {**_group_summary(standing), "tasks_reported": sum(1 for t in tasks if t["latest_update"])},
        "tasks": tasks,
        "indicators": [_indicator(s) for s in standing.indicators],
        "context": [_indicator(s) for s in getattr(standing, "context", ())],
        "years": years,
        "years_recorded": any(v is not None for row in years for k, v in row.items() if k != "year"),
        "enterprises": enterprises,
        "participation": participation,
        "recognitions": recognitions,
    }


def summary_report_data(*, city_id=None, period_start=None, period_end=None, include_demo: bool = False) -> dict:
    """One row per programme of the city (every programme without a city) for the summary its Sở issues."""
    programs = Program.objects.select_related("city").order_by("city__name", "period_start", "title")
    city = None
    if city_id is not None:
        city = City.objects.get(pk=city_id)
        programs = programs.filter(city=city)
    programs = list(programs)
    standings = _standings(programs, period_start, period_end, include_demo)
    rows, has_demo = [], False
    for program in programs:
        standing = standings[program.id]
        _, participation = _enterprises(program, period_start, period_end, include_demo)
        recognitions = _recognitions(program, period_start, period_end, include_demo)
        _, demo_tasks = _tasks(program, period_start, period_end, include_demo) if include_demo else ([], False)
        has_demo = has_demo or demo_tasks or participation["has_demo"] or recognitions["has_demo"]
        recognitions = {k: v for k, v in recognitions.items() if k != "items"}
        rows.append(
            {
                "program": _program_header(program, standing),
                "group_summary": _group_summary(standing),
                "indicators_with_target": standing.with_target_count,
                "indicators_met": standing.met_count,
                "indicator_total": len(standing.indicators),
                "participation": participation,
                "recognitions": recognitions,
            }
        )
    if city is None and programs:
        city = programs[0].city
    return {
        "kind": Report.Kind.SUMMARY,
        "period": {"start": period_start, "end": period_end},
        "include_demo": include_demo,
        "has_demo": bool(has_demo),
        "city": {"id": city.id, "name": city.name} if city else None,
        "issuer": _issuer(city) if city else None,
        "programs": rows,
    }


def report_data(
    *,
    kind: str,
    program_id: int | None = None,
    city_id: int | None = None,
    period_start=None,
    period_end=None,
    include_demo: bool = False,
) -> dict:
    if kind == Report.Kind.SUMMARY:
        return summary_report_data(
            city_id=city_id, period_start=period_start, period_end=period_end, include_demo=include_demo
        )
    return program_report_data(
        program_id=program_id, kind=kind, period_start=period_start, period_end=period_end, include_demo=include_demo
    )
