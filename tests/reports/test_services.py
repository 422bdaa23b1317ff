"""Report services without a worker: requests, reuse, claims, failures, retries, the sweeper, schedules."""

import datetime
from io import StringIO
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from pypdf import PdfReader

from reports import services
from reports.models import Report
from reports.periods import parse_period
from reports.services import Period, report_render, report_request, report_retry, report_sweep
from tests.factories import TaskFactory

pytestmark = pytest.mark.django_db


def _request(program, user=None, **kwargs):
    kwargs.setdefault("kind", Report.Kind.MIDTERM)
    return report_request(user=user, program=program, enqueue=False, **kwargs)


def test_request_creates_a_pending_row_and_enqueues_after_commit(
    report_program, cast, django_capture_on_commit_callbacks
):
    with mock.patch("reports.services.report_enqueue") as enqueue, django_capture_on_commit_callbacks(execute=True):
        report, created = report_request(user=cast.official, kind=Report.Kind.MIDTERM, program=report_program)
    assert created
    assert report.status == Report.Status.PENDING
    assert report.requested_by == cast.official
    assert len(report.fingerprint) == 64
    enqueue.assert_called_once_with(report_id=report.id)


def test_render_stores_one_file_and_provenance(report_program, cast):
    report, _ = _request(report_program, cast.official)
    assert report_render(report_id=report.id, worker="test:1") is True
    report.refresh_from_db()
    assert report.status == Report.Status.DONE
    assert report.progress == 100
    assert report.template_version
    assert report.file.name == f"reports/{report.public_id.hex}.pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(report.file.path).pages).split())
    assert "3/3 nhóm nhiệm vụ đã triển khai" in text
    assert "32,18%" in text
    assert "1.234 doanh nghiệp" in text
    assert "công nhận lần đầu 1, công nhận lại 1" in text
    # Who asked, and the provenance, are in the PDF's metadata, not in its body.
    assert "lanhdao" not in text
    metadata = PdfReader(report.file.path).metadata
    assert "lanhdao" in metadata["/PortalRequestedBy"]
    assert metadata["/PortalFingerprint"] == report.fingerprint
    assert metadata["/PortalTemplateVersion"] == report.template_version
    assert metadata["/PortalDataVersion"] == report.data_stamp


def test_a_second_delivery_does_nothing(report_program):
    report, _ = _request(report_program)
    assert report_render(report_id=report.id) is True
    assert report_render(report_id=report.id) is False
    report.refresh_from_db()
    assert report.attempts == 1


def test_unchanged_data_reuses_the_finished_report(report_program, cast):
    report, _ = _request(report_program, cast.official)
    report_render(report_id=report.id)
    again, created = _request(report_program, cast.staff_hcm)
    assert (again.pk, created) == (report.pk, False)


def test_changed_data_makes_a_new_report(report_program):
    report, _ = _request(report_program)
    report_render(report_id=report.id)
    TaskFactory(group=report_program.groups.first(), title="Nhiệm vụ bổ sung")
    again, created = _request(report_program)
    assert created and again.pk != report.pk
    assert again.fingerprint != report.fingerprint


def test_a_pending_request_is_reused_while_on_its_way(report_program):
    first, _ = _request(report_program)
    second, created = _request(report_program)
    assert (second.pk, created) == (first.pk, False)


def test_failure_is_recorded_readably_and_can_be_retried(report_program, cast, django_capture_on_commit_callbacks):
    report, _ = _request(report_program, cast.official)
    with mock.patch("reports.services.render_report_pdf", side_effect=RuntimeError("boom")):
        report_render(report_id=report.id)
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "Không tạo được tệp PDF" in report.error
    with django_capture_on_commit_callbacks(execute=True):
        report_retry(user=cast.official, report=report)
    report.refresh_from_db()
    assert report.status == Report.Status.DONE  # eager Celery in this test: re-rendered at once
    assert report.attempts == 2


def test_only_workspace_readers_request_or_retry_reports(report_program, cast):
    with pytest.raises(PermissionDenied):
        _request(report_program, cast.enterprise_a_user)
    report, _ = _request(report_program, cast.official)
    failed = Report.objects.filter(pk=report.pk)
    failed.update(status=Report.Status.FAILED)
    with pytest.raises(PermissionDenied):
        report_retry(user=cast.enterprise_a_user, report=report)
    assert failed.get().status == Report.Status.FAILED


def test_only_failed_reports_can_be_retried(report_program, cast):
    report, _ = _request(report_program)
    with pytest.raises(ValidationError):
        report_retry(user=cast.official, report=report)


def test_sweeper_sends_waiting_rows_and_recovers_stale_claims(report_program, settings):
    settings.REPORTS_STALE_CLAIM_SECONDS = 60
    waiting, _ = _request(report_program)
    stale, _ = _request(
        report_program, kind=Report.Kind.PROGRESS, period=Period(datetime.date(2024, 1, 1), datetime.date(2024, 1, 31))
    )
    services.report_claim(report_id=stale.id, worker="dead:1")
    Report.objects.filter(pk=stale.pk).update(started_at=timezone.now() - datetime.timedelta(minutes=5))
    with mock.patch("reports.services.report_enqueue", return_value=True) as enqueue:
        result = report_sweep(pending_grace_seconds=0)
    assert result == {"recovered": 1, "sent": 2}
    assert {c.kwargs["report_id"] for c in enqueue.call_args_list} == {waiting.id, stale.id}
    stale.refresh_from_db()
    assert (stale.status, stale.claim_token) == (Report.Status.PENDING, None)


