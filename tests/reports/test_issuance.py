"""A finished report becomes an issued document: draft → edit → issue (number, signer, recipients) → signed PDF →
public verification by number and by QR token; refusals change nothing and take no number."""

import datetime
import io
import re
import threading

import pdfplumber
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from programs.models import IssuingBody, Signer
from reports import issuance, narrative, signing
from reports.models import DocumentRegister, Report, ReportDocument
from tests.reports.conftest import build_program

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------------------------------------
# Fixtures, shared with the signing, verification and DOCX tests
# ---------------------------------------------------------------------------------------------------------


@pytest.fixture
def signing_files(tmp_path, settings):
    """A test CA and a signing certificate under it, configured as the body's certificate."""
    files = signing.make_test_certificate(tmp_path / "signing", password="mat-khau-khoa-ky")
    settings.REPORTS_SIGNING_KEY_FILE = str(files.key)
    settings.REPORTS_SIGNING_CERT_FILE = str(files.cert)
    settings.REPORTS_SIGNING_CHAIN_FILE = str(files.chain)
    settings.REPORTS_SIGNING_KEY_PASSWORD = files.password
    settings.SITE_URL = "https://congthuong.example.vn"
    return files


def make_body(city) -> IssuingBody:
    body = IssuingBody.objects.create(
        city=city, kind=IssuingBody.Kind.DEPARTMENT, code=f"so-cong-thuong-{city.code}",
        name="Sở Công Thương Thành phố Hồ Chí Minh", parent_name="ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
        header_name="SỞ CÔNG THƯƠNG", place_name="Thành phố Hồ Chí Minh", abbreviation="SCT",
    )  # fmt: skip
    return body


@pytest.fixture
def body(hcm):
    return make_body(hcm)


@pytest.fixture
def signer(body):
    return Signer.objects.create(
        body=body, full_name="Nguyễn Văn Thử", position="PHÓ GIÁM ĐỐC", authority="KT. GIÁM ĐỐC", order=1
    )


def done_report(program, **extra) -> Report:
    return Report.objects.create(
        program=program, kind=Report.Kind.MIDTERM, status=Report.Status.DONE, progress=100, **extra
    )


@pytest.fixture
def report(hcm):
    return done_report(build_program(hcm))


def validate(content: bytes, root_pem: bytes):
    """pyHanko's validation of the (only) signature, trusting the test root."""
    from asn1crypto import pem, x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    _type, _headers, der = pem.unarmor(root_pem)
    context = ValidationContext(trust_roots=[x509.Certificate.load(der)])
    reader = PdfFileReader(io.BytesIO(content), strict=False)
    assert len(reader.embedded_signatures) == 1
    return validate_pdf_signature(reader.embedded_signatures[0], context)


