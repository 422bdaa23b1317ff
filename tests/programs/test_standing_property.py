"""Property: for any programme, the dashboard page, the open-data API and the report data show the same standing.

Generated programmes: up to four groups (some empty) of up to five tasks with weights from 0.25 to 3, any
progress (or none measured) and status; up to five indicators with an exact, approximate, minimum, maximum, range or no target and
up to three recorded values (several for one period, some periods in the future), and sometimes one indicator
counted from the registry (enrolled enterprises). For each, the figures are read from the dashboard's HTML,
from the API's JSON and from the data the PDF report is built from (with no period end, so every recorded
value counts), and checked against each other and against a computation written out here from the generated
rows, independently of programs/standing.py.
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.numbers import format_number
from programs.models import Task, TaskUpdate
from programs.targets import TargetKind
from programs.task_state import task_states_sync
from reports.selectors import program_report_data
from tests.factories import (
    EnrollmentFactory,
    EnterpriseFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    ProgramFactory,
    TaskFactory,
    TaskGroupFactory,
)

D = Decimal
ONE_DECIMAL = D("0.1")

tasks = st.tuples(
    st.sampled_from([D("0.25"), D("0.5"), D(1), D("1.5"), D(2), D(3)]),
    st.one_of(st.none(), st.integers(min_value=0, max_value=100)),
    st.sampled_from(Task.Status.values),
)
figures = st.decimals(min_value=-50, max_value=5000, places=2, allow_nan=False, allow_infinity=False).map(
    lambda d: d + 0  # no negative zero: the database has none
)
targets = st.one_of(
    st.tuples(st.sampled_from([TargetKind.EXACT, TargetKind.APPROXIMATE, TargetKind.MINIMUM, TargetKind.MAXIMUM]),
              figures, st.none(), st.none()),
    st.tuples(st.just(TargetKind.RANGE), st.none(), figures, figures).map(
        lambda t: (t[0], None, min(t[2], t[3]), max(t[2], t[3]))
    ),
    st.just((TargetKind.NONE, None, None, None)),
)  # fmt: skip
values = st.lists(
    st.tuples(st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2030, 12, 31)), figures),
    max_size=3,
)
indicators = st.lists(st.tuples(targets, values, st.sampled_from(["", "%", "doanh nghiệp"])), max_size=5)
programmes = st.fixed_dictionaries(
    {
        "groups": st.lists(st.lists(tasks, max_size=5), max_size=4),
        "indicators": indicators,
        # None: no registry-counted indicator; else its target and how many enterprises are enrolled.
        "metric": st.one_of(st.none(), st.tuples(targets, st.integers(min_value=0, max_value=2))),
    }
)


# --- What the figures must be, computed here from the generated rows -----------------------------------------


def _half_up(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def _weighted(task_rows) -> Decimal | None:
    """Weighted over the tasks with a measured progress; None when none has one (never 0)."""
    measured = [(w, p) for w, p, _ in task_rows if p is not None]
    weight = sum((w for w, _ in measured), D(0))
    return _half_up(sum((w * p for w, p in measured), D(0)) / weight) if weight else None


def _attainment(target, actual) -> str | None:
    kind, value, low, high = target
    if actual is None or kind == TargetKind.NONE:
        return None
    if kind == TargetKind.MINIMUM:
        return "within" if actual > value else "below"
    if kind == TargetKind.MAXIMUM:
        return "within" if actual < value else "below"
    if kind == TargetKind.APPROXIMATE:
        low, high = value - abs(value) * D("0.05"), value + abs(value) * D("0.05")
    elif kind == TargetKind.EXACT:
        low = high = value
    return "below" if actual < low else "above" if actual > high else "within"


def _latest(value_rows):
    """The value of the latest period; of several for one period, the one entered last."""
    if not value_rows:
        return None
    latest_end = max(end for end, _ in value_rows)
    return [v for end, v in value_rows if end == latest_end][-1]


# --- Building the programme and reading the three views of it -----------------------------------------------


def _build(hcm, spec):
    program = ProgramFactory(city=hcm)
    for order, task_rows in enumerate(spec["groups"], 1):
        group = TaskGroupFactory(program=program, order=order, code=str(order))
        for weight, progress, status in task_rows:
            # The state comes from a recorded update, as every write gives it (task_state), so that the live
            # rows (the page, the API) and the updates (the report, which reads the state from them) agree.
            task = TaskFactory(group=group, weight=weight)
            TaskUpdate.objects.create(task=task, date=datetime.date(2022, 1, 1), status=status, progress=progress)
    task_states_sync(task_ids=list(Task.objects.filter(group__program=program).values_list("id", flat=True)))
    expected_indicators = {}
    for order, (target, value_rows, unit) in enumerate(spec["indicators"], 1):
        kind, value, low, high = target
        indicator = IndicatorFactory(
            program=program, order=order, code=f"ct-{order}", unit=unit, target_kind=kind, target_value=value,
            target_low=low, target_high=high,
        )  # fmt: skip
        for n, (end, figure) in enumerate(value_rows):
            IndicatorValueFactory(indicator=indicator, period_end=end, value=figure, period_label=f"Kỳ {n}")
        expected_indicators[indicator.code] = (target, _latest(value_rows), unit)
    if spec["metric"] is not None:
        target, enrolled = spec["metric"]
        kind, value, low, high = target
        indicator = IndicatorFactory(
            program=program, order=99, code="dn-tham-gia", unit="", target_kind=kind, target_value=value,
            target_low=low, target_high=high, metric="enrolled_enterprises",
        )  # fmt: skip
        for _ in range(enrolled):
            EnrollmentFactory(program=program, enterprise=EnterpriseFactory())
        # Nothing enrolled: no actual ("Chưa có số liệu"), not 0.
        expected_indicators[indicator.code] = (target, D(enrolled) if enrolled else None, "")
    return program, expected_indicators


def _page_figures(html: str) -> dict:
    measured = re.search(
        r'<span class="stat-value">([^<]*)</span><span class="stat-label">tiến độ chung \(có trọng số\)', html
    )
    if measured:
        overall = measured.group(1)
    else:
        assert re.search(r'stat-value no-data">Chưa có số liệu</span><span class="stat-label">tiến độ chung<', html)
        overall = None
    # Each group's card, up to the next one: a bar with its figure, or none when nothing is measured.
    groups = {}
    for order, card in re.findall(r'id="group-(\d+)">(.*?)(?=id="group-\d+">|$)', html, re.S):
        bar = re.search(r'<progress max="100" value="([^"]*)"', card)
        groups[int(order)] = bar.group(1) if bar else None
    indicators = {}
    for code, row in re.findall(r'<tr id="indicator-([^"]+)">(.*?)</tr>', html, re.S):
        actual = re.search(r'<td class="number actual">(.*?)(?:<br>|<span class="muted">)', row, re.S).group(1)
        badge = re.search(r'class="badge badge-(below|within|above)"', row)
        indicators[code] = (actual.strip(), badge.group(1) if badge else None)
    return {"progress": overall, "groups": groups, "indicators": indicators}


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else D(text)


def _shown(actual: Decimal | None, unit: str) -> str:
    """A figure the way the page writes it (programs/standing.py IndicatorStanding.actual_display)."""
    if actual is None:
        return ""
    number = format_number(actual)
    return number if not unit else f"{number}{unit}" if unit == "%" else f"{number} {unit}"


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(spec=programmes)
def test_page_api_and_report_show_the_same_standing(cast, hcm, login, spec):
    client = login(cast.official)
    with transaction.atomic():
        program, expected_indicators = _build(hcm, spec)
        response = client.get(reverse("programs:dashboard", args=[program.slug]))
        assert response.status_code == 200
        page = _page_figures(response.content.decode())
        api_program = client.get(f"/api/v1/programs/{program.slug}/", HTTP_ACCEPT="application/json").json()
        api_groups = client.get("/api/v1/task-groups/", {"program": program.slug}).json()["results"]
        api_indicators = client.get("/api/v1/indicators/", {"program": program.slug}).json()["results"]
        report = program_report_data(program_id=program.id, kind="progress")
        transaction.set_rollback(True)

    # Progress of the programme: weighted over all its tasks, whatever group they are in.
    expected = _weighted([t for group in spec["groups"] for t in group])
    assert _decimal(api_program["progress"]) == report["group_summary"]["progress"] == expected
    assert page["progress"] == (None if expected is None else f"{format_number(expected)}%")
    assert api_program["task_count"] == report["group_summary"]["task_total"] == sum(map(len, spec["groups"]))

    # Progress of each group.
    assert [_decimal(g["progress"]) for g in api_groups] == [g["progress"] for g in report["groups"]]
    assert [g["progress"] for g in report["groups"]] == [_weighted(group) for group in spec["groups"]]
    assert [_decimal(page["groups"][n]) for n in range(1, len(spec["groups"]) + 1)] == [
        _weighted(group) for group in spec["groups"]
    ]

    # Actual and attainment of each indicator.
    api_by_code = {i["code"]: i for i in api_indicators}
    report_by_name = {i["name"]: i for i in report["indicators"]}
    assert set(api_by_code) == set(page["indicators"]) == set(expected_indicators)
    for code, (target, actual, unit) in expected_indicators.items():
        api = api_by_code[code]
        in_report = report_by_name[api["name"]]
        api_actual = None if api["actual"] is None else D(api["actual"])
        assert api_actual == in_report["actual"] == actual
        assert page["indicators"][code][0] == _shown(actual, unit)
        attainment = _attainment(target, actual)
        assert api["attainment"] == (in_report["attainment"] or None) == page["indicators"][code][1] == attainment
