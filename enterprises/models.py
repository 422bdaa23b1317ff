import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import ChoiceLabelsMixin
from core.dates import validate_date_in_range, validate_year
from core.validation import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH, bounded
from enterprises.sme import SectorGroup, SmeSize
from enterprises.taxcode import TaxCodeField
from programs.models import Program

PUBLIC_ID_LABEL = _("mã định danh (UUID)")


class Sector(models.TextChoices):
    RUBBER_PLASTICS = "rubber_plastics", _("Cao su - nhựa")
    MECHANICAL = "mechanical", _("Cơ khí - tự động hóa")
    ELECTRONICS = "electronics", _("Điện - điện tử")
    COMPONENTS = "components", _("Linh kiện, phụ tùng")
    TEXTILE_LEATHER = "textile_leather", _("Dệt may - da giày")
    FOOD = "food", _("Chế biến lương thực - thực phẩm")
    CHEMICALS = "chemicals", _("Hóa chất - dược phẩm")
    MATERIALS = "materials", _("Vật liệu")
    HIGH_TECH = "high_tech", _("Công nghiệp công nghệ cao")
    TRADE = "trade", _("Thương mại")
    SERVICES = "services", _("Dịch vụ")


SECTOR_GROUPS = {Sector.TRADE: SectorGroup.TRADE_SERVICES, Sector.SERVICES: SectorGroup.TRADE_SERVICES}


def sector_group_of(sector: str) -> str:
    return SECTOR_GROUPS.get(sector, SectorGroup.INDUSTRY)


class Enterprise(ChoiceLabelsMixin, models.Model):
    class Ownership(models.TextChoices):
        PRIVATE = "private", _("Tư nhân trong nước")
        STATE = "state", _("Nhà nước")
        FDI = "fdi", _("Có vốn đầu tư nước ngoài (FDI)")

    public_id = models.UUIDField(PUBLIC_ID_LABEL, default=uuid.uuid4, unique=True, editable=False)
    tax_code = TaxCodeField(
        _("mã số thuế"),
        unique=True,
        error_messages={"unique": _("Đã có doanh nghiệp với mã số thuế này trong hệ thống.")},
    )
    name = models.CharField(_("tên doanh nghiệp"), max_length=300)
    english_name = models.CharField(_("tên tiếng Anh"), max_length=300, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=400, blank=True)
    province = models.CharField(_("tỉnh/thành phố"), max_length=100)
    district = models.CharField(_("quận/huyện"), max_length=100, blank=True)
    ownership = models.CharField(_("loại hình sở hữu"), max_length=20, choices=Ownership.choices)
    sector = models.CharField(_("ngành chính"), max_length=30, choices=Sector.choices)
    employees = models.PositiveIntegerField(_("số lao động (BHXH)"), default=0)
    revenue = models.DecimalField(
        _("doanh thu (tỷ đồng)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    capital = models.DecimalField(
        _("tổng nguồn vốn (tỷ đồng)"),
        max_digits=14,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )
    # Derived from sector, employees, revenue and capital by the enterprise services; stored so that the
    # directory can filter and index by it.
    sme_size = models.CharField(_("quy mô"), max_length=10, choices=SmeSize.choices, editable=False)
    website = models.URLField(_("trang web"), blank=True)
    # Private: staff and the enterprise itself only.
    representative = models.CharField(_("người đại diện"), max_length=200, blank=True)
    contact_email = models.EmailField(_("email liên hệ"), blank=True)
    contact_phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    staff_notes = models.TextField(_("ghi chú nội bộ"), blank=True, **bounded(NOTE_MAX_LENGTH))
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    search_text = models.CharField(_("nội dung tìm kiếm"), max_length=700, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_text"])

    class Meta:
        verbose_name = _("doanh nghiệp")
        verbose_name_plural = _("doanh nghiệp")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["province", "district"]),
            models.Index(fields=["sector", "sme_size"]),
            # The directory's order: a page is read from the index instead of sorting every enterprise.
            models.Index(fields=["name", "id"], name="enterprise_name_order"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sector_group(self) -> str:
        return sector_group_of(self.sector)


class Certification(models.Model):
    class Standard(models.TextChoices):
        ISO_9001 = "iso9001", "ISO 9001"
        IATF_16949 = "iatf16949", "IATF 16949"
        ISO_14001 = "iso14001", "ISO 14001"
        ISO_45001 = "iso45001", "ISO 45001"
        ISO_13485 = "iso13485", "ISO 13485"
        OTHER = "other", _("Khác")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="certifications", verbose_name=_("doanh nghiệp")
    )
    standard = models.CharField(_("tiêu chuẩn"), max_length=20, choices=Standard.choices)
    other_name = models.CharField(_("tên tiêu chuẩn khác"), max_length=100, blank=True)
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True, validators=[validate_date_in_range])

    class Meta:
        verbose_name = _("chứng nhận")
        verbose_name_plural = _("chứng nhận")
        ordering = ["standard"]

    def __str__(self) -> str:
        return self.other_name or self.get_standard_display()


