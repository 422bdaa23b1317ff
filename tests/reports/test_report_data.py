"""The report data's figures of standing are the dashboard's (programs/standing.py), as of the period's end."""

import datetime
from decimal import Decimal

from programs.models import Task
from programs.selectors import program_dashboard
from programs.targets import TargetKind
from reports.models import Report
from reports.selectors import program_report_data, summary_report_data
from tests.factories import IndicatorFactory, IndicatorValueFactory, ProgramFactory, TaskFactory, TaskGroupFactory
from tests.reports.conftest import record_update


def test_report_progress_is_weighted_by_task_weight_like_the_dashboard(cast, hcm):
    # Two groups, one task of weight 3 at 100 % and one of weight 1 at 0 %: 75 %. The report used to take the
    # task-count mean of the groups' rounded progress, 50 %.
    program = ProgramFactory(city=hcm)
    first = TaskGroupFactory(program=program, order=1)
    second = TaskGroupFactory(program=program, order=2)
    heavy = TaskFactory(group=first, weight=Decimal(3), progress=100, status=Task.Status.DONE)
    light = TaskFactory(group=second, weight=Decimal(1), progress=0, status=Task.Status.NOT_STARTED)
    record_update(heavy, datetime.date(2024, 1, 10), Task.Status.DONE, 100)
    record_update(light, datetime.date(2024, 1, 10), Task.Status.NOT_STARTED, 0)

    data = program_report_data(program_id=program.id, kind=Report.Kind.PROGRESS)

    assert program_dashboard(program, cast.official).progress == Decimal("75.0")
    assert data["group_summary"]["progress"] == Decimal("75.0")
    assert [g["progress"] for g in data["groups"]] == [Decimal("100.0"), Decimal("0.0")]
    assert summary_report_data()["programs"][0]["group_summary"]["progress"] == Decimal("75.0")


def test_report_actuals_are_the_values_recorded_by_the_period_end(hcm):
    program = ProgramFactory(city=hcm)
    indicator = IndicatorFactory(program=program, target_kind=TargetKind.MINIMUM, target_value=Decimal(10))
    for year, value in ((2022, 8), (2023, 12), (2024, 9)):
        IndicatorValueFactory(
            indicator=indicator, period_label=str(year), period_end=datetime.date(year, 12, 31), value=Decimal(value)
        )

    by_2023 = program_report_data(
        program_id=program.id, kind=Report.Kind.PROGRESS, period_end=datetime.date(2023, 12, 31)
    )["indicators"][0]
    latest = program_report_data(program_id=program.id, kind=Report.Kind.PROGRESS)["indicators"][0]

    assert (by_2023["actual"], by_2023["actual_period"], by_2023["attainment"]) == (12, "2023", "within")
    assert [v["label"] for v in by_2023["values"]] == ["2022", "2023"]
    assert (latest["actual"], latest["attainment"]) == (9, "below")
    summary = summary_report_data(period_end=datetime.date(2023, 12, 31))["programs"][0]
    assert (summary["indicators_met"], summary["indicators_with_target"], summary["indicator_total"]) == (1, 1, 1)
