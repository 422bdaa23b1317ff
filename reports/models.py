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
