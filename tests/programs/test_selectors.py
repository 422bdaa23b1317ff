import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from programs.selectors import program_dashboard, workspace_overview
from programs.services import task_update_record
from programs.targets import Attainment, TargetKind
from tests.factories import (
    EnrollmentFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    ParticipationFactory,
    ProductFactory,
    RecognitionFactory,
    RecognitionRoundFactory,
    SupportActivityFactory,
    TaskFactory,
)

D = Decimal
TODAY = datetime.date(2023, 6, 1)


def set_state(task, actor, status, progress):
    task_update_record(task=task, actor=actor, date=datetime.date(2023, 1, 1), status=status, progress=progress)


def test_group_progress_is_weighted_by_task_weights(cast, hcm_program, hcm_task):
    # Weights 3 and 1: 100% on the heavy task and 0% on the light one is 75%, not the plain mean 50%.
    set_state(hcm_task, cast.staff_hcm, "done", 100)
    dashboard = program_dashboard(hcm_program, cast.staff_hcm, today=TODAY)
    first, second = dashboard.groups
    assert first.progress == D("75.0")
    assert first.task_count == 2
    assert {c.status: c.count for c in first.status_counts} == {
        "not_started": 1,
        "in_progress": 0,
        "done": 1,
        "suspended": 0,
    }
    # A group without tasks has no measured progress: None ("Chưa có số liệu"), not 0.
    assert second.progress is None and second.task_count == 0
    assert dashboard.progress == D("75.0")


def test_rollup_with_fractional_weights_and_partial_progress(cast, hcm_program):
    group = hcm_program.groups.get(order=2)
    light = TaskFactory(group=group, weight=D("0.5"))
    heavy = TaskFactory(group=group, weight=D("2.5"))
    set_state(light, cast.staff_hcm, "in_progress", 40)
    set_state(heavy, cast.staff_hcm, "in_progress", 70)
    dashboard = program_dashboard(hcm_program, cast.staff_hcm, today=TODAY)
    # (40 × 0,5 + 70 × 2,5) / 3 = 65
    assert dashboard.groups[1].progress == D("65.0")
    assert dashboard.groups[1].deployed
    assert not dashboard.groups[0].deployed


def test_overdue_tasks_are_listed_under_their_group(cast, hcm_program):
    dashboard = program_dashboard(hcm_program, cast.staff_hcm, today=TODAY)
    assert [t.title for t in dashboard.groups[0].overdue_tasks] == ["Khảo sát nhu cầu nhân lực"]
    assert dashboard.overdue_count == 1
    # A finished task is never late, whatever its due date.
    late = dashboard.groups[0].overdue_tasks[0]
    set_state(late, cast.staff_hcm, "done", 100)
    assert program_dashboard(hcm_program, cast.staff_hcm, today=TODAY).overdue_count == 0


@pytest.mark.parametrize(
    ("kind", "target", "actual", "written", "attainment"),
    [
        (TargetKind.RANGE, {"target_low": D(20), "target_high": D(25)}, D(22), "20–25", Attainment.WITHIN),
        (TargetKind.RANGE, {"target_low": D(20), "target_high": D(25)}, D(18), "20–25", Attainment.BELOW),
        (TargetKind.RANGE, {"target_low": D(20), "target_high": D(25)}, D(27), "20–25", Attainment.ABOVE),
        (TargetKind.APPROXIMATE, {"target_value": D(900)}, D(870), "khoảng 900", Attainment.WITHIN),
        (TargetKind.APPROXIMATE, {"target_value": D(900)}, D(700), "khoảng 900", Attainment.BELOW),
        (TargetKind.MINIMUM, {"target_value": D(11)}, D("12.5"), "trên 11", Attainment.WITHIN),
        (TargetKind.MINIMUM, {"target_value": D(11)}, D(11), "trên 11", Attainment.BELOW),
        (TargetKind.MAXIMUM, {"target_value": D(5)}, D(3), "dưới 5", Attainment.WITHIN),
        (TargetKind.EXACT, {"target_value": D(100)}, D(100), "100", Attainment.WITHIN),
        (TargetKind.NONE, {}, D("32.18"), "Không đặt mục tiêu", None),
    ],
)
def test_indicator_attainment_for_each_target_kind(cast, hcm_program, kind, target, actual, written, attainment):
    fields = {"target_low": None, "target_high": None, "target_value": None} | target
    indicator = IndicatorFactory(program=hcm_program, code="muc-tieu", unit="", target_kind=kind, **fields)
    IndicatorValueFactory(indicator=indicator, period_label="2021", period_end=datetime.date(2021, 12, 31), value=D(1))
    IndicatorValueFactory(
        indicator=indicator, period_label="2022", period_end=datetime.date(2022, 12, 31), value=actual
    )
    standing = next(s for s in program_dashboard(hcm_program, cast.staff_hcm).indicators if s.indicator == indicator)
    with translation.override("vi"):
        assert standing.indicator.target_display() == written
    assert standing.actual == actual and standing.actual_period == "2022"
    assert standing.attainment == attainment
    assert len(standing.chart.points) == 2


