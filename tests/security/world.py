"""One small portal with something of everything, shared by the access matrix, the fuzzing and the backups.

Two programs in two cities, tasks with evidence, indicators; enterprises A and B, each with a product and an
application with a document; a recognition with its certificate; an application in public comment; a
pending account request; an import record; a finished report with its PDF, its draft document, and another
report issued as a signed document.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from enterprises.models import AccountRequest, Award, EnterpriseImport
from products.models import (
    Application,
    ApplicationDocument,
    CouncilMember,
    ProductCatalogue,
    ProductGroup,
    ProductGroupMember,
)
from programs.models import IssuingBody, Signer, Task
from programs.services import task_update_record
from programs.targets import TargetKind
from reports.models import Report, ReportDocument
from tests.factories import (
    CityFactory,
    EnrollmentFactory,
    EnterpriseFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    ProductFactory,
    ProgramFactory,
    RecognitionFactory,
    RecognitionRoundFactory,
    TaskFactory,
    TaskGroupFactory,
    UserFactory,
)
from tests.products.factories import ApplicationFactory, CouncilMemberFactory, CriterionFactory, DocumentTypeFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ROLES = ["anonymous", "enterprise_a", "enterprise_b", "staff_hcm", "staff_hanoi", "official", "admin"]


@dataclass
class World:
    users: dict
    enterprise_a: object
    enterprise_b: object
    hcm_program: object
    hanoi_program: object
    hcm_task: object
    hanoi_task: object
    hcm_evidence: object
    hanoi_evidence: object
    hcm_indicator: object
    hanoi_indicator: object
    product_a: object
    product_b: object
    round: object
    hanoi_round: object
    application_a: object
    application_b: object
    submitted_a: object
    scoring_b: object
    document_a: object
    document_b: object
    commented: object
    recognition_a: object
    recognition_b: object
    account_request: object
    import_hcm: object
    report: object
    failed_report: object
    extra: dict = field(default_factory=dict)


def _pdf(name="tai-lieu.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def _cast(hcm, hanoi) -> dict:
    enterprise_a = EnterpriseFactory(name="Công ty TNHH Nhựa Đồng Tiến", tax_code="0301234562")
    enterprise_b = EnterpriseFactory(name="Công ty CP Cao su Sài Gòn", tax_code="0312345673")
    return {
        "staff_hcm": UserFactory(username="canbo.hcm", role="staff", city=hcm, first_name="Lan"),
        "staff_hanoi": UserFactory(username="canbo.hanoi", role="staff", city=hanoi, first_name="Minh"),
        "official": UserFactory(username="lanhdao", role="official"),
        "enterprise_a": UserFactory(username="dn.a", role="enterprise", enterprise=enterprise_a),
        "enterprise_b": UserFactory(username="dn.b", role="enterprise", enterprise=enterprise_b),
        "admin": UserFactory(username="quantri", role="admin", is_staff=True, is_superuser=True),
    }


def _program(city, slug, staff):
    program = ProgramFactory(city=city, slug=slug, short_title=f"CT {slug}")
    group = TaskGroupFactory(program=program, order=1, code="1")
    task = TaskFactory(group=group, title=f"Nhiệm vụ của {slug}", due_date=datetime.date(2099, 12, 31))
    evidence = task_update_record(
        task=task, actor=staff, date=datetime.date(2024, 5, 1), status=Task.Status.IN_PROGRESS, progress=40,
        note="Đã tổ chức lớp đào tạo", evidence=_pdf("bien-ban.pdf"),
    )  # fmt: skip
    indicator = IndicatorFactory(program=program, code="dn-tham-gia", target_kind=TargetKind.RANGE)
    IndicatorValueFactory(indicator=indicator, period_label="Năm 2023", value=Decimal(21))
    return program, task, evidence, indicator


def _document(application, document_type, user) -> ApplicationDocument:
    document = ApplicationDocument(
        application=application, document_type=document_type, original_name="giay-phep.pdf",
        content_type="application/pdf", size=len(PDF_BYTES), sha256="0" * 64, uploaded_by=user,
    )  # fmt: skip
    document.file.save("upload", ContentFile(PDF_BYTES), save=True)
    return document


def _finished_report(program, user) -> Report:
    report = Report.objects.create(
        program=program, kind=Report.Kind.MIDTERM, status=Report.Status.DONE, progress=100, requested_by=user,
        page_count=1, finished_at=datetime.datetime(2024, 6, 1, tzinfo=datetime.UTC),
    )  # fmt: skip
    report.file.save("report.pdf", ContentFile(PDF_BYTES), save=True)
    report.annex_pdf.save("annex.pdf", ContentFile(PDF_BYTES), save=True)
    return report


def _documents(report: Report, program, user) -> dict:
    """The report's draft, and a second report of the programme issued (its file stands for a signed PDF)."""
    body = IssuingBody.objects.create(
        city=program.city, kind=IssuingBody.Kind.DEPARTMENT, code="so-cong-thuong-the-gioi", name="Sở Công Thương",
        parent_name="ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", header_name="SỞ CÔNG THƯƠNG",
        place_name="Thành phố Hồ Chí Minh", abbreviation="SCT",
    )  # fmt: skip
    signer = Signer.objects.create(body=body, full_name="Nguyễn Văn Thử", position="GIÁM ĐỐC")
    draft = ReportDocument.objects.create(report=report, body=body, sections={"can_cu": "Căn cứ"}, created_by=user)
    issued = ReportDocument.objects.create(
        report=_finished_report(program, user), state=ReportDocument.State.ISSUED, body=body, year=2024, sequence=1,
        number="01/BC-SCT", issued_on=datetime.date(2024, 6, 1), signer=signer, signer_position="GIÁM ĐỐC",
        signer_name="Nguyễn Văn Thử", sha256="0" * 64, issued_by=user,
    )  # fmt: skip
    issued.file.save("signed.pdf", ContentFile(PDF_BYTES), save=True)
    return {"draft_document": draft, "issued_document": issued}


