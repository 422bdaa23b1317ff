"""The body's PAdES signature (reports/signing.py): validates with pyHanko against the test root, breaks on a
one-byte edit, and is refused in Vietnamese when the certificate is missing or its password is wrong."""

import pytest
from django.core.exceptions import ValidationError
from weasyprint import HTML

from reports import signing
from tests.reports.test_issuance import tamper, validate


@pytest.fixture
def pdf() -> bytes:
    return HTML(string="<p>Báo cáo thử nghiệm chữ ký số</p>").write_pdf()


@pytest.fixture
def files(tmp_path):
    return signing.make_test_certificate(tmp_path, password="mat-khau")


def _signed(pdf, files) -> bytes:
    return signing.sign_pdf(
        pdf, signer=signing.load_signer(files), reason="Ban hành văn bản số 01/BC-SCT", location="Hà Nội",
        name="Nguyễn Văn Thử",
    )  # fmt: skip


def test_the_signature_validates_intact_valid_trusted(pdf, files):
    signed = _signed(pdf, files)
    assert signed.startswith(pdf)  # an incremental update: the rendered bytes are kept as they were
    status = validate(signed, (files.key.parent / "root.pem").read_bytes())
    assert status.intact and status.valid and status.trusted
    assert status.signing_cert.subject.native["organization_name"] == signing.TEST_CERTIFICATE_LABEL


def test_a_pades_signature(pdf, files):
    from io import BytesIO

    from pyhanko.pdf_utils.reader import PdfFileReader

    signature = PdfFileReader(BytesIO(_signed(pdf, files))).embedded_signatures[0]
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    assert signature.field_name == signing.SIGNATURE_FIELD


def test_one_byte_changed_breaks_it(pdf, files):
    status = validate(tamper(_signed(pdf, files)), (files.key.parent / "root.pem").read_bytes())
    assert not status.intact and not status.bottom_line  # the digest of the signed bytes no longer matches


def test_another_root_does_not_trust_it(pdf, files, tmp_path):
    other = signing.make_test_certificate(tmp_path / "khac")
    status = validate(_signed(pdf, files), (other.key.parent / "root.pem").read_bytes())
    assert status.intact and not status.trusted


def test_missing_files_are_refused_in_vietnamese(tmp_path):
    missing = signing.SigningFiles(key=tmp_path / "k.pem", cert=tmp_path / "c.pem", chain=None, password="")
    with pytest.raises(ValidationError, match="Chưa cấu hình chứng thư số"):
        signing.load_signer(missing)


def test_a_wrong_password_is_refused_in_vietnamese(files):
    wrong = signing.SigningFiles(key=files.key, cert=files.cert, chain=files.chain, password="sai-mat-khau")
    with pytest.raises(ValidationError, match="Không đọc được khóa"):
        signing.load_signer(wrong)


def test_the_test_certificate_signs_with_non_repudiation(files):
    from cryptography import x509

    cert = x509.load_pem_x509_certificate(files.cert.read_bytes())
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign


def test_make_signing_certificate_writes_the_local_test_certificate(settings, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    settings.REPORTS_SIGNING_KEY_FILE = str(tmp_path / "signing" / "key.pem")
    settings.REPORTS_SIGNING_CERT_FILE = str(tmp_path / "signing" / "cert.pem")
    settings.REPORTS_SIGNING_CHAIN_FILE = str(tmp_path / "signing" / "chain.pem")
    settings.REPORTS_SIGNING_KEY_PASSWORD = ""
    out = StringIO()
    call_command("make_signing_certificate", stdout=out)
    assert "Đã tạo chứng thư thử nghiệm" in out.getvalue()
    assert signing.certificate_subject(signing.load_signer()).count(signing.TEST_CERTIFICATE_LABEL) == 1
    call_command("make_signing_certificate", stdout=out)
    assert "Đã có chứng thư" in out.getvalue()


def test_make_signing_certificate_refuses_production(settings):
    from django.core.management import CommandError, call_command

    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="chứng thư số thật"):
        call_command("make_signing_certificate")
