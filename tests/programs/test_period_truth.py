"""Period truth on the seeded programmes (issue 15, "Why"): a standing as of a past date shows that date's
state, from the updates dated by then and the registry facts dated within the period; missing figures stay
missing (None: "Chưa có số liệu"), qualifiers stay with their numbers, context figures stay apart, with and
without the demo data."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.models import SupportActivity
from products.models import RecognitionRound
from programs.models import Indicator, Program, Task, TaskUpdate
from programs.seed_data import HANOI_CNHT_2021, HANOI_KEY_PRODUCTS_2022, HCM_MIDTERM_DATE, HCM_RUBBER_PLASTICS
from programs.services import task_update_record
from programs.standing import load_standing, load_standings
from tests.factories import (
    EnterpriseFactory,
    ParticipationFactory,
    ProductFactory,
    RecognitionFactory,
    SupportActivityFactory,
    TaskFactory,
    TaskGroupFactory,
)

D = datetime.date
END_2023 = D(2023, 12, 31)
Q1_2022 = {"period_start": D(2022, 1, 1), "as_of": D(2022, 3, 31)}


@pytest.fixture
def seeded(db):
    call_command("seed_programs", stdout=io.StringIO())
    return {p.slug: p for p in Program.objects.select_related("city")}


@pytest.fixture
def with_demo(seeded, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", enterprises=60, products=30, task_updates=400, seed=11, stdout=io.StringIO())
    return seeded


def _group8_task(program) -> Task:
    return Task.objects.get(group__program=program, group__order=8)


def test_hcm_groups_are_deployed_without_a_percentage(seeded):
    hcm = seeded[HCM_RUBBER_PLASTICS]
    for standing in (load_standing(hcm), load_standing(hcm, as_of=END_2023), load_standing(hcm, include_demo=False)):
        assert (standing.deployed_group_count, standing.group_count) == (9, 9)
        assert all(g.deployed and g.progress is None and g.measured_count == 0 for g in standing.groups)
        # "tiến độ chung 0 %" was invented: there is no figure.
        assert standing.progress is None and standing.measured_count == 0
    before = load_standing(hcm, as_of=HCM_MIDTERM_DATE - datetime.timedelta(days=1))
    assert before.deployed_group_count == 0
    assert [g.count(Task.Status.NOT_STARTED) for g in before.groups] == [1] * 9


def test_hcm_as_of_2023_ignores_an_update_dated_2026(seeded, cast):
    hcm = seeded[HCM_RUBBER_PLASTICS]
    task = _group8_task(hcm)
    task_update_record(
        task=task, actor=cast.staff_hcm, date=D(2026, 1, 15), status=Task.Status.DONE, progress=100, note="Xong"
    )
    now = load_standing(hcm, today=D(2026, 2, 1))
    assert now.groups[7].progress == Decimal("100.0") and now.groups[7].done_count == 1
    in_2023 = load_standing(hcm, as_of=END_2023)
    group8 = in_2023.groups[7]
    assert (group8.progress, group8.done_count, group8.deployed) == (None, 0, True)
    assert in_2023.progress is None and in_2023.done_count == 0


def test_demo_updates_are_left_out_on_request(with_demo):
    hcm = with_demo[HCM_RUBBER_PLASTICS]
    assert TaskUpdate.objects.filter(is_demo=True, task__group__program=hcm).exists()
    live = load_standing(hcm)
    real = load_standing(hcm, include_demo=False)
    # The demo timelines measure progress; the recorded facts do not.
    assert live.measured_count > 0
    assert real.progress is None and all(g.progress is None and g.deployed for g in real.groups)
    assert real.done_count == 0
    in_2023 = load_standing(hcm, as_of=END_2023, include_demo=False)
    assert in_2023.groups[7].progress is None and in_2023.groups[7].done_count == 0
    # Hanoi's tasks have no recorded update: without the demo ones, nothing has started.
    cnht = load_standing(with_demo[HANOI_CNHT_2021], include_demo=False)
    assert cnht.started_count == 0 and cnht.progress is None


def test_plan_267_q1_2022_counts_nothing_as_no_data(seeded):
    key = seeded[HANOI_KEY_PRODUCTS_2022]
    standing = load_standing(key, **Q1_2022)
    computed = [s for s in standing.indicators if s.is_computed]
    assert {s.indicator.code for s in computed} == {
        "dn-tham-gia", "san-pham-duoc-cong-nhan", "san-pham-cong-nhan-lan-dau", "dn-di-nuoc-ngoai",
        "dn-du-an-doi-moi-cong-nghe",
    }  # fmt: skip
    # No recognition, no activity: "Chưa có số liệu", neither 0 nor "Vượt".
    assert all(s.actual is None and s.attainment is None for s in standing.indicators)
    assert (standing.met_count, standing.below_count) == (0, 0)


def test_plan_267_with_demo_data_left_out_still_counts_nothing(with_demo):
    key = with_demo[HANOI_KEY_PRODUCTS_2022]
    everything = load_standing(key)
    assert any(s.actual is not None for s in everything.indicators if s.is_computed)  # demo rows count
    for options in ({"include_demo": False}, {"include_demo": False, **Q1_2022}):
        standing = load_standing(key, **options)
        assert all(s.actual is None and s.attainment is None for s in standing.indicators if s.is_computed)


def test_registry_counts_keep_to_their_window_and_count_what_they_say(seeded):
    key = seeded[HANOI_KEY_PRODUCTS_2022]
    round_ = RecognitionRound.objects.get(program=key)
    enterprise = EnterpriseFactory()
    for decided in (D(2022, 2, 10), D(2022, 11, 30)):
        RecognitionFactory(round=round_, product=ProductFactory(enterprise=enterprise), decision_date=decided)
    trip = SupportActivityFactory(program=key, kind=SupportActivity.Kind.DELEGATION, start_date=D(2022, 3, 1))
    second_trip = SupportActivityFactory(program=key, kind=SupportActivity.Kind.DELEGATION, start_date=D(2022, 9, 1))
    ParticipationFactory(activity=trip, enterprise=enterprise)
    ParticipationFactory(activity=second_trip, enterprise=enterprise)

    def actuals(**options):
        return {s.indicator.code: s.actual for s in load_standing(key, **options).indicators if s.is_computed}

    # Cumulative (the plan's year total): everything up to the period's end.
    assert actuals(**Q1_2022) == {
        "dn-tham-gia": 1, "san-pham-duoc-cong-nhan": 1, "san-pham-cong-nhan-lan-dau": 1, "dn-di-nuoc-ngoai": 1,
        "dn-du-an-doi-moi-cong-nghe": None,
    }  # fmt: skip
    # One enterprise on two trips is one enterprise ("15-20 doanh nghiệp"), not two participations.
    assert actuals(as_of=D(2022, 12, 31))["dn-di-nuoc-ngoai"] == 1
    assert actuals(as_of=D(2022, 12, 31))["san-pham-duoc-cong-nhan"] == 2
    # A period-counted indicator counts the period's facts only.
    Indicator.objects.filter(program=key, code="san-pham-duoc-cong-nhan").update(
        metric_window=Indicator.MetricWindow.PERIOD
    )
    assert actuals(period_start=D(2022, 4, 1), as_of=D(2022, 12, 31))["san-pham-duoc-cong-nhan"] == 1
    assert actuals(period_start=D(2022, 4, 1), as_of=D(2022, 6, 30))["san-pham-duoc-cong-nhan"] is None


def test_context_qualifiers_history_and_stated_count(seeded):
    hcm = load_standing(seeded[HCM_RUBBER_PLASTICS])
    assert [s.indicator.code for s in hcm.indicators] == ["iip-cao-su-nhua"]
    context = {s.indicator.code: s for s in hcm.context}
    assert context["san-pham-cnht-fdi-can-nguon-cung"].actual_display == "hơn 400 sản phẩm"
    assert context["dn-trong-nuoc-san-xuat-cnht"].actual_display == "gần 5.000 doanh nghiệp"
    assert all(s.attainment is None for s in hcm.context)
    (iip,) = hcm.indicators
    assert [(v.period_label, iip.value_display(v)) for v in iip.history] == [
        ("Năm 2022", "32,18%"),
        ("5 tháng đầu năm 2023", "12,7%"),
    ]
    # A report of 2022 shows 2022's value as the actual, not the latest one of 2023.
    in_2022 = load_standing(seeded[HCM_RUBBER_PLASTICS], period_start=D(2022, 1, 1), as_of=D(2022, 12, 31))
    assert (in_2022.indicators[0].actual_display, in_2022.indicators[0].actual_period) == ("32,18%", "Năm 2022")
    cnht = load_standing(seeded[HANOI_CNHT_2021])
    assert (cnht.stated_task_count, cnht.task_count, cnht.group_count) == (12, 10, 5)


def test_statuses_by_date(seeded):
    standings = load_standings(seeded.values(), today=D(2026, 12, 1))
    assert {standings[p.id].program.slug: standings[p.id].status for p in seeded.values()} == {
        HCM_RUBBER_PLASTICS: "active",
        HANOI_CNHT_2021: "completed",
        HANOI_KEY_PRODUCTS_2022: "completed",
    }
    assert standings[seeded[HANOI_CNHT_2021].id].status_label == "Đã kết thúc"
    # A report of the plan's own year was written while it ran.
    assert load_standing(seeded[HANOI_KEY_PRODUCTS_2022], **Q1_2022).status_label == "Đang thực hiện"


def _grow(program, n_tasks: int, n_updates: int) -> None:
    group = TaskGroupFactory(program=program, order=50, code="50")
    tasks = [TaskFactory(group=group, order=i) for i in range(n_tasks)]
    TaskUpdate.objects.bulk_create(
        TaskUpdate(
            task=tasks[i % n_tasks],
            date=D(2021, 1, 1) + datetime.timedelta(days=i),
            status=Task.Status.IN_PROGRESS,
            progress=None if i % 3 == 0 else i % 100,
            is_demo=i % 2 == 0,
        )
        for i in range(n_updates)
    )


@pytest.mark.parametrize(
    "options",
    [{}, {"as_of": END_2023}, {"include_demo": False}, {"as_of": END_2023, "period_start": D(2021, 1, 1)}],
)
def test_load_standings_runs_the_same_queries_at_two_sizes(seeded, options):
    programs = list(seeded.values())

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            load_standings(programs, **options)
        return len(queries)

    small = count()
    _grow(seeded[HCM_RUBBER_PLASTICS], n_tasks=40, n_updates=300)
    _grow(seeded[HANOI_CNHT_2021], n_tasks=20, n_updates=100)
    assert count() == small