def test_sweeper_leaves_fresh_claims_alone_and_gives_up_after_max_attempts(report_program, settings):
    settings.REPORTS_STALE_CLAIM_SECONDS = 60
    settings.REPORTS_MAX_ATTEMPTS = 1
    fresh, _ = _request(report_program)
    services.report_claim(report_id=fresh.id)
    with mock.patch("reports.services.report_enqueue", return_value=True):
        assert report_sweep(pending_grace_seconds=0) == {"recovered": 0, "sent": 0}
        Report.objects.filter(pk=fresh.pk).update(started_at=timezone.now() - datetime.timedelta(minutes=5))
        report_sweep(pending_grace_seconds=0)
    fresh.refresh_from_db()
    assert fresh.status == Report.Status.FAILED
    assert "bị dừng giữa chừng" in fresh.error


def test_enqueue_with_broker_down_keeps_the_row_pending(report_program):
    report, _ = _request(report_program)
    with mock.patch("reports.tasks.render_report.apply_async", side_effect=ConnectionRefusedError):
        assert services.report_enqueue(report_id=report.id) is False
    report.refresh_from_db()
    assert (report.status, report.enqueued_at) == (Report.Status.PENDING, None)


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"kind": "weekly"}, "kind"),
        ({"kind": Report.Kind.MIDTERM, "program": None}, "program"),
        ({"kind": Report.Kind.PROGRESS}, "period"),
        (
            {"kind": Report.Kind.PROGRESS, "period": Period(datetime.date(2024, 2, 1), datetime.date(2024, 1, 1))},
            "period",
        ),
    ],
)
def test_invalid_requests_are_refused_and_change_nothing(report_program, kwargs, code):
    kwargs = {"program": report_program, **kwargs}
    with pytest.raises(ValidationError) as exc:
        report_request(user=None, enqueue=False, **kwargs)
    assert exc.value.code == code
    assert not Report.objects.exists()


def test_monthly_schedule_requests_last_month_for_active_programs(report_program):
    reports = services.report_schedule_monthly(today=datetime.date(2024, 3, 5))
    assert [(r.program_id, r.kind, r.period_start, r.period_end) for r in reports] == [
        (report_program.id, Report.Kind.PROGRESS, datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    ]
    assert services.report_schedule_monthly(today=datetime.date(2024, 3, 5))[0].pk == reports[0].pk


def test_beat_schedules_exist_and_are_editable_rows():
    tasks = dict(PeriodicTask.objects.values_list("task", "enabled"))
    assert tasks["reports.sweep_reports"] is True
    assert tasks["reports.schedule_monthly_reports"] is True
    monthly = PeriodicTask.objects.get(task="reports.schedule_monthly_reports")
    assert (monthly.crontab.day_of_month, monthly.crontab.hour) == ("1", "6")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2024-02", datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),
        ("2024-Q2", datetime.date(2024, 4, 1), datetime.date(2024, 6, 30)),
        ("2023", datetime.date(2023, 1, 1), datetime.date(2023, 12, 31)),
        ("2024-01-10..2024-03-31", datetime.date(2024, 1, 10), datetime.date(2024, 3, 31)),
    ],
)
def test_periods_are_read_as_people_type_them(text, start, end):
    assert parse_period(text) == Period(start, end)


@pytest.mark.parametrize("text", ["2024-13", "abc", "2024-03-31..2024-01-01", "2024-02-30..2024-03-01", ""])
def test_bad_periods_are_refused(text):
    with pytest.raises(ValidationError):
        parse_period(text)


def test_make_report_writes_the_file(report_program, tmp_path):
    out = tmp_path / "tien-do.pdf"
    stdout = StringIO()
    call_command("make_report", "--program", report_program.slug, "--kind", "progress", "--period", "2024-03",
                 "--out", str(out), stdout=stdout)  # fmt: skip
    assert out.read_bytes().startswith(b"%PDF")
    report = Report.objects.get()
    assert (report.status, report.period_start) == (Report.Status.DONE, datetime.date(2024, 3, 1))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert "từ ngày 01/03/2024 đến ngày 31/03/2024" in text


def test_make_report_explains_bad_input(report_program, tmp_path):
    with pytest.raises(CommandError, match="Kỳ báo cáo"):
        call_command("make_report", "--program", report_program.slug, "--kind", "progress", "--period", "bad",
                     "--out", str(tmp_path / "x.pdf"), stdout=StringIO())  # fmt: skip
    with pytest.raises(CommandError, match="Không tìm thấy"):
        call_command("make_report", "--program", "khong-co", "--kind", "midterm", "--out", str(tmp_path / "x.pdf"))


def test_summary_report_lists_every_program_of_its_city(report_program, tmp_path):
    out = tmp_path / "tong-hop.pdf"
    with pytest.raises(CommandError, match="Hãy chọn thành phố"):
        call_command("make_report", "--kind", "summary", "--out", str(out), stdout=StringIO())
    call_command("make_report", "--kind", "summary", "--city", report_program.city.code, "--out", str(out),
                 stdout=StringIO())  # fmt: skip
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(out).pages).split())
    assert report_program.title in text
    assert "3/3" in text