class Award(ChoiceLabelsMixin, models.Model):
    """An award an enterprise holds. "Thương hiệu Vàng TP.HCM" (QĐ 4352/QĐ-UBND, 25/11/2020) is structured:
    its year, category and the decision that conferred it; other awards keep their name and year."""

    class Kind(models.TextChoices):
        GOLDEN_BRAND_HCMC = "golden_brand_hcmc", _("Thương hiệu Vàng TP.HCM")
        OTHER = "other", _("Giải thưởng khác")

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="awards", verbose_name=_("doanh nghiệp")
    )
    kind = models.CharField(_("loại giải thưởng"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    name = models.CharField(_("giải thưởng"), max_length=200)
    year = models.PositiveSmallIntegerField(_("năm"), validators=[validate_year])
    category = models.CharField(_("hạng mục"), max_length=200, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True, validators=[validate_date_in_range])
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)

    class Meta:
        verbose_name = _("giải thưởng")
        verbose_name_plural = _("giải thưởng")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class Enrollment(models.Model):
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("doanh nghiệp")
    )
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="enrollments", verbose_name=_("chương trình")
    )
    enrolled_on = models.DateField(_("ngày tham gia"), validators=[validate_date_in_range])
    note = models.TextField(_("ghi chú"), blank=True, **bounded(NOTE_MAX_LENGTH))

    class Meta:
        verbose_name = _("doanh nghiệp tham gia chương trình")
        verbose_name_plural = _("doanh nghiệp tham gia chương trình")
        ordering = ["-enrolled_on"]
        constraints = [models.UniqueConstraint(fields=["enterprise", "program"], name="enrollment_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise} — {self.program}"


class SupportActivity(models.Model):
    class Kind(models.TextChoices):
        TRAINING = "training", _("Đào tạo nguồn nhân lực")
        TRADE_FAIR = "trade_fair", _("Hội chợ, triển lãm")
        WORKSHOP = "workshop", _("Hội thảo")
        CONSULTING = "consulting", _("Tư vấn, đào tạo quản lý")
        DELEGATION = "delegation", _("Đoàn khảo sát nước ngoài")
        SUPPLIER_CONNECTION = "supplier_connection", _("Kết nối cung ứng")
        TECHNOLOGY = "technology", _("Hỗ trợ đổi mới công nghệ")
        INVESTMENT_PROMOTION = "investment_promotion", _("Xúc tiến đầu tư")

    public_id = models.UUIDField(PUBLIC_ID_LABEL, default=uuid.uuid4, unique=True, editable=False)
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="activities", verbose_name=_("chương trình")
    )
    kind = models.CharField(_("loại hoạt động"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("tên hoạt động"), max_length=300)
    start_date = models.DateField(_("ngày bắt đầu"), validators=[validate_date_in_range])
    end_date = models.DateField(_("ngày kết thúc"), null=True, blank=True, validators=[validate_date_in_range])
    location = models.CharField(_("địa điểm"), max_length=200, blank=True)
    organizer = models.CharField(_("đơn vị tổ chức"), max_length=200, blank=True)
    description = models.TextField(_("mô tả"), blank=True, **bounded(TEXT_MAX_LENGTH))
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)

    class Meta:
        verbose_name = _("hoạt động hỗ trợ")
        verbose_name_plural = _("hoạt động hỗ trợ")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="activity_dates_in_order",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Participation(models.Model):
    """One enterprise in one activity: a "lượt doanh nghiệp" as the plans count them."""

    activity = models.ForeignKey(
        SupportActivity, on_delete=models.CASCADE, related_name="participations", verbose_name=_("hoạt động")
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="participations", verbose_name=_("doanh nghiệp")
    )
    became_supplier = models.BooleanField(_("trở thành nhà cung ứng trực tiếp"), default=False)
    note = models.TextField(_("ghi chú"), blank=True, **bounded(NOTE_MAX_LENGTH))

    class Meta:
        verbose_name = _("lượt tham gia")
        verbose_name_plural = _("lượt tham gia")
        constraints = [models.UniqueConstraint(fields=["activity", "enterprise"], name="participation_unique")]

    def __str__(self) -> str:
        return f"{self.enterprise} @ {self.activity}"


# The reason a refused account holder reads in their e-mail.
REJECT_REASON_MAX_LENGTH = 1000


class AccountRequest(models.Model):
    """An enterprise account's request to be linked to the enterprise whose tax code it claims.

    The user may sign in at once but reaches no enterprise data until department staff verify the claim.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xác minh")
        VERIFIED = "verified", _("Đã xác minh")
        REJECTED = "rejected", _("Bị từ chối")

    public_id = models.UUIDField(PUBLIC_ID_LABEL, default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="account_request",
        verbose_name=_("tài khoản"),
    )
    tax_code = TaxCodeField(_("mã số thuế đăng ký"), db_index=True)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.PENDING)
    reason = models.TextField(_("lý do từ chối"), blank=True, **bounded(REJECT_REASON_MAX_LENGTH))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người xác minh"),
    )
    decided_at = models.DateTimeField(_("thời điểm xác minh"), null=True, blank=True)
    # The last status the account holder was e-mailed about, so that a redelivered task sends nothing twice.
    notified_status = models.CharField(_("trạng thái đã báo"), max_length=20, blank=True, editable=False)
    created_at = models.DateTimeField(_("ngày đăng ký"), auto_now_add=True)

    class Meta:
        verbose_name = _("yêu cầu xác minh tài khoản")
        verbose_name_plural = _("yêu cầu xác minh tài khoản")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.tax_code}"


class EnterpriseImport(models.Model):
    """One upload of an enterprise list. Kept so that the uploader can download the error report."""

    class Status(models.TextChoices):
        SUCCEEDED = "succeeded", _("Đã nhập")
        FAILED = "failed", _("Có lỗi, chưa nhập")

    public_id = models.UUIDField(PUBLIC_ID_LABEL, default=uuid.uuid4, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("người nhập"),
    )
    file_name = models.CharField(_("tên tệp"), max_length=255)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices)
    row_count = models.PositiveIntegerField(_("số dòng"), default=0)
    created_count = models.PositiveIntegerField(_("số doanh nghiệp thêm mới"), default=0)
    updated_count = models.PositiveIntegerField(_("số doanh nghiệp cập nhật"), default=0)
    # [{"row": 5, "column": "Mã số thuế", "value": "123", "message": "…"}, …]
    errors = models.JSONField(_("lỗi"), default=list, blank=True)
    created_at = models.DateTimeField(_("thời điểm nhập"), auto_now_add=True)

    class Meta:
        verbose_name = _("lượt nhập danh sách doanh nghiệp")
        verbose_name_plural = _("lượt nhập danh sách doanh nghiệp")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%d/%m/%Y %H:%M})"
