"""Uploaded and generated files are always downloads (attachment, safe file name, no sniffing), never pages,
and never reachable under MEDIA_URL."""

import re
from email.message import Message

import pytest
from django.test import Client
from django.urls import reverse

from products.models import ApplicationDocument

pytestmark = pytest.mark.django_db

DOWNLOADS = [
    ("enterprise_a", "products:document_download", lambda w: {"public_id": w.application_a.public_id, "document_id": w.document_a.public_id}),
    ("staff_hcm", "programs:evidence_download", lambda w: {"public_id": w.hcm_evidence.public_id}),
    ("staff_hcm", "reports:download", lambda w: {"public_id": w.report.public_id}),
    ("enterprise_a", "products:certificate_pdf", lambda w: {"public_id": w.recognition_a.public_id}),
    ("staff_hcm", "enterprises:import_report", lambda w: {"public_id": w.import_hcm.public_id}),
]  # fmt: skip


@pytest.fixture
def _media_root(settings, world_media):
    settings.MEDIA_ROOT = world_media


def _signed_in(world, role: str) -> Client:
    client = Client()
    client.force_login(world.users[role], backend="django.contrib.auth.backends.ModelBackend")
    return client


def _filename(disposition: str) -> str:
    message = Message()
    message["Content-Disposition"] = disposition
    return message.get_filename()


def _assert_safe_download(response):
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;"), disposition
    name = _filename(disposition)
    assert name and not re.search(r'[\\/"\r\n\x00]', name) and not name.startswith("."), name
    assert "html" not in response["Content-Type"] and "svg" not in response["Content-Type"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("role", "name", "kwargs_of"), DOWNLOADS, ids=[row[1] for row in DOWNLOADS])
def test_every_file_is_an_attachment_with_a_safe_name(world, role, name, kwargs_of):
    _assert_safe_download(_signed_in(world, role).get(reverse(name, kwargs=kwargs_of(world))))


def test_a_hostile_stored_name_is_still_a_safe_attachment(world):
    # Whatever name reached the row (an old upload, an admin edit), the header cannot be broken out of.
    ApplicationDocument.objects.filter(pk=world.document_a.pk).update(
        original_name='../../"bao cao"\r\nX-Injected: 1; tài liệu.html'
    )
    response = _signed_in(world, "enterprise_a").get(
        reverse("products:document_download", kwargs={"public_id": world.application_a.public_id,
                                                       "document_id": world.document_a.public_id})
    )  # fmt: skip
    assert "X-Injected" not in response
    assert response["Content-Type"] == "application/pdf"
    _assert_safe_download(response)


def test_media_files_are_not_served_under_media_url(world, settings):
    for stored in (world.document_a.file.name, world.hcm_evidence.evidence.name, world.report.file.name):
        for client in (Client(), _signed_in(world, "admin")):
            assert client.get(f"{settings.MEDIA_URL}{stored}").status_code == 404
