"""The pure builders of programs/standing.py, on unsaved rows: the formulas, the rounding, unmeasured progress,
the as-of and period rules for recorded values, qualifiers, context figures and the status by date."""

import datetime
from decimal import Decimal

import pytest

from programs.models import Indicator, IndicatorValue, Program, Task, TaskGroup
from programs.standing import (
    display_progress,
    group_standing,
    indicator_standing,
    program_standing,
    program_status,
    progress_of,
    value_display,
)
from programs.targets import Attainment, TargetKind

D = Decimal
TODAY = datetime.date(2024, 6, 1)


def _group(order: int) -> TaskGroup:
    return TaskGroup(order=order, code=str(order), title=f"Nhóm {order}")


def _task(weight, progress, status=Task.Status.IN_PROGRESS, due_date=None) -> Task:
    return Task(weight=D(weight), progress=progress, status=status, due_date=due_date)


def group_standing_from_tasks(group: TaskGroup, tasks, today: datetime.date):
    """The group's standing computed from task rows in Python: what the loader's SQL sums amount to."""
    counts: dict[str, int] = {}
    for task in tasks:
        counts[task.status] = counts.get(task.status, 0) + 1
    measured = [t for t in tasks if t.progress is not None]
    return group_standing(
        group,
        weight_total=sum((D(t.weight) for t in tasks), D(0)),
        measured_weight_total=sum((D(t.weight) for t in measured), D(0)),
        weighted_sum=sum((D(t.progress) * D(t.weight) for t in measured), D(0)),
        measured_count=len(measured),
        status_counts=counts,
        overdue_count=sum(1 for t in tasks if t.is_overdue(today)),
    )


def _standing(*groups_of_tasks, indicators=()):
    groups = [group_standing_from_tasks(_group(n), tasks, TODAY) for n, tasks in enumerate(groups_of_tasks, 1)]
    return program_standing(Program(title="CT"), groups, indicators)


def test_progress_is_weighted_by_task_weight_within_a_group():
    group = group_standing_from_tasks(_group(1), [_task(3, 100, Task.Status.DONE), _task(1, 0)], TODAY)
    assert group.progress == D("75.0")
    assert (group.task_count, group.done_count, group.started_count) == (2, 1, 2)


def test_the_programme_weighs_every_task_not_every_group():
    # One task of weight 3 at 100 % in one group, one of weight 1 at 0 % in another: 75 %, not the groups' mean 50 %.
    standing = _standing([_task(3, 100, Task.Status.DONE)], [_task(1, 0, Task.Status.NOT_STARTED)])
    assert [g.progress for g in standing.groups] == [D("100.0"), D("0.0")]
    assert standing.progress == D("75.0")
    # Nor the mean over tasks of their groups' progress: three light tasks do not outweigh one heavy one.
    standing = _standing([_task("0.5", 0)] * 3, [_task("4.5", 60)])
    assert standing.progress == D("45.0")  # 270 / 6


def test_empty_groups_have_no_progress_and_do_not_pull_the_programme_down():
    # An empty group used to read 0 %: it has no figure at all ("Chưa có số liệu").
    standing = _standing([], [_task(2, 80)])
    assert standing.groups[0].progress is None and standing.groups[0].task_count == 0
    assert not standing.groups[0].deployed
    assert standing.progress == D("80.0")
    assert _standing().progress is None and _standing([]).progress is None


