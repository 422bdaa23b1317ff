import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from programs.models import Program
from reports.storage import get_report_storage


def report_upload_to(instance: "Report", filename: str) -> str:
    return f"reports/{instance.public_id.hex}.pdf"


def annex_upload_to(instance: "Report", filename: str) -> str:
    """The annexes (registers of enterprises and products) beside the report: `<id>-phu-luc.pdf`, `.xlsx`."""
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"reports/{instance.public_id.hex}-phu-luc.{extension}"


class Report(models.Model):
    """A report job: the row is the source of truth for its status, whatever the broker says."""

    class Kind(models.TextChoices):
        MIDTERM = "midterm", _("Báo cáo kết quả thực hiện giữa nhiệm kỳ")
        PROGRESS = "progress", _("Báo cáo tiến độ")
        SUMMARY = "summary", _("Báo cáo tổng hợp các chương trình")

    class Status(models.TextChoices):
        PENDING = "pending", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Hoàn thành")
        FAILED = "failed", _("Lỗi")

    public_id = models.UUIDField(_("mã định danh (UUID)"), default=uuid.uuid4, unique=True, editable=False)
    program = models.ForeignKey(
        Program,
        on_delete=models.CASCADE,
        related_name="reports",
        null=True,
        blank=True,
        verbose_name=_("chương trình"),
        help_text=_("Để trống với báo cáo tổng hợp các chương trình."),
    )
    # The summary report covers the programmes of one city, issued by that city's Sở Công Thương.
    city = models.ForeignKey(
        "programs.City",
        on_delete=models.PROTECT,
        related_name="reports",
        null=True,
        blank=True,
        verbose_name=_("thành phố"),
    )
    kind = models.CharField(_("loại báo cáo"), max_length=20, choices=Kind.choices)
    # False: demo records (seed_demo) are left out, so that the report may be issued; True: they are shown,
    # watermarked "DỮ LIỆU MINH HỌA" on every page, and the report cannot be issued.
    include_demo = models.BooleanField(_("gồm dữ liệu minh họa"), default=False)
    period_start = models.DateField(_("từ ngày"), null=True, blank=True)
    period_end = models.DateField(_("đến ngày"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    file = models.FileField(_("tệp PDF"), upload_to=report_upload_to, storage=get_report_storage, blank=True)
    page_count = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    # The registers go to annexes, the same rows in both, so that the report itself stays readable at any scale.
    annex_pdf = models.FileField(_("phụ lục (PDF)"), upload_to=annex_upload_to, storage=get_report_storage, blank=True)
    annex_xlsx = models.FileField(
        _("phụ lục (XLSX)"), upload_to=annex_upload_to, storage=get_report_storage, blank=True
    )
    annex_page_count = models.PositiveIntegerField(_("số trang phụ lục"), null=True, blank=True)
    fingerprint = models.CharField(_("dấu vân dữ liệu"), max_length=64, blank=True, db_index=True)
    template_version = models.CharField(_("phiên bản mẫu"), max_length=20, blank=True)
    # The version of the data it shows, read before the data (reports.datastamp): while it is still current, the
    # same request is answered without reading the data again.
    data_stamp = models.TextField(blank=True, editable=False)
    is_public = models.BooleanField(_("công khai"), default=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("người yêu cầu"),
    )
    error = models.TextField(_("lỗi"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    # Written by the claim; a render may store its result only while its token is still the row's token.
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    worker = models.CharField(_("tiến trình xử lý"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("thời điểm yêu cầu"), auto_now_add=True)
    enqueued_at = models.DateTimeField(_("thời điểm đưa vào hàng đợi"), null=True, blank=True)
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("hoàn thành"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        target = self.program or _("Tất cả chương trình")
        return f"{self.get_kind_display()} — {target}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def period_display(self) -> str:
        if not (self.period_start and self.period_end):
            return ""
        return f"{self.period_start:%d/%m/%Y} – {self.period_end:%d/%m/%Y}"


def document_upload_to(instance: "ReportDocument", filename: str) -> str:
    """The signed document beside its report, named by its verification token (never by its number)."""
    return f"reports/van-ban/{instance.verify_token.hex}.pdf"


class DocumentRegister(models.Model):
    """An issuing body's register of reports for one year: the last number it gave (văn thư)."""

    body = models.ForeignKey(
        "programs.IssuingBody", on_delete=models.PROTECT, related_name="registers", verbose_name=_("cơ quan")
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    last_number = models.PositiveIntegerField(_("số cuối đã cấp"), default=0)

    class Meta:
        verbose_name = _("sổ đăng ký văn bản")
        verbose_name_plural = _("sổ đăng ký văn bản")
        ordering = ["body", "-year"]
        constraints = [models.UniqueConstraint(fields=["body", "year"], name="documentregister_one_per_body_year")]

    def __str__(self) -> str:
        return f"{self.body} — {self.year}: {self.last_number}"


class ReportDocument(models.Model):
    """A report as an administrative document: a draft with its narrative, then issued with a number from the
    body's register, a signer, recipients and a signed PDF. One per report; an issued one never changes."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    public_id = models.UUIDField(_("mã định danh (UUID)"), default=uuid.uuid4, unique=True, editable=False)
    report = models.OneToOneField(Report, on_delete=models.PROTECT, related_name="document", verbose_name=_("báo cáo"))
    state = models.CharField(_("trạng thái"), max_length=10, choices=State.choices, default=State.DRAFT)
    # The narrative: "can_cu", "chi_dao", "ton_tai", "nguyen_nhan", "kinh_phi", "kien_nghi", "group:<code>".
    sections = models.JSONField(_("nội dung"), default=dict, blank=True)
    # [{"name": ..., "purpose": ...}], without the closing "Lưu: VT, …" line, which is added at issue.
    recipients = models.JSONField(_("nơi nhận"), default=list, blank=True)
    filing_unit = models.CharField(
        _("đơn vị soạn thảo (lưu)"), max_length=40, blank=True, help_text=_("Sau “Lưu: VT,”; ví dụ: QLCN.")
    )
    body = models.ForeignKey(
        "programs.IssuingBody",
        on_delete=models.PROTECT,
        related_name="documents",
        null=True,
        blank=True,
        verbose_name=_("cơ quan ban hành"),
    )
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("số thứ tự"), null=True, blank=True)
    number = models.CharField(_("số, ký hiệu"), max_length=40, blank=True, db_index=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    signer = models.ForeignKey(
        "programs.Signer",
        on_delete=models.SET_NULL,
        related_name="documents",
        null=True,
        blank=True,
        verbose_name=_("người ký"),
    )
    # The signature block as it was printed, whatever later happens to the signer's record.
    signer_authority = models.CharField(_("thẩm quyền ký"), max_length=120, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    signer_name = models.CharField(_("họ và tên người ký"), max_length=120, blank=True)
    certificate_subject = models.CharField(_("chứng thư số"), max_length=300, blank=True)
    file = models.FileField(_("tệp PDF đã ký"), upload_to=document_upload_to, storage=get_report_storage, blank=True)
    sha256 = models.CharField(_("SHA-256 của tệp đã ký"), max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    # Provenance of the issued file: the data it shows, the template, when it was made.
    data_fingerprint = models.CharField(_("dấu vân dữ liệu"), max_length=64, blank=True)
    template_version = models.CharField(_("phiên bản mẫu"), max_length=20, blank=True)
    generated_at = models.DateTimeField(_("thời điểm tạo tệp"), null=True, blank=True)
    # In the QR code on the last page: the public verification page of this document, not guessable.
    verify_token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người soạn"),
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người ban hành"),
    )
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("thời điểm sửa"), auto_now=True)
    issued_at = models.DateTimeField(_("thời điểm ban hành"), null=True, blank=True)

    class Meta:
        verbose_name = _("văn bản báo cáo")
        verbose_name_plural = _("văn bản báo cáo")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "sequence"], name="reportdocument_unique_number"),
            models.CheckConstraint(
                condition=models.Q(state="draft")
                | models.Q(body__isnull=False, year__isnull=False, sequence__isnull=False, issued_on__isnull=False),
                name="reportdocument_issued_has_number",
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"{self.get_state_display()} — {self.report}"

    @property
    def is_issued(self) -> bool:
        return self.state == self.State.ISSUED
