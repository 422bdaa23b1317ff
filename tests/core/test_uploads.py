import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import EVIDENCE_KINDS, validate_upload

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def office_bytes(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(part, "<x/>")
    return buffer.getvalue()


def upload(name: str, content: bytes):
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        ("bao-cao.pdf", PDF_BYTES, "pdf"),
        ("Biên bản.DOCX", office_bytes("word/document.xml"), "docx"),
        ("so-lieu.xlsx", office_bytes("xl/workbook.xml"), "xlsx"),
        ("anh.jpg", JPEG_BYTES, "jpeg"),
        ("anh.jpeg", JPEG_BYTES, "jpeg"),
        ("so-do.png", PNG_BYTES, "png"),
    ],
)
def test_accepts_each_allowed_kind_by_content(name, content, kind):
    file = upload(name, content)
    assert validate_upload(file, EVIDENCE_KINDS).kind == kind
    assert file.tell() == 0, "the file is rewound for whoever stores it"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("trang.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "markup"),
        ("hinh.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>', "markup"),
        ("hinh.png", b"  <svg onload=alert(1)>", "markup"),
        ("bao-cao.pdf", PNG_BYTES, "mismatch"),
        ("bao-cao.docx", office_bytes("xl/workbook.xml"), "mismatch"),
        ("bao-cao.docx", office_bytes("other/file.xml"), "content"),
        ("bao-cao.docx", b"PK\x03\x04 not really a zip", "content"),
        ("bao-cao.pdf", b"just some text", "content"),
        ("bao-cao.pdf.exe", PDF_BYTES, "double_extension"),
        ("bao-cao.exe.pdf", PDF_BYTES, "double_extension"),
        ("bao-cao.html", b"<html></html>", "extension"),
        ("bao-cao", PDF_BYTES, "no_extension"),
        ("bao-cao.zip", office_bytes("word/document.xml"), "extension"),
    ],
)
def test_rejects_disguised_and_unsafe_files(name, content, code):
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload(name, content), EVIDENCE_KINDS)
    assert caught.value.code == code


def test_rejects_empty_file():
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload("rong.pdf", b""), EVIDENCE_KINDS)
    assert caught.value.code == "empty"
    assert "rỗng" in caught.value.messages[0]


def test_rejects_oversize_file(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload("lon.pdf", PDF_BYTES + b"0" * 2048), EVIDENCE_KINDS)
    assert caught.value.code == "too_large"
    assert "quá lớn" in caught.value.messages[0]


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\..\\boot.pdf", "thu-muc/bao-cao.pdf", ".an.pdf"])
def test_rejects_path_traversal_names(name):
    with pytest.raises(ValidationError) as caught:
        validate_upload(File(io.BytesIO(PDF_BYTES), name=name), EVIDENCE_KINDS)
    assert caught.value.code == "bad_name"


def test_only_the_kinds_asked_for_are_allowed():
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload("anh.png", PNG_BYTES), ("pdf",))
    assert caught.value.code == "extension"
    assert "PDF" in caught.value.messages[0]