def test_unmeasured_tasks_are_left_out_of_progress_not_counted_as_zero():
    # Deployed without a percentage (the HCMC mid-term notice): no figure, though the group is deployed.
    deployed = _standing([_task(1, None), _task(2, None, Task.Status.DONE)])
    group = deployed.groups[0]
    assert (group.progress, group.exact_progress, group.measured_count, group.task_count) == (None, None, 0, 2)
    assert group.deployed and not group.has_progress
    assert deployed.progress is None and deployed.measured_count == 0
    # One measured task among unmeasured ones: its figure alone, not diluted by the others as zeros.
    mixed = _standing([_task(1, None), _task(3, 40)], [_task(1, None, Task.Status.NOT_STARTED)])
    assert [g.progress for g in mixed.groups] == [D("40.0"), None]
    assert mixed.progress == D("40.0") and mixed.measured_count == 1
    assert (mixed.weight_total, mixed.measured_weight_total) == (D(5), D(3))
    # A measured 0 % is a figure.
    assert _standing([_task(1, 0, Task.Status.NOT_STARTED)]).progress == D("0.0")


def test_rounding_is_for_display_only():
    # Group 1 is at 1/20 = 0.05 %, shown 0.1 %; group 2 at 0 %. The programme is at 1/21 = 0.048 %, shown 0.0 %:
    # weighting the groups' shown figures instead would give (0.1 × 20 + 0 × 1) / 21 = 0.095, shown 0.1 %.
    standing = _standing([_task(1, 1), _task(19, 0)], [_task(1, 0)])
    assert [g.progress for g in standing.groups] == [D("0.1"), D("0.0")]
    assert standing.exact_progress == D(1) / D(21) and standing.progress == D("0.0")
    assert progress_of(D(2), D(3)) == D(2) / D(3)
    assert display_progress(D("66.65")) == D("66.7") and display_progress(D("66.64999")) == D("66.6")


def test_deployed_and_overdue():
    late = _task(1, 50, Task.Status.IN_PROGRESS, due_date=datetime.date(2024, 1, 1))
    done_late = _task(1, 100, Task.Status.DONE, due_date=datetime.date(2024, 1, 1))
    waiting = _task(1, 0, Task.Status.NOT_STARTED, due_date=datetime.date(2025, 1, 1))
    standing = _standing([late, done_late], [late, waiting])
    assert [g.deployed for g in standing.groups] == [True, False]
    assert [g.overdue_count for g in standing.groups] == [1, 1]
    assert (standing.deployed_group_count, standing.overdue_count, standing.task_count) == (1, 2, 4)


def test_group_standing_from_sums_matches_the_one_from_tasks():
    tasks = [_task(3, 100, Task.Status.DONE), _task("1.5", 40), _task(1, 0, Task.Status.SUSPENDED)]
    from_tasks = group_standing_from_tasks(_group(1), tasks, TODAY)
    from_sums = group_standing(
        _group(1),
        weight_total=D("5.5"),
        measured_weight_total=D("5.5"),
        weighted_sum=D(360),
        measured_count=3,
        status_counts={"done": 1, "in_progress": 1, "suspended": 1},
    )
    assert from_sums.progress == from_tasks.progress == D("65.5")
    assert from_sums.status_counts == from_tasks.status_counts


def _indicator(kind, value=None, low=None, high=None, metric="", unit="", role=Indicator.Role.INDICATOR) -> Indicator:
    return Indicator(
        code="ct", name="Chỉ tiêu", unit=unit, target_kind=kind, target_value=value, target_low=low,
        target_high=high, metric=metric, role=role,
    )  # fmt: skip


def _value(period_end, value, label=None, qualifier="") -> IndicatorValue:
    return IndicatorValue(
        period_end=period_end, value=D(value), period_label=label or str(period_end.year), qualifier=qualifier
    )