def test_values_shown_the_vietnamese_way(cast, hcm_program):
    indicator = hcm_program.indicators.get(code="iip")
    IndicatorValueFactory(indicator=indicator, period_label="Năm 2022", value=D("32.18"))
    with translation.override("vi"):
        standing = program_dashboard(hcm_program, cast.staff_hcm).indicators[0]
        assert standing.actual_display == "32,18%"
    with translation.override("en"):
        assert standing.actual_display == "32.18%"


def test_computed_indicators_match_registry_counts(cast, hcm_program, hanoi_program):
    enrolled = IndicatorFactory(program=hcm_program, code="dn", metric="enrolled_enterprises")
    joined = IndicatorFactory(program=hcm_program, code="luot", metric="participations")
    recognised = IndicatorFactory(program=hcm_program, code="sp", metric="recognised_products")
    first = IndicatorFactory(program=hcm_program, code="lan-dau", metric="first_time_recognitions")
    for enterprise in (cast.enterprise_a, cast.enterprise_b):
        EnrollmentFactory(program=hcm_program, enterprise=enterprise)
    EnrollmentFactory(program=hanoi_program, enterprise=cast.enterprise_a)  # another program: not counted
    fair = SupportActivityFactory(program=hcm_program)
    training = SupportActivityFactory(program=hcm_program)
    for activity in (fair, training):
        ParticipationFactory(activity=activity, enterprise=cast.enterprise_a)
    ParticipationFactory(activity=training, enterprise=cast.enterprise_b)
    round_2022 = RecognitionRoundFactory(program=hcm_program, year=2022)
    RecognitionFactory(round=round_2022, product=ProductFactory(enterprise=cast.enterprise_a), is_first_time=True)
    RecognitionFactory(round=round_2022, product=ProductFactory(enterprise=cast.enterprise_b), is_first_time=False)
    RecognitionFactory(round=round_2022, product=ProductFactory(enterprise=cast.enterprise_b), is_first_time=True)

    by_indicator = {s.indicator: s for s in program_dashboard(hcm_program, cast.staff_hcm).indicators}
    assert by_indicator[enrolled].actual == 2
    assert by_indicator[joined].actual == 3
    assert by_indicator[recognised].actual == 3
    assert by_indicator[first].actual == 2
    assert all(by_indicator[i].is_computed and by_indicator[i].metric_label for i in (enrolled, joined))
    assert by_indicator[enrolled].attainment == Attainment.BELOW  # 2 against 20–25


def test_overview_puts_cities_side_by_side(cast, hcm_program, hanoi_program):
    columns = workspace_overview(today=TODAY)
    assert [c.city.name for c in columns] == ["Hà Nội", "TP Hồ Chí Minh"]
    hanoi_card = columns[0].cards[0]
    assert hanoi_card.overview.program == hanoi_program
    assert hanoi_card.met_count == 1  # 870 is within "khoảng 900"
    assert columns[1].cards[0].overdue_count == 1
