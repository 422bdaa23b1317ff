"""The job flow against a real Celery worker (prefork) and Redis, on the test database."""

import os
import signal
import socket

import pytest
from pypdf import PdfReader

from portal.celery import app
from reports.models import Report
from reports.services import report_request
from reports.tasks import render_report, sweep_reports
from tests.reports.conftest import HOSTILE_TEXTS, annex_files, build_program, report_files, wait_for

pytestmark = pytest.mark.worker


def _status(report):
    report.refresh_from_db()
    return report.status


def _sweep_now() -> dict:
    # Eager apply in this process: the join is not a subtask wait, whatever state an earlier
    # eager call in another thread of this process left Celery's "inside a task" flag in.
    return sweep_reports.apply(kwargs={"pending_grace_seconds": 0}).get(disable_sync_subtasks=False)


def _done(report):
    return _status(report) == Report.Status.DONE


def test_request_is_rendered_by_the_worker(start_worker, hcm, cast, settings):
    start_worker()
    program = build_program(hcm)
    report, created = report_request(user=cast.official, kind=Report.Kind.MIDTERM, program=program)
    assert created
    wait_for(lambda: _done(report), timeout=90)
    assert report.attempts == 1
    assert report.page_count >= 1
    assert report.worker.startswith("reports-test-")
    assert [p.name for p in report_files(settings.MEDIA_ROOT)] == [f"{report.public_id.hex}.pdf"]
    assert [p.name for p in annex_files(settings.MEDIA_ROOT)] == [
        f"{report.public_id.hex}-phu-luc.pdf",
        f"{report.public_id.hex}-phu-luc.xlsx",
    ]
    assert report.annex_page_count >= 1
    text = "".join(page.extract_text() for page in PdfReader(report.file.path).pages)
    assert program.title[:30] in text.replace("\n", " ")


def test_two_deliveries_of_one_job_make_one_file(start_worker, hcm, cast, settings):
    program = build_program(hcm)
    report, _ = report_request(user=cast.official, kind=Report.Kind.MIDTERM, program=program, enqueue=False)
    # The same job delivered twice before any worker runs: the second finds nothing to claim.
    render_report.apply_async(args=[report.id])
    render_report.apply_async(args=[report.id])
    worker = start_worker()
    wait_for(lambda: _done(report), timeout=90)
    wait_for(lambda: sum("succeeded" in line for line in worker.log) >= 2, timeout=60)
    report.refresh_from_db()
    assert report.attempts == 1
    assert len(report_files(settings.MEDIA_ROOT)) == 1
    assert any("False" in line and "succeeded" in line for line in worker.log)


def test_worker_killed_mid_render_still_ends_with_exactly_one_file(start_worker, hcm, cast, settings):
    worker = start_worker(REPORTS_RENDER_DELAY_SECONDS=4, REPORTS_STALE_CLAIM_SECONDS=3)
    settings.REPORTS_STALE_CLAIM_SECONDS = 3  # the sweeper below runs in this process
    program = build_program(hcm)
    report, _ = report_request(user=cast.official, kind=Report.Kind.MIDTERM, program=program)
    wait_for(lambda: _status(report) == Report.Status.RUNNING and report.progress >= 30, timeout=60, interval=0.05)
    child_pid = int(report.worker.rsplit(":", 1)[1])
    os.kill(child_pid, signal.SIGKILL)
    # The pool notices the lost child and puts the message back; the redelivery sees a live-looking claim.
    wait_for(lambda: any("SIGKILL" in line or "WorkerLostError" in line for line in worker.log), timeout=30)
    assert _status(report) == Report.Status.RUNNING
    assert report_files(settings.MEDIA_ROOT) == []
    # Once the claim is older than the hard limit (3 s here), the sweeper hands the job out again.
    wait_for(lambda: _sweep_now()["recovered"] == 1, timeout=30)
    wait_for(lambda: _done(report), timeout=90)
    assert report.attempts == 2
    assert [p.name for p in report_files(settings.MEDIA_ROOT)] == [f"{report.public_id.hex}.pdf"]
    assert Report.objects.filter(status=Report.Status.DONE).count() == 1


@pytest.fixture
def broker_down():
    """Point this process's Celery app at a closed port, as if Redis were unreachable, then restore it."""
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()

    def _point_at(url):
        # broker_write_url, because CELERY_BROKER_URL in the environment would win over broker_url.
        app.conf.broker_write_url = url
        app._pool = None
        app.amqp._producer_pool = None

    _point_at(f"redis://127.0.0.1:{port}/0")
    yield lambda: _point_at(None)
    _point_at(None)


def test_request_while_broker_is_down_is_kept_then_sent_by_the_sweeper(start_worker, broker_down, hcm, cast, settings):
    program = build_program(hcm)
    report, created = report_request(user=cast.official, kind=Report.Kind.MIDTERM, program=program)
    assert created
    report.refresh_from_db()
    assert report.status == Report.Status.PENDING
    assert report.enqueued_at is None
    broker_down()  # the broker is back
    start_worker()
    result = sweep_reports.apply_async(kwargs={"pending_grace_seconds": 0})
    assert result.id
    wait_for(lambda: _done(report), timeout=90)
    assert report.enqueued_at is not None
    assert len(report_files(settings.MEDIA_ROOT)) == 1


def test_hostile_data_renders_and_fetches_nothing(start_worker, trap_server, hcm, cast, settings):
    start_worker()
    hostile = " ".join(text.format(port=trap_server.port) for text in HOSTILE_TEXTS)
    program = build_program(hcm, title=f"Chương trình {hostile}", enterprise_name=f"Công ty {hostile}")
    task = program.groups.first().tasks.first()
    task.title = hostile
    task.save()
    report, _ = report_request(user=cast.official, kind=Report.Kind.MIDTERM, program=program)
    wait_for(lambda: _done(report), timeout=90)
    reader = PdfReader(report.file.path)
    text = "".join(page.extract_text() for page in reader.pages)
    assert 'src="file:///etc/passwd"' in text.replace("\n", "")  # shown as text, not followed
    assert "root:" not in text
    assert trap_server.connections == 0
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"].get("/Names", {}))