@pytest.mark.parametrize(
    ("indicator", "actual", "attainment"),
    [
        (_indicator(TargetKind.EXACT, value=D(15)), 15, Attainment.WITHIN),
        (_indicator(TargetKind.EXACT, value=D(15)), 14, Attainment.BELOW),
        (_indicator(TargetKind.APPROXIMATE, value=D(900)), 946, Attainment.ABOVE),
        (_indicator(TargetKind.APPROXIMATE, value=D(900)), 855, Attainment.WITHIN),
        (_indicator(TargetKind.MINIMUM, value=D(11)), 11, Attainment.BELOW),
        (_indicator(TargetKind.MINIMUM, value=D(11)), "11.01", Attainment.WITHIN),
        (_indicator(TargetKind.MAXIMUM, value=D(10)), 10, Attainment.BELOW),
        (_indicator(TargetKind.MAXIMUM, value=D(10)), 9, Attainment.WITHIN),
        (_indicator(TargetKind.RANGE, low=D(20), high=D(25)), 20, Attainment.WITHIN),
        (_indicator(TargetKind.RANGE, low=D(20), high=D(25)), 25, Attainment.WITHIN),
        (_indicator(TargetKind.RANGE, low=D(20), high=D(25)), "25.5", Attainment.ABOVE),
        (_indicator(TargetKind.NONE), 32, None),
    ],
)
def test_attainment_of_the_latest_value_for_every_target_kind(indicator, actual, attainment):
    standing = indicator_standing(
        indicator, [_value(datetime.date(2023, 12, 31), actual), _value(datetime.date(2021, 12, 31), 0)]
    )
    assert standing.actual == D(actual) and standing.actual_period == "2023"
    assert standing.attainment == attainment
    assert standing.met == (attainment in (Attainment.WITHIN, Attainment.ABOVE))
    assert [v.period_end.year for v in standing.history] == [2021, 2023]


def test_actual_as_of_a_date_is_the_latest_value_recorded_for_a_period_ended_by_then():
    indicator = _indicator(TargetKind.MINIMUM, value=D(10))
    values = [
        _value(datetime.date(2022, 12, 31), 8),
        _value(datetime.date(2023, 12, 31), 12, "2023"),
        _value(datetime.date(2023, 12, 31), 13, "2023 (sửa)"),  # entered later for the same period: it wins
        _value(datetime.date(2024, 12, 31), 20),
    ]
    assert indicator_standing(indicator, values).actual == 20
    as_of_2023 = indicator_standing(indicator, values, as_of=datetime.date(2023, 12, 31))
    assert (as_of_2023.actual, as_of_2023.actual_period) == (13, "2023 (sửa)")
    assert len(as_of_2023.history) == 3 and as_of_2023.attainment == Attainment.WITHIN
    early = indicator_standing(indicator, values, as_of=datetime.date(2022, 6, 30))
    assert (early.actual, early.attainment, early.history) == (None, None, ())
    assert indicator_standing(indicator, values, as_of=datetime.date(2023, 1, 1)).actual == 8


def test_a_metric_backed_indicator_takes_the_registry_count():
    indicator = _indicator(TargetKind.MINIMUM, value=D(1), metric="enrolled_enterprises")
    standing = indicator_standing(indicator, [_value(datetime.date(2023, 12, 31), 0)], computed_value=D(3))
    assert (standing.actual, standing.actual_period, standing.attainment) == (3, "", Attainment.WITHIN)
    assert standing.is_computed and standing.metric_label
    assert indicator_standing(indicator, [], computed_value=None).actual is None


def test_met_and_below_counts():
    end = datetime.date(2023, 12, 31)
    indicators = [
        indicator_standing(_indicator(TargetKind.RANGE, low=D(1), high=D(2)), [_value(end, 1)]),  # within
        indicator_standing(_indicator(TargetKind.MINIMUM, value=D(1)), [_value(end, 5)]),  # within
        indicator_standing(_indicator(TargetKind.EXACT, value=D(1)), [_value(end, 2)]),  # above
        indicator_standing(_indicator(TargetKind.EXACT, value=D(1)), [_value(end, 0)]),  # below
        indicator_standing(_indicator(TargetKind.NONE), [_value(end, 0)]),  # no target
        indicator_standing(_indicator(TargetKind.EXACT, value=D(1)), []),  # no value
    ]
    standing = _standing(indicators=indicators)
    assert (standing.met_count, standing.below_count, standing.with_target_count) == (3, 1, 4)
    assert standing.attainment_count(Attainment.ABOVE) == 1


