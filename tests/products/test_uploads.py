"""Bad dossier uploads are refused with a clear message and leave nothing behind."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from products import services
from products.models import Application, ApplicationDocument
from tests.products.conftest import PDF_BYTES

S = Application.Status
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _docx_bytes(part: str = "word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(part, "<w:document/>")
    return buffer.getvalue()


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    upload = SimpleUploadedFile("placeholder.pdf", content, content_type="application/pdf")
    # Bypass UploadedFile's own basename() so that the validator sees the name exactly as sent.
    upload._name = name
    return upload


BAD_UPLOADS = [
    ("oversize", "ho-so.pdf", PDF_BYTES + b"0" * 2048, "quá lớn"),
    ("empty", "ho-so.pdf", b"", "rỗng"),
    ("wrong magic bytes", "ho-so.pdf", b"MZ\x90\x00 this is a windows program", "không phải"),
    ("double extension", "ho-so.exe.pdf", PDF_BYTES, "hai phần mở rộng"),
    ("executable extension", "ho-so.pdf.exe", PDF_BYTES, "không được chấp nhận"),
    ("html disguised as pdf", "ho-so.pdf", b"<html><script>alert(1)</script></html>", "HTML/SVG"),
    ("svg disguised as pdf", "ho-so.pdf", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "HTML/SVG"),
    ("xml prolog svg", "ho-so.pdf", b'<?xml version="1.0"?><svg/>', "HTML/SVG"),
    ("path traversal", "../../etc/passwd.pdf", PDF_BYTES, "Tên tệp không hợp lệ"),
    ("windows path traversal", "..\\..\\boot.pdf", PDF_BYTES, "Tên tệp không hợp lệ"),
    ("null byte", "ho-so.pdf\x00.html", PDF_BYTES, "Tên tệp không hợp lệ"),
    ("hidden file", ".htaccess", PDF_BYTES, "Tên tệp không hợp lệ"),
    ("no extension", "hoso", PDF_BYTES, "phần mở rộng"),
    ("html extension", "ho-so.html", b"<html></html>", "không được chấp nhận"),
    ("png content named pdf", "ho-so.pdf", PNG_BYTES, "không khớp"),
    ("zip that is not docx", "ho-so.docx", _docx_bytes("other/file.txt"), "không phải"),
]


@pytest.fixture(autouse=True)
def _type_takes_every_kind(round_setup):
    # These are the portal's checks of any upload; a document type's own limits (kinds, size) are tested in
    # tests/products/test_dossier_figures.py.
    document_type = round_setup.document_types[0]
    document_type.allowed_extensions = "pdf, docx, xlsx, jpg, png"
    document_type.save()


@pytest.fixture
def small_limit(settings):
    settings.UPLOAD_MAX_BYTES = 1024


@pytest.mark.parametrize(("case", "name", "content", "message"), BAD_UPLOADS, ids=[c[0] for c in BAD_UPLOADS])
def test_bad_upload_is_refused_and_nothing_is_stored(
    cast, settings, small_limit, make_application, round_setup, case, name, content, message
):
    application = make_application(S.DRAFT)

    with pytest.raises(ValidationError) as caught:
        services.document_add(
            actor=cast.enterprise_a_user,
            application=application,
            document_type=round_setup.document_types[0],
            file=_upload(name, content),
        )

    assert message in " ".join(caught.value.messages)
    assert not ApplicationDocument.objects.exists()
    dossiers = settings.MEDIA_ROOT / "dossiers"
    assert not dossiers.exists() or not any(dossiers.iterdir())


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("Giấy phép kinh doanh.pdf", PDF_BYTES, "application/pdf"),
        ("anh-san-pham.png", PNG_BYTES, "image/png"),
        ("thuyet-minh.docx", _docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_good_upload_is_stored_under_a_generated_name(cast, make_application, round_setup, name, content, content_type):
    application = make_application(S.DRAFT)
    document = services.document_add(
        actor=cast.enterprise_a_user,
        application=application,
        document_type=round_setup.document_types[0],
        file=_upload(name, content),
    )
    assert document.original_name == name
    assert document.content_type == content_type
    assert name not in document.file.name and document.file.name.startswith("dossiers/")
    assert document.file.read() == content


def test_the_view_shows_the_reason_and_stores_nothing(cast, login, make_application, round_setup):
    application = make_application(S.DRAFT)
    client = login(cast.enterprise_a_user)
    response = client.post(
        f"/san-pham/ho-so/{application.public_id}/tai-lieu/",
        {
            "document_type": round_setup.document_types[0].id,
            "file": SimpleUploadedFile("bao-cao.pdf", b"<html><body>phishing</body></html>"),
        },
        follow=True,
    )
    assert "Tệp bị từ chối" in response.content.decode()
    assert "HTML/SVG" in response.content.decode()
    assert not ApplicationDocument.objects.exists()


def test_documents_cannot_be_added_once_submitted(cast, make_application, round_setup):
    application = make_application(S.SUBMITTED)
    with pytest.raises(ValidationError, match="không thể sửa"):
        services.document_add(
            actor=cast.enterprise_a_user,
            application=application,
            document_type=round_setup.document_types[0],
            file=_upload("ho-so.pdf", PDF_BYTES),
        )
    assert not ApplicationDocument.objects.exists()


def test_a_document_type_of_another_round_is_refused(cast, make_application):
    from tests.products.factories import DocumentTypeFactory

    application = make_application(S.DRAFT)
    with pytest.raises(ValidationError, match="không thuộc"):
        services.document_add(
            actor=cast.enterprise_a_user,
            application=application,
            document_type=DocumentTypeFactory(),
            file=_upload("ho-so.pdf", PDF_BYTES),
        )