def pdf_text(content: bytes) -> str:
    with pdfplumber.open(io.BytesIO(content)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def tamper(content: bytes) -> bytes:
    """One byte changed inside the signed range (which starts at byte 0): in the binary comment of the header,
    so the file still parses and only the signature can tell."""
    assert content.startswith(b"%PDF-") and content[9:10] == b"%"
    changed = bytearray(content)
    changed[10] ^= 0x01
    return bytes(changed)


# ---------------------------------------------------------------------------------------------------------
# The journey
# ---------------------------------------------------------------------------------------------------------


def test_full_journey_draft_edit_issue_sign_verify(client, cast, report, body, signer, signing_files, settings):
    client.force_login(cast.staff_hcm, backend="django.contrib.auth.backends.ModelBackend")
    status_page = client.get(reverse("reports:status", kwargs={"public_id": report.public_id}))
    assert b'data-testid="document-open"' in status_page.content

    # Draft: opened from the finished report, each section pre-filled from the data.
    response = client.post(reverse("reports:document_open", kwargs={"public_id": report.public_id}))
    assert response.status_code == 302
    document = ReportDocument.objects.get(report=report)
    assert document.state == ReportDocument.State.DRAFT and document.body == body
    assert "123/KH-UBND" in document.sections["can_cu"]
    assert document.sections["kinh_phi"] == narrative.NO_BUDGET
    assert set(document.sections) == {"can_cu", "chi_dao", "group:1", "group:2", "group:3", "ton_tai",
                                      "nguyen_nhan", "kinh_phi", "kien_nghi"}  # fmt: skip
    assert "2 nhiệm vụ" in document.sections["group:1"]

    # Edit in the portal.
    page = client.get(reverse("reports:document", kwargs={"public_id": report.public_id}))
    assert page.status_code == 200 and b'data-testid="draft-form"' in page.content
    form = {f"section__{re.sub(r'[^0-9A-Za-z_]', '_', k)}": v for k, v in document.sections.items()}
    form["section__kinh_phi"] = "Kinh phí năm 2024 do Sở ghi nhận riêng."
    form["section__kien_nghi"] = "Đề nghị UBND Thành phố bổ sung kinh phí."
    form["recipients"] = "UBND Thành phố (để báo cáo)\n- Bộ Công Thương (để báo cáo);"
    form["filing_unit"] = "QLCN"
    response = client.post(reverse("reports:document", kwargs={"public_id": report.public_id}), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    document.refresh_from_db()
    assert document.sections["kinh_phi"] == "Kinh phí năm 2024 do Sở ghi nhận riêng."
    assert document.recipients == [{"name": "UBND Thành phố", "purpose": "để báo cáo"},
                                   {"name": "Bộ Công Thương", "purpose": "để báo cáo"}]  # fmt: skip

    # Issue: numbered from the register, signed, stored.
    response = client.post(
        reverse("reports:document_issue", kwargs={"public_id": report.public_id}), {"signer": signer.pk}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    document.refresh_from_db()
    assert document.state == ReportDocument.State.ISSUED
    assert (document.number, document.sequence, document.year) == ("01/BC-SCT", 1, document.issued_on.year)
    assert DocumentRegister.objects.get(body=body, year=document.year).last_number == 1
    assert (document.signer_authority, document.signer_position, document.signer_name) == (
        "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Thử",
    )  # fmt: skip
    assert signing.TEST_CERTIFICATE_LABEL in document.certificate_subject
    content = document.file.read()
    document.file.close()
    assert signing.sha256_hex(content) == document.sha256

    # The signed PDF validates: intact, valid, trusted; and prints the number, the signer and the recipients.
    status = validate(content, (signing_files.key.parent / "root.pem").read_bytes())
    assert status.intact and status.valid and status.trusted, status.pretty_print_details()
    text = pdf_text(content)
    assert "Số: 01/BC-SCT" in text
    assert "Nguyễn Văn Thử" in text and "KT. GIÁM ĐỐC" in text
    assert "UBND Thành phố (để báo cáo)" in text and "Lưu: VT, QLCN" in text
    assert "Kinh phí năm 2024 do Sở ghi nhận riêng." in text
    with pdfplumber.open(io.BytesIO(content)) as pdf:  # the QR code's address, on the last page
        assert issuance.verify_url(document) in (pdf.pages[-1].extract_text() or "")

    # Verification, by number (anonymous) and by the QR token; the link is built from SITE_URL.
    client.logout()
    found = client.get(reverse("reports:verify"), {"year": document.year, "number": "01/BC-SCT", "body": body.pk})
    token_path = reverse("reports:verify_document", kwargs={"token": document.verify_token})
    assert found.status_code == 200 and token_path.encode() in found.content
    assert issuance.verify_url(document) == "https://congthuong.example.vn" + token_path
    page = client.get(token_path)
    body_text = page.content.decode()
    for expected in ("01/BC-SCT", document.sha256, body.name, "Nguyễn Văn Thử", document.data_fingerprint,
                     document.template_version):  # fmt: skip
        assert expected in body_text
    download = client.get(reverse("reports:verify_download", kwargs={"token": document.verify_token}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content

    # One byte changed in the signed range breaks the signature.
    broken = validate(tamper(content), (signing_files.key.parent / "root.pem").read_bytes())
    assert not broken.intact and not broken.bottom_line


def test_issued_document_cannot_be_edited_or_issued_again(cast, report, body, signer, signing_files):
    document, _ = issuance.document_open_draft(user=cast.staff_hcm, report=report)
    issuance.document_issue(user=cast.staff_hcm, document=document, signer_id=signer.pk)
    with pytest.raises(ValidationError, match="đã ban hành"):
        issuance.document_update(user=cast.staff_hcm, document=document, sections={"can_cu": "Khác"})
    with pytest.raises(ValidationError, match="đã ban hành"):
        issuance.document_issue(user=cast.staff_hcm, document=document, signer_id=signer.pk)
    assert DocumentRegister.objects.get(body=body).last_number == 1


def test_numbers_follow_each_other_per_body_and_year(cast, hcm, body, signer, signing_files):
    program = build_program(hcm, size=1)
    numbers = []
    for day in (datetime.date(2025, 12, 30), datetime.date(2025, 12, 31), datetime.date(2026, 1, 2)):
        document, _ = issuance.document_open_draft(user=cast.staff_hcm, report=done_report(program))
        numbers.append(issuance.document_issue(user=cast.staff_hcm, document=document, signer_id=signer.pk,
                                               today=day).number)  # fmt: skip
    assert numbers == ["01/BC-SCT", "02/BC-SCT", "01/BC-SCT"]


# ---------------------------------------------------------------------------------------------------------
# Refusals: a clear message, nothing changed, no number taken
# ---------------------------------------------------------------------------------------------------------


def _refused(user, document, signer_id, match):
    with pytest.raises(ValidationError, match=match):
        issuance.document_issue(user=user, document=document, signer_id=signer_id)
    document.refresh_from_db()
    assert document.state == ReportDocument.State.DRAFT and not document.number and not document.file
    assert not DocumentRegister.objects.filter(last_number__gt=0).exists()


def test_a_report_with_demo_data_is_refused(cast, hcm, body, signer, signing_files):
    report = done_report(build_program(hcm), include_demo=True)
    document, _ = issuance.document_open_draft(user=cast.staff_hcm, report=report)
    _refused(cast.staff_hcm, document, signer.pk, "Báo cáo có dữ liệu minh họa, không ban hành được")


def test_data_that_holds_demo_records_is_refused(cast, report, body, signer, signing_files, monkeypatch):
    document, _ = issuance.document_open_draft(user=cast.staff_hcm, report=report)
    real = issuance.document_report_data
    monkeypatch.setattr(issuance, "document_report_data", lambda r: {**real(r), "has_demo": True})
    _refused(cast.staff_hcm, document, signer.pk, "dữ liệu minh họa")


def test_no_signer_chosen_or_configured_is_refused(cast, report, body, signing_files):
    document, _ = issuance.document_open_draft(user=cast.staff_hcm, report=report)
    _refused(cast.staff_hcm, document, None, "chưa có người ký")
    other = Signer.objects.create(body=make_body_other(report), full_name="Người khác", position="GIÁM ĐỐC")
    active = Signer.objects.create(body=body, full_name="Lê Văn Ký", position="GIÁM ĐỐC")
    _refused(cast.staff_hcm, document, other.pk, "Hãy chọn người ký")
    Signer.objects.filter(pk=active.pk).update(is_active=False)
    _refused(cast.staff_hcm, document, active.pk, "chưa có người ký")


def make_body_other(report) -> IssuingBody:
    return IssuingBody.objects.create(
        city=report.program.city, kind=IssuingBody.Kind.COMMITTEE, code="ubnd-hcm-thu", name="UBND Thành phố",
        header_name="ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", place_name="Thành phố Hồ Chí Minh", abbreviation="UBND",
    )  # fmt: skip


def test_no_issuing_body_is_refused(cast, report, signing_files):
    document, _ = issuance.document_open_draft(user=cast.staff_hcm, report=report)
    assert document.body is None
    _refused(cast.staff_hcm, document, None, "Chưa có cơ quan ban hành")


def test_no_certificate_is_refused(cast, report, body, signer, settings, tmp_path):
    settings.REPORTS_SIGNING_KEY_FILE = str(tmp_path / "khong-co.pem")
    settings.REPORTS_SIGNING_CERT_FILE = str(tmp_path / "khong-co-cert.pem")
    document, _ = issuance.document_open_draft(user=cast.staff_hcm, report=report)
    _refused(cast.staff_hcm, document, signer.pk, "Chưa cấu hình chứng thư số")


def test_a_failed_render_takes_no_number_and_leaves_no_file(cast, report, body, signer, signing_files, monkeypatch):
    document, _ = issuance.document_open_draft(user=cast.staff_hcm, report=report)

    def broken_sign(*args, **kwargs):
        raise RuntimeError("thiết bị ký không phản hồi")

    monkeypatch.setattr(signing, "sign_pdf", broken_sign)
    with pytest.raises(RuntimeError):
        issuance.document_issue(user=cast.staff_hcm, document=document, signer_id=signer.pk)
    document.refresh_from_db()
    assert document.state == ReportDocument.State.DRAFT and not document.number
    assert not DocumentRegister.objects.filter(body=body, last_number__gt=0).exists()
    assert not list((signing_files.key.parent.parent / "media" / "reports" / "van-ban").glob("*.pdf"))


def test_a_report_not_finished_has_no_draft(cast, hcm, body):
    report = Report.objects.create(program=build_program(hcm, size=1), kind=Report.Kind.MIDTERM)
    with pytest.raises(ValidationError, match="đã tạo xong"):
        issuance.document_open_draft(user=cast.staff_hcm, report=report)


def test_draft_edits_are_bounded(cast, report, body):
    document, _ = issuance.document_open_draft(user=cast.staff_hcm, report=report)
    with pytest.raises(ValidationError, match="tối đa"):
        issuance.document_update(user=cast.staff_hcm, document=document, sections={"can_cu": "x" * 6001})
    with pytest.raises(ValidationError, match="Mục không có"):
        issuance.document_update(user=cast.staff_hcm, document=document, sections={"tu_che": "x"})
    with pytest.raises(ValidationError, match="nơi nhận"):
        issuance.document_update(
            user=cast.staff_hcm, document=document, recipients=[{"name": f"Nơi {n}", "purpose": ""} for n in range(21)]
        )
    document.refresh_from_db()
    assert document.sections["can_cu"] != "x" * 6001


def test_oversized_section_is_refused_by_the_page_in_vietnamese(login, cast, report, body):
    issuance.document_open_draft(user=cast.staff_hcm, report=report)
    response = login(cast.staff_hcm).post(
        reverse("reports:document", kwargs={"public_id": report.public_id}), {"section__can_cu": "x" * 6001}
    )
    assert response.status_code == 400
    assert "tối đa 6000 ký tự" in response.content.decode()


# ---------------------------------------------------------------------------------------------------------
# Who may draft and issue
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["enterprise_a_user", "official", "staff_hanoi"])
def test_only_the_city_staff_and_administrators_draft_and_issue(cast, report, body, signer, signing_files, role):
    user = getattr(cast, role)
    with pytest.raises(PermissionDenied):
        issuance.document_open_draft(user=user, report=report)
    document, _ = issuance.document_open_draft(user=cast.admin, report=report)
    with pytest.raises(PermissionDenied):
        issuance.document_update(user=user, document=document, sections={"can_cu": "Khác"})
    with pytest.raises(PermissionDenied):
        issuance.document_issue(user=user, document=document, signer_id=signer.pk)
    document.refresh_from_db()
    assert document.state == ReportDocument.State.DRAFT


def test_anonymous_cannot_draft_or_issue(client, cast, report, body, signer):
    issuance.document_open_draft(user=cast.staff_hcm, report=report)
    for name in ("document_open", "document_issue", "document"):
        response = client.post(reverse(f"reports:{name}", kwargs={"public_id": report.public_id}))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert ReportDocument.objects.get(report=report).state == ReportDocument.State.DRAFT


def test_pages_answer_each_role(client, cast, report, body, signer, signing_files):
    issuance.document_open_draft(user=cast.staff_hcm, report=report)
    url = reverse("reports:document", kwargs={"public_id": report.public_id})
    issue_url = reverse("reports:document_issue", kwargs={"public_id": report.public_id})
    expected = {"enterprise_a_user": (403, 403), "official": (200, 403), "staff_hanoi": (200, 403),
                "staff_hcm": (200, 400), "admin": (200, 400)}  # fmt: skip
    for role, (read, issue) in expected.items():
        client.force_login(getattr(cast, role), backend="django.contrib.auth.backends.ModelBackend")
        assert client.get(url).status_code == read, role
        assert client.post(issue_url, {"signer": ""}).status_code == issue, role
    client.force_login(cast.official, backend="django.contrib.auth.backends.ModelBackend")
    assert b'data-testid="draft-form"' not in client.get(url).content  # officials read, never edit


# ---------------------------------------------------------------------------------------------------------
# 20 issues at once on PostgreSQL: 20 distinct numbers, 1..20, no gap
# ---------------------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_issues_get_twenty_numbers_without_gaps(hcm, signing_files):
    assert connection.vendor == "postgresql"
    from tests.factories import UserFactory

    staff = UserFactory(username="canbo.dongthoi", role="staff", city=hcm)
    body = make_body(hcm)
    signer = Signer.objects.create(body=body, full_name="Nguyễn Văn Thử", position="GIÁM ĐỐC")
    program = build_program(hcm, size=1)
    documents = [issuance.document_open_draft(user=staff, report=done_report(program))[0] for _ in range(20)]
    barrier = threading.Barrier(len(documents))
    errors: list[BaseException] = []

    def issue(document):
        from django.db import connections

        try:
            barrier.wait(timeout=30)
            issuance.document_issue(user=staff, document=document, signer_id=signer.pk)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(d,)) for d in documents]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=600)
    assert errors == []
    issued = ReportDocument.objects.filter(state=ReportDocument.State.ISSUED)
    assert sorted(issued.values_list("sequence", flat=True)) == list(range(1, 21))
    assert len(set(issued.values_list("number", flat=True))) == 20
    assert DocumentRegister.objects.get(body=body).last_number == 20


# ---------------------------------------------------------------------------------------------------------
# The pre-filled narrative: facts of the data only
# ---------------------------------------------------------------------------------------------------------


def test_the_narrative_of_the_seeded_plans_states_only_recorded_facts(seeded):
    from programs.models import Program
    from reports.selectors import report_data

    hanoi = Program.objects.get(plan_number="", city__code="hanoi")
    sections = narrative.default_sections(report_data(kind=Report.Kind.MIDTERM, program_id=hanoi.id))
    # The plan states 12 tasks in 5 groups; the portal follows fewer, and never passes them off as the plan's count.
    assert "12 nhiệm vụ cụ thể theo văn bản" in sections["chi_dao"]
    assert "Cổng đang theo dõi" in sections["chi_dao"]
    assert sections["kinh_phi"] == "Chưa có số liệu về kinh phí."
    hcm = sections_of(seeded)
    assert hcm["can_cu"].startswith("Căn cứ Chương trình") and "UBND TPHCM" in hcm["can_cu"]
    assert all(" 0%" not in text for text in hcm.values())  # no measured progress is not 0 %


def sections_of(program):
    from reports.selectors import report_data

    return narrative.default_sections(report_data(kind=Report.Kind.MIDTERM, program_id=program.id))


def test_issuing_renders_the_current_data_and_records_its_version(cast, report, body, signer, signing_files):
    from programs.models import TaskGroup

    document, _ = issuance.document_open_draft(user=cast.staff_hcm, report=report)
    before = data_fingerprint_now(report)
    TaskGroup.objects.filter(program=report.program, code="1").update(title="Nhóm X-42")
    issued = issuance.document_issue(user=cast.staff_hcm, document=document, signer_id=signer.pk)
    assert issued.data_fingerprint == data_fingerprint_now(report) != before
    assert "Nhóm X-42" in pdf_text(issued.file.read())


def data_fingerprint_now(report) -> str:
    from reports import conf
    from reports.fingerprint import data_fingerprint

    return data_fingerprint(issuance.document_report_data(report), template_version=conf.TEMPLATE_VERSION)


def test_a_city_summary_report_is_issued_by_its_sub(cast, hcm, body, signer, signing_files):
    build_program(hcm, size=1)
    summary = Report.objects.create(kind=Report.Kind.SUMMARY, city=hcm, status=Report.Status.DONE)
    with pytest.raises(PermissionDenied):
        issuance.document_open_draft(user=cast.staff_hanoi, report=summary)
    document, _ = issuance.document_open_draft(user=cast.staff_hcm, report=summary)
    assert document.body == body and document.sections["kinh_phi"] == narrative.NO_BUDGET
    issued = issuance.document_issue(user=cast.staff_hcm, document=document, signer_id=signer.pk)
    assert issued.number == "01/BC-SCT"
    assert "Số: 01/BC-SCT" in pdf_text(issued.file.read())


def test_demo_signers_are_replaced_and_real_ones_left_alone(body, signer):
    from demo.signers import DEMO_MARK, demo_signers, replace_demo_signers

    assert replace_demo_signers() == 2
    assert replace_demo_signers() == 2
    assert demo_signers().count() == 2 and all(s.full_name.endswith(DEMO_MARK) for s in demo_signers())
    assert Signer.objects.filter(pk=signer.pk).exists()
    # The city's Ủy ban nhân dân gets its one demo signer, for the certificates' signature block.
    committee = IssuingBody.objects.create(
        city=body.city, kind=IssuingBody.Kind.COMMITTEE, code="ubnd-thu", name="Ủy ban nhân dân thử",
        header_name="ỦY BAN NHÂN DÂN THỬ", place_name="Thử", abbreviation="UBND",
    )  # fmt: skip
    assert replace_demo_signers() == 3
    assert list(committee.signers.values_list("authority", "position")) == [("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH")]
