"""Disk full while saving an upload or a report: a clear Vietnamese error, no row written, no stray file."""

import datetime
import errno
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from products.models import ApplicationDocument
from programs.models import Task, TaskUpdate
from reports import services as report_services
from reports.models import Report
from reports.storage import ReportFileStorage
from tests.factories import ProductFactory, ProgramFactory, RecognitionRoundFactory, TaskFactory, TaskGroupFactory
from tests.products.factories import ApplicationFactory, DocumentTypeFactory

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
STORAGE_MESSAGE = "Không lưu được tệp do lỗi kho lưu trữ"


@pytest.fixture
def disk_full(monkeypatch):
    """Every storage write fails as on a full disk."""

    def no_space(self, name, content):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", no_space)
    monkeypatch.setattr(ReportFileStorage, "_save", no_space)


def _files_under(root) -> list[Path]:
    root = Path(root)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("bien-ban.pdf", PDF_BYTES, content_type="application/pdf")


def test_task_evidence_on_a_full_disk(client, login, cast, hcm, disk_full, settings):
    task = TaskFactory(group=TaskGroupFactory(program=ProgramFactory(city=hcm)), due_date=datetime.date(2099, 1, 1))
    login(cast.staff_hcm)
    response = client.post(
        reverse("programs:task_update", kwargs={"public_id": task.public_id}),
        {"date": "01/05/2024", "status": Task.Status.IN_PROGRESS, "progress": 40, "note": "Lớp đào tạo", "evidence": _pdf()},
    )  # fmt: skip
    assert response.status_code == 200
    assert STORAGE_MESSAGE in response.content.decode()
    assert TaskUpdate.objects.count() == 0
    task.refresh_from_db()
    assert (task.status, task.progress, task.last_update_on) == (Task.Status.NOT_STARTED, 0, None)
    assert _files_under(settings.MEDIA_ROOT) == []


def test_dossier_document_on_a_full_disk(client, login, cast, hcm, disk_full, settings):
    round = RecognitionRoundFactory(program=ProgramFactory(city=hcm))
    document_type = DocumentTypeFactory(round=round)
    application = ApplicationFactory(round=round, product=ProductFactory(enterprise=cast.enterprise_a))
    login(cast.enterprise_a_user)
    response = client.post(
        reverse("products:document_upload", kwargs={"public_id": application.public_id}),
        {"document_type": document_type.pk, "file": _pdf()},
        follow=True,
    )
    assert STORAGE_MESSAGE in response.content.decode()
    assert ApplicationDocument.objects.count() == 0
    assert _files_under(settings.MEDIA_ROOT) == []


def test_report_render_on_a_full_disk(cast, hcm, disk_full, settings):
    program = ProgramFactory(city=hcm)
    report, created = report_services.report_request(
        user=cast.staff_hcm, kind=Report.Kind.MIDTERM, program=program, enqueue=False
    )
    assert created
    assert report_services.report_render(report_id=report.id) is True
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert STORAGE_MESSAGE in report.error
    assert not report.file
    assert Report.objects.count() == 1
    assert _files_under(settings.MEDIA_ROOT) == []
