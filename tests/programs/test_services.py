import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from programs.models import IndicatorValue, Task, TaskUpdate
from programs.selectors import task_audit_trail, task_timeline
from programs.services import indicator_value_record, task_update_record
from programs.task_state import task_states_sync
from tests.factories import IndicatorFactory, TaskFactory

D = datetime.date
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\n%%EOF\n"


def record(task, actor, date, status="in_progress", progress=50, **extra):
    return task_update_record(task=task, actor=actor, date=date, status=status, progress=progress, **extra)


def test_task_follows_its_latest_update(cast, hcm_task):
    record(hcm_task, cast.staff_hcm, D(2022, 3, 1), progress=20)
    record(hcm_task, cast.staff_hcm, D(2022, 9, 1), progress=60, note="Đã mở 2 lớp")
    hcm_task.refresh_from_db()
    assert (hcm_task.status, hcm_task.progress, hcm_task.last_update_on) == ("in_progress", 60, D(2022, 9, 1))


def test_backdated_update_joins_the_timeline_without_overwriting_the_state(cast, hcm_task):
    record(hcm_task, cast.staff_hcm, D(2023, 5, 1), status="done", progress=100)
    record(hcm_task, cast.staff_hcm, D(2022, 1, 10), progress=10, note="Bổ sung cập nhật cũ")
    hcm_task.refresh_from_db()
    assert (hcm_task.status, hcm_task.progress, hcm_task.last_update_on) == ("done", 100, D(2023, 5, 1))
    timeline = task_timeline(hcm_task)
    assert [e.update.date for e in timeline] == [D(2023, 5, 1), D(2022, 1, 10)]
    newest = timeline[0]
    assert newest.status_changed and newest.progress_delta == 90
    assert str(newest.previous_status_label) == "Đang triển khai"


def test_same_day_update_posted_later_wins(cast, hcm_task):
    record(hcm_task, cast.staff_hcm, D(2023, 5, 1), progress=40)
    record(hcm_task, cast.staff_hcm, D(2023, 5, 1), progress=45)
    hcm_task.refresh_from_db()
    assert hcm_task.progress == 45


def test_update_records_author_and_audit_actor(cast, hcm_task):
    update = record(hcm_task, cast.staff_hcm, D(2023, 1, 15), progress=30)
    assert update.author == cast.staff_hcm
    assert update.history.get().history_user == cast.staff_hcm
    latest = hcm_task.history.order_by("-history_date").first()
    assert latest.history_user == cast.staff_hcm
    assert latest.progress == 30
    trail = task_audit_trail(hcm_task)
    assert trail[0].actor == cast.staff_hcm.get_full_name() or cast.staff_hcm.username
    assert any("30" in change for change in trail[0].changes)


def test_update_stores_validated_evidence_under_a_generated_name(cast, hcm_task):
    evidence = SimpleUploadedFile("Biên bản nghiệm thu.pdf", PDF)
    update = record(hcm_task, cast.staff_hcm, D(2023, 2, 1), evidence=evidence)
    assert update.evidence_name == "Biên bản nghiệm thu.pdf"
    assert update.evidence_content_type == "application/pdf"
    assert update.evidence.name.startswith("evidence/")
    assert "Biên" not in update.evidence.name
    with update.evidence.open("rb") as stored:
        assert stored.read() == PDF


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"status": "done", "progress": 80}, "progress"),
        ({"status": "not_started", "progress": 10}, "progress"),
        ({"status": "in_progress", "progress": 101}, "progress"),
        ({"status": "bogus", "progress": 10}, "status"),
        ({"date": D(2999, 1, 1)}, "date"),
        ({"evidence": SimpleUploadedFile("trang.pdf", b"<html><body>x</body></html>")}, "evidence"),
    ],
)
def test_bad_update_changes_nothing(cast, hcm_task, kwargs, field):
    arguments = {"date": D(2023, 1, 1), "status": "in_progress", "progress": 50} | kwargs
    with pytest.raises(ValidationError) as caught:
        task_update_record(task=hcm_task, actor=cast.staff_hcm, **arguments)
    assert field in caught.value.message_dict
    assert not TaskUpdate.objects.exists()
    hcm_task.refresh_from_db()
    assert (hcm_task.status, hcm_task.progress) == (Task.Status.NOT_STARTED, 0)


@pytest.mark.parametrize("actor_name", ["staff_hanoi", "official", "enterprise_a_user"])
def test_only_staff_of_the_city_may_update(cast, hcm_task, actor_name):
    with pytest.raises(PermissionDenied):
        record(hcm_task, getattr(cast, actor_name), D(2023, 1, 1))
    assert not TaskUpdate.objects.exists()