def _catalogue(city, enterprise) -> dict:
    """The city's catalogue of product groups, with one enterprise listed in one of its groups."""
    catalogue = ProductCatalogue.objects.create(
        city=city, slug="danh-muc-the-gioi", title="Danh mục nhóm sản phẩm chủ lực", decision_number="01/QĐ-UBND",
        decision_date=datetime.date(2021, 2, 5),
    )  # fmt: skip
    group = ProductGroup.objects.create(catalogue=catalogue, name="Nhựa - cao su", kind="key")
    return {
        "catalogue": catalogue,
        "group_member": ProductGroupMember.objects.create(group=group, enterprise=enterprise),
    }


def build_world() -> World:
    hcm = CityFactory(code="hcm", name="TP Hồ Chí Minh", short_name="TPHCM")
    hanoi = CityFactory(code="hanoi", name="Hà Nội", short_name="Hà Nội")
    users = _cast(hcm, hanoi)
    enterprise_a, enterprise_b = users["enterprise_a"].enterprise, users["enterprise_b"].enterprise
    hcm_program, hcm_task, hcm_evidence, hcm_indicator = _program(hcm, "nhua-cao-su-hcm", users["staff_hcm"])
    hanoi_program, hanoi_task, hanoi_evidence, hanoi_indicator = _program(hanoi, "cnht-ha-noi", users["staff_hanoi"])
    EnrollmentFactory(program=hcm_program, enterprise=enterprise_a)
    EnrollmentFactory(program=hcm_program, enterprise=enterprise_b)

    product_a = ProductFactory(enterprise=enterprise_a, name="Ống nhựa HDPE Đồng Tiến")
    product_b = ProductFactory(enterprise=enterprise_b, name="Lốp xe cao su Sài Gòn")
    round = RecognitionRoundFactory(program=hcm_program, year=2024, title="Xét chọn năm 2024")
    hanoi_round = RecognitionRoundFactory(program=hanoi_program, year=2023, title="Xét chọn Hà Nội 2023")
    document_type = DocumentTypeFactory(round=round, name="Giấy chứng nhận đăng ký doanh nghiệp")
    criterion = CriterionFactory(round=round, name="Thị trường", max_points=Decimal(100))
    council_member = CouncilMemberFactory(
        round=round, user=users["official"], title="Chủ tịch", role=CouncilMember.Role.CHAIR
    )
    application_a = ApplicationFactory(round=round, product=product_a, created_by=users["enterprise_a"])
    application_b = ApplicationFactory(round=round, product=product_b, created_by=users["enterprise_b"])
    document_a = _document(application_a, document_type, users["enterprise_a"])
    document_b = _document(application_b, document_type, users["enterprise_b"])
    submitted_a = ApplicationFactory(
        round=round, product=ProductFactory(enterprise=enterprise_a, name="Màng nhựa PE"),
        status=Application.Status.SUBMITTED, created_by=users["enterprise_a"],
    )  # fmt: skip
    scoring_b = ApplicationFactory(
        round=round, product=ProductFactory(enterprise=enterprise_b, name="Gioăng cao su chịu nhiệt"),
        status=Application.Status.COUNCIL_SCORING, created_by=users["enterprise_b"],
    )  # fmt: skip
    commented = ApplicationFactory(
        round=round, product=ProductFactory(enterprise=enterprise_a, name="Hạt nhựa tái chế"),
        status=Application.Status.PUBLIC_COMMENT, comment_opens_on=datetime.date.today() - datetime.timedelta(days=2),
        comment_closes_on=datetime.date.today() + datetime.timedelta(days=10), score_average=Decimal("82.5"),
        score_count=1,
    )  # fmt: skip
    # The round's result list is published with the same window, as products.comments.result_publish does.
    round.result_published_on, round.comment_closes_on = commented.comment_opens_on, commented.comment_closes_on
    round.save(update_fields=["result_published_on", "comment_closes_on"])
    past_round = RecognitionRoundFactory(program=hcm_program, year=2022, title="Xét chọn năm 2022")
    recognition_a = RecognitionFactory(product=product_a, round=past_round, certificate_number="GCN-A-001")
    recognition_b = RecognitionFactory(product=product_b, round=past_round, certificate_number="GCN-B-001")

    newcomer = UserFactory(username="dn.moi@example.vn", email="dn.moi@example.vn", role="enterprise")
    account_request = AccountRequest.objects.create(user=newcomer, tax_code="0301234562")
    import_hcm = EnterpriseImport.objects.create(
        uploaded_by=users["staff_hcm"], file_name="danh-sach.xlsx", status=EnterpriseImport.Status.FAILED,
        row_count=1, errors=[{"row": 2, "column": "Mã số thuế", "value": "123", "message": "Mã số thuế không hợp lệ"}],
    )  # fmt: skip
    report = _finished_report(hcm_program, users["staff_hcm"])
    failed_report = Report.objects.create(
        program=hanoi_program, kind=Report.Kind.MIDTERM, status=Report.Status.FAILED, error="Không tạo được tệp PDF",
        requested_by=users["staff_hanoi"],
    )  # fmt: skip
    return World(
        users=users, enterprise_a=enterprise_a, enterprise_b=enterprise_b, hcm_program=hcm_program,
        hanoi_program=hanoi_program, hcm_task=hcm_task, hanoi_task=hanoi_task, hcm_evidence=hcm_evidence,
        hanoi_evidence=hanoi_evidence, hcm_indicator=hcm_indicator, hanoi_indicator=hanoi_indicator,
        product_a=product_a, product_b=product_b, round=round, hanoi_round=hanoi_round, application_a=application_a,
        application_b=application_b, submitted_a=submitted_a, scoring_b=scoring_b, document_a=document_a, document_b=document_b, commented=commented,
        recognition_a=recognition_a, recognition_b=recognition_b, account_request=account_request,
        import_hcm=import_hcm, report=report, failed_report=failed_report,
        extra={
            **_documents(report, hcm_program, users["staff_hcm"]), **_catalogue(hcm, enterprise_a),
            "criterion": criterion, "document_type": document_type, "council_member": council_member,
            "award": Award.objects.create(enterprise=enterprise_a, name="Thương hiệu Vàng TP.HCM", year=2023),
        },
    )  # fmt: skip