def test_a_period_shows_the_values_recorded_for_it_not_an_earlier_one():
    indicator = _indicator(TargetKind.MINIMUM, value=D(10))
    values = [_value(datetime.date(2021, 12, 31), 8), _value(datetime.date(2022, 6, 30), 12, "6 tháng 2022")]
    in_2022 = indicator_standing(
        indicator, values, period_start=datetime.date(2022, 1, 1), as_of=datetime.date(2022, 12, 31)
    )
    assert (in_2022.actual, in_2022.actual_period, [v.value for v in in_2022.history]) == (12, "6 tháng 2022", [12])
    # Nothing recorded for Q1/2022: no actual, no attainment, rather than 2021's 8 as Q1's result.
    q1 = indicator_standing(indicator, values, period_start=datetime.date(2022, 1, 1), as_of=datetime.date(2022, 3, 31))
    assert (q1.actual, q1.attainment, q1.history, q1.actual_display) == (None, None, (), "")


def test_qualifiers_stay_with_their_numbers():
    indicator = _indicator(TargetKind.NONE, unit="sản phẩm", role=Indicator.Role.CONTEXT)
    over = _value(datetime.date(2022, 9, 30), 400, qualifier=IndicatorValue.Qualifier.OVER)
    standing = indicator_standing(indicator, [over])
    assert (standing.actual, standing.qualifier, standing.actual_display) == (400, "over", "hơn 400 sản phẩm")
    assert standing.value_display(over) == "hơn 400 sản phẩm"
    nearly = _value(datetime.date(2022, 9, 30), 5000, qualifier=IndicatorValue.Qualifier.NEARLY)
    assert value_display(nearly, "doanh nghiệp") == "gần 5.000 doanh nghiệp"
    assert value_display(_value(datetime.date(2020, 11, 30), "-4.4"), "%") == "-4,4%"
    assert value_display(_value(datetime.date(2022, 12, 31), "32.18"), "%") == "32,18%"


def test_context_figures_are_kept_apart_from_the_programme_indicators():
    end = datetime.date(2022, 12, 31)
    own = indicator_standing(_indicator(TargetKind.NONE, unit="%"), [_value(end, "32.18")])
    context = indicator_standing(_indicator(TargetKind.NONE, role=Indicator.Role.CONTEXT), [_value(end, 155)])
    standing = _standing(indicators=[own, context])
    assert standing.indicators == (own,) and standing.context == (context,)
    assert context.is_context and not own.is_context


def test_status_follows_the_programme_period():
    plan = Program(title="KH", status=Program.Status.ACTIVE, period_start=2021, period_end=2021)
    assert program_status(plan, datetime.date(2021, 12, 31)) == Program.Status.ACTIVE
    assert program_status(plan, datetime.date(2026, 1, 1)) == Program.Status.COMPLETED
    # Stored as ended (its year is over), it was under way on a day of that year.
    ended = Program(title="KH", status=Program.Status.COMPLETED, period_start=2021, period_end=2021)
    assert program_status(ended, datetime.date(2021, 3, 31)) == Program.Status.ACTIVE
    assert program_status(ended, datetime.date(2022, 1, 1)) == Program.Status.COMPLETED
    draft = Program(title="KH", status=Program.Status.DRAFT, period_start=2021, period_end=2021)
    assert program_status(draft, datetime.date(2026, 1, 1)) == Program.Status.DRAFT
    standing = program_standing(plan, [], as_of=datetime.date(2021, 6, 30), today=datetime.date(2026, 1, 1))
    assert (standing.status, standing.status_label) == ("active", "Đang thực hiện")
    later = program_standing(plan, [], today=datetime.date(2026, 1, 1))
    assert (later.status, later.status_label) == ("completed", "Đã kết thúc")
    assert later.stated_task_count is None
    plan.stated_task_count = 12
    assert later.stated_task_count == 12
