"""Data stamps: the same report request on unchanged data is answered without reading the data again, and any
write to what a report shows, from wherever it comes, makes the fingerprint decide again; a write to another
programme, or one rolled back, leaves the stamp valid."""

import datetime
import re
import threading

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from enterprises.models import Enterprise
from products.models import Recognition
from programs.changes import TRIGGER
from programs.metrics import metric_choices
from programs.models import IssuingBody, Signer, Task, TaskUpdate
from reports.datastamp import current_data_stamp, data_unchanged_since
from reports.models import Report
from reports.selectors import report_data
from reports.services import Period, report_render, report_request
from tests.factories import IndicatorFactory
from tests.reports.conftest import build_program

pytestmark = pytest.mark.django_db(transaction=True)


def _request(program):
    return report_request(user=None, kind=Report.Kind.MIDTERM, program=program, enqueue=False)


def _rendered(program) -> Report:
    report, created = _request(program)
    assert created
    report_render(report_id=report.id)
    report.refresh_from_db()
    assert report.status == Report.Status.DONE and report.data_stamp
    return report


def _tables_read(sql_list) -> set[str]:
    return {table for sql in sql_list for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', sql)}


def test_every_table_the_report_data_reads_is_watched(hcm):
    program = build_program(hcm)
    for metric, _label in metric_choices():
        IndicatorFactory(program=program, name=f"Chỉ tiêu {metric}", metric=metric)
    body = IssuingBody.objects.create(
        city=hcm, kind=IssuingBody.Kind.DEPARTMENT, code="sct-hcm", name="Sở Công Thương Thành phố Hồ Chí Minh",
        parent_name="ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", header_name="SỞ CÔNG THƯƠNG",
        place_name="Thành phố Hồ Chí Minh", abbreviation="SCT",
    )  # fmt: skip
    Signer.objects.create(body=body, full_name="Nguyễn Văn A", position="PHÓ GIÁM ĐỐC", authority="KT. GIÁM ĐỐC")
    with CaptureQueriesContext(connection) as queries:
        report_data(kind=Report.Kind.MIDTERM, program_id=program.id)
        report_data(
            kind=Report.Kind.PROGRESS,
            program_id=program.id,
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2024, 3, 31),
        )
        report_data(kind=Report.Kind.SUMMARY, program_id=None)
        report_data(kind=Report.Kind.SUMMARY, city_id=hcm.id, include_demo=True)
        report_data(kind=Report.Kind.PROGRESS, program_id=program.id, include_demo=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = ANY(%s) AND t.tgenabled <> 'D' GROUP BY c.relname HAVING count(*) = 4",
            [[f"{TRIGGER}_{event}" for event in ("insert", "update", "delete", "truncate")]],
        )
        watched = {row[0] for row in cursor.fetchall()}
    read = _tables_read(q["sql"] for q in queries.captured_queries)
    assert "enterprises_enrollment" in read and "products_recognition" in read
    assert read - watched == set()


def test_unchanged_data_is_answered_from_the_stamp_without_reading_the_data(hcm, django_assert_max_num_queries):
    program = build_program(hcm)
    report = _rendered(program)
    with django_assert_max_num_queries(2), CaptureQueriesContext(connection) as queries:
        again, created = _request(program)
    assert (again.pk, created) == (report.pk, False)
    assert _tables_read(q["sql"] for q in queries.captured_queries) == {"reports_report"}


def _rename_enterprise_in_sql(program):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE enterprises_enterprise SET name = 'Công ty Đổi Tên' WHERE id = "
            "(SELECT enterprise_id FROM enterprises_enrollment WHERE program_id = %s LIMIT 1)",
            [program.id],
        )


def _add_task_update(program):
    task = program.groups.first().tasks.first()
    # A plain save, through no service: the stamp must not depend on the portal's code being used.
    TaskUpdate.objects.create(
        task=task, date=datetime.date(2024, 5, 1), status=Task.Status.IN_PROGRESS, progress=60, note="Đã ký hợp đồng"
    )


def _delete_a_recognition(program):
    Recognition.objects.filter(round__program=program).order_by("id").first().delete()


@pytest.mark.parametrize(
    "change",
    [_rename_enterprise_in_sql, _add_task_update, _delete_a_recognition],
    ids=["plain SQL", "a service-less save", "a delete"],
)
def test_any_write_to_what_the_report_shows_makes_a_new_report(hcm, change):
    program = build_program(hcm)
    report = _rendered(program)
    change(program)
    assert not data_unchanged_since(report.data_stamp)
    again, created = _request(program)
    assert created and again.fingerprint != report.fingerprint