def test_admin_may_update_any_city(cast, hanoi_task):
    record(hanoi_task, cast.admin, D(2023, 1, 1), progress=5)
    hanoi_task.refresh_from_db()
    assert hanoi_task.progress == 5


def test_indicator_value_is_recorded_with_source_and_actor(cast, hanoi_program):
    indicator = hanoi_program.indicators.get()
    value = indicator_value_record(
        indicator=indicator,
        actor=cast.staff_hanoi,
        period_label="Năm 2022",
        period_end=D(2022, 12, 31),
        value=Decimal("905"),
        source="Báo cáo Sở Công Thương Hà Nội",
    )
    assert value.recorded_by == cast.staff_hanoi
    assert value.history.get().history_user == cast.staff_hanoi


def test_indicator_value_rejects_duplicate_period_missing_source_and_other_city(cast, hanoi_program):
    indicator = hanoi_program.indicators.get()
    base = {"indicator": indicator, "period_end": D(2021, 12, 31), "value": Decimal(1), "source": "Sở"}
    with pytest.raises(ValidationError) as caught:
        indicator_value_record(actor=cast.staff_hanoi, period_label="Năm 2021", **base)
    assert "đã có số liệu" in caught.value.message_dict["period_label"][0]
    with pytest.raises(ValidationError) as caught:
        indicator_value_record(actor=cast.staff_hanoi, period_label="Năm 2023", **base | {"source": "  "})
    assert "source" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        indicator_value_record(actor=cast.staff_hcm, period_label="Năm 2023", **base)
    assert IndicatorValue.objects.filter(indicator=indicator).count() == 1


def test_computed_indicator_refuses_manual_values(cast, hcm_program):
    indicator = IndicatorFactory(program=hcm_program, code="dn-tham-gia", metric="enrolled_enterprises")
    with pytest.raises(ValidationError) as caught:
        indicator_value_record(
            indicator=indicator,
            actor=cast.staff_hcm,
            period_label="2022",
            period_end=D(2022, 12, 31),
            value=Decimal(3),
            source="Nhập tay",
        )
    assert "tự động" in caught.value.messages[0]
    assert not indicator.values.exists()


def test_an_update_may_give_its_status_without_a_measured_progress(cast, hcm_task):
    record(hcm_task, cast.staff_hcm, D(2022, 3, 1), progress=40)
    update = record(hcm_task, cast.staff_hcm, D(2022, 9, 1), progress=None, note="Đã triển khai")
    assert update.progress is None
    hcm_task.refresh_from_db()
    # The latest update gives no figure: the task has none either, not the earlier 40 % nor 0.
    assert (hcm_task.status, hcm_task.progress, hcm_task.last_update_on) == ("in_progress", None, D(2022, 9, 1))


@pytest.mark.parametrize("status", ["done", "not_started", "suspended"])
def test_every_status_may_be_reported_without_a_figure(cast, hcm_task, status):
    # The sources report tasks as done without a percentage too; done does not make up 100 %.
    record(hcm_task, cast.staff_hcm, D(2023, 1, 1), status=status, progress=None)
    hcm_task.refresh_from_db()
    assert (hcm_task.status, hcm_task.progress) == (status, None)


@pytest.mark.parametrize("progress", [-1, 101])
def test_a_figure_out_of_range_is_refused_in_vietnamese(cast, hcm_task, progress):
    with pytest.raises(ValidationError) as caught:
        record(hcm_task, cast.staff_hcm, D(2023, 1, 1), progress=progress)
    assert caught.value.message_dict["progress"] == ["Tiến độ phải từ 0 đến 100%."]
    assert not TaskUpdate.objects.exists()


def test_task_states_sync_copies_an_unmeasured_progress_and_resets_a_task_without_updates(cast, hcm_program):
    measured, unmeasured, untouched = [TaskFactory(group=hcm_program.groups.get(order=2)) for _ in range(3)]
    Task.objects.filter(pk=untouched.pk).update(status=Task.Status.IN_PROGRESS, progress=30)
    TaskUpdate.objects.create(task=measured, date=D(2022, 1, 1), status="in_progress", progress=20)
    TaskUpdate.objects.create(task=unmeasured, date=D(2022, 1, 1), status="in_progress", progress=20)
    TaskUpdate.objects.create(task=unmeasured, date=D(2022, 6, 1), status="in_progress", progress=None)
    task_states_sync(task_ids=[measured.pk, unmeasured.pk, untouched.pk])
    states = dict(Task.objects.filter(pk__in=[measured.pk, unmeasured.pk, untouched.pk]).values_list("pk", "progress"))
    assert states == {measured.pk: 20, unmeasured.pk: None, untouched.pk: None}
    untouched.refresh_from_db()
    assert (untouched.status, untouched.last_update_on) == (Task.Status.NOT_STARTED, None)
