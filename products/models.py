import uuid
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from enterprises.models import Enterprise, Sector
from programs.models import Program


class Product(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="products")
    name = models.CharField(_("tên sản phẩm"), max_length=300)
    sector = models.CharField(_("ngành"), max_length=30, choices=Sector.choices)
    description = models.TextField(_("mô tả"), blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    search_text = models.CharField(max_length=700, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("sản phẩm")
        verbose_name_plural = _("sản phẩm")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class RecognitionRound(models.Model):
    """One yearly round of selection (xét chọn) of key/potential products within a program."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Chưa mở")
        OPEN = "open", _("Đang nhận hồ sơ")
        REVIEW = "review", _("Đang xét chọn")
        CLOSED = "closed", _("Đã kết thúc")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="rounds")
    year = models.PositiveSmallIntegerField(_("năm"))
    title = models.CharField(_("tên đợt"), max_length=300)
    opens_on = models.DateField(_("ngày mở"), null=True, blank=True)
    closes_on = models.DateField(_("hạn nộp"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    pass_threshold = models.DecimalField(
        _("điểm đạt"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(70),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("đợt xét chọn")
        verbose_name_plural = _("đợt xét chọn")
        ordering = ["-year", "program"]
        constraints = [models.UniqueConstraint(fields=["program", "year"], name="round_unique_year")]

    def __str__(self) -> str:
        return self.title


class Recognition(models.Model):
    class Kind(models.TextChoices):
        KEY = "key", _("Sản phẩm công nghiệp chủ lực")
        POTENTIAL = "potential", _("Sản phẩm công nghiệp tiềm năng")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="recognitions")
    round = models.ForeignKey(RecognitionRound, on_delete=models.PROTECT, related_name="recognitions")
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    is_first_time = models.BooleanField(_("công nhận lần đầu"), default=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    certificate_number = models.CharField(_("số giấy chứng nhận"), max_length=60, unique=True)
    valid_from = models.DateField(_("hiệu lực từ"))
    valid_until = models.DateField(_("hiệu lực đến"))
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("công nhận sản phẩm")
        verbose_name_plural = _("công nhận sản phẩm")
        ordering = ["-decision_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "round"], name="recognition_once_per_round"),
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")), name="recognition_valid_span"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} ({self.get_kind_display()}, {self.round.year})"