def test_a_write_that_changes_nothing_shown_is_settled_by_the_fingerprint_then_stamped_again(hcm):
    program = build_program(hcm)
    report = _rendered(program)
    Enterprise.objects.filter(enrollments__program=program).update(website="https://vi-du.vn")
    assert not data_unchanged_since(report.data_stamp)
    again, created = _request(program)
    assert (again.pk, created) == (report.pk, False)
    again.refresh_from_db()
    assert again.data_stamp != report.data_stamp
    assert data_unchanged_since(again.data_stamp)


def test_a_write_by_the_transaction_that_took_the_stamp_is_a_change(hcm):
    program = build_program(hcm)
    with transaction.atomic():
        _add_task_update(program)  # this transaction wrote before the stamp is taken
        stamp = current_data_stamp(program.id)
        TaskUpdate.objects.filter(task__group__program=program).update(note="Sửa sau khi lấy dấu")
    assert not data_unchanged_since(stamp)
    with transaction.atomic():
        stamp = current_data_stamp(program.id)  # nothing written yet: the write below comes after the stamp
        _add_task_update(program)
    assert not data_unchanged_since(stamp)


def test_a_write_not_yet_committed_elsewhere_counts_once_it_commits(hcm):
    program = build_program(hcm)
    stamp = current_data_stamp(program.id)
    written, release = threading.Event(), threading.Event()

    def writer():
        try:
            with transaction.atomic():
                _rename_enterprise_in_sql(program)
                written.set()
                release.wait(30)
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    assert written.wait(30)
    assert data_unchanged_since(stamp)  # neither the change nor its version can be seen yet
    release.set()
    thread.join(30)
    assert not data_unchanged_since(stamp)


def test_a_stamp_of_another_database_is_never_trusted(hcm):
    program = build_program(hcm)
    identity, program_part, version = current_data_stamp(program.id).split("/")
    assert data_unchanged_since(f"{identity}/{program_part}/{version}")
    assert not data_unchanged_since(f"1{identity}/{program_part}/{version}")
    assert not data_unchanged_since("")


def test_a_write_to_another_programme_leaves_the_stamp_valid(hcm, hanoi):
    program, other = build_program(hcm), build_program(hanoi)
    report, other_report = _rendered(program), _rendered(other)
    summary = current_data_stamp(None)

    _add_task_update(other)
    _rename_enterprise_in_sql(other)

    assert data_unchanged_since(report.data_stamp)
    with CaptureQueriesContext(connection) as queries:
        again, created = _request(program)
    assert (again.pk, created) == (report.pk, False)  # answered from the stamp: its data not read again
    assert _tables_read(q["sql"] for q in queries.captured_queries) == {"reports_report"}
    # The programme written to, and the summary of every programme, are settled by the fingerprint again.
    assert not data_unchanged_since(other_report.data_stamp)
    assert not data_unchanged_since(summary)
    assert _request(other)[1]


def test_a_rolled_back_write_leaves_the_stamp_valid(hcm):
    program = build_program(hcm)
    report = _rendered(program)
    inside = []
    with pytest.raises(RuntimeError), transaction.atomic():
        _add_task_update(program)
        inside.append(current_data_stamp(program.id))
        raise RuntimeError("rolled back")
    assert data_unchanged_since(report.data_stamp)
    _add_task_update(program)  # a later write never takes the version the rolled-back one had
    assert current_data_stamp(program.id) not in (*inside, report.data_stamp)


def test_a_progress_report_of_another_period_is_not_taken_for_this_one(hcm):
    program = build_program(hcm)
    march = Period(datetime.date(2024, 3, 1), datetime.date(2024, 3, 31))
    april = Period(datetime.date(2024, 4, 1), datetime.date(2024, 4, 30))
    first, _ = report_request(user=None, kind=Report.Kind.PROGRESS, program=program, period=march, enqueue=False)
    second, created = report_request(user=None, kind=Report.Kind.PROGRESS, program=program, period=april, enqueue=False)
    assert created and second.pk != first.pk
    again, created = report_request(user=None, kind=Report.Kind.PROGRESS, program=program, period=march, enqueue=False)
    assert (again.pk, created) == (first.pk, False)
