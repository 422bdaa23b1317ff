"""A request body over REQUEST_MAX_BYTES is refused with 413 from its Content-Length, before anything reads it:
no upload handler sees a byte, no temporary file is written, the view never runs."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.urls import reverse

pytestmark = pytest.mark.django_db

UPLOAD_URL = "enterprises:import_upload"
RECEIVED: list[int] = []


class SpyUploadHandler(FileUploadHandler):
    """Counts the bytes of every file the request's parser reads, and passes them on."""

    def receive_data_chunk(self, raw_data, start):
        RECEIVED.append(len(raw_data))
        return raw_data

    def file_complete(self, file_size):
        return None


@pytest.fixture
def uploads(settings, tmp_path):
    temp_dir = tmp_path / "upload-temp"
    temp_dir.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(temp_dir)
    settings.FILE_UPLOAD_HANDLERS = [
        f"{__name__}.SpyUploadHandler",
        "django.core.files.uploadhandler.TemporaryFileUploadHandler",
    ]
    RECEIVED.clear()
    return temp_dir


def test_a_60_mb_upload_is_refused_before_it_is_read(client, cast, uploads, monkeypatch):
    import enterprises.services

    def import_must_not_run(**kwargs):
        raise AssertionError("the upload reached the view and was read")

    monkeypatch.setattr(enterprises.services, "enterprise_import", import_must_not_run)
    client.force_login(cast.staff_hcm)
    big = SimpleUploadedFile("danh-sach.xlsx", b"\0" * (60 * 1024 * 1024), content_type="application/octet-stream")

    response = client.post(reverse(UPLOAD_URL), {"file": big})

    assert response.status_code == 413
    html = response.content.decode()
    assert "Yêu cầu quá lớn" in html
    assert "vượt quá giới hạn 11 MB" in html and "tối đa 10 MB mỗi tệp" in html
    assert RECEIVED == []  # no upload handler read any of it
    assert list(uploads.iterdir()) == []  # nothing written to a temporary file


def test_the_refusal_is_in_english_for_who_chose_english(client, cast, uploads, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    big = SimpleUploadedFile("list.xlsx", b"\0" * (12 * 1024 * 1024))

    response = client.post(reverse(UPLOAD_URL), {"file": big})

    assert response.status_code == 413
    assert "Request too large" in response.content.decode()


def test_an_upload_within_the_cap_reaches_the_form(client, cast, uploads):
    client.force_login(cast.staff_hcm)
    small = SimpleUploadedFile("danh-sach.xlsx", b"\0" * (3 * 1024 * 1024))

    response = client.post(reverse(UPLOAD_URL), {"file": small})

    assert response.status_code == 200  # the page, with the form's own message about the file
    assert sum(RECEIVED) == 3 * 1024 * 1024


def test_a_body_without_a_declared_length_is_refused(client, cast, uploads):
    client.force_login(cast.staff_hcm)

    response = client.generic("POST", reverse(UPLOAD_URL), b"", HTTP_TRANSFER_ENCODING="chunked")

    assert response.status_code == 411
    assert "Thiếu độ dài dữ liệu" in response.content.decode()
