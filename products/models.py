import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.choices import ChoiceLabelsMixin
from core.dates import validate_date_in_range, validate_year
from core.validation import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH, bounded
from enterprises.models import PUBLIC_ID_LABEL, Enterprise, Sector
from programs.models import Program


class Product(ChoiceLabelsMixin, models.Model):
    public_id = models.UUIDField(PUBLIC_ID_LABEL, default=uuid.uuid4, unique=True, editable=False)
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="products", verbose_name=_("doanh nghiệp")
    )
    name = models.CharField(_("tên sản phẩm"), max_length=300)
    sector = models.CharField(_("ngành"), max_length=30, choices=Sector.choices)
    description = models.TextField(_("mô tả"), blank=True, **bounded(TEXT_MAX_LENGTH))
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    search_text = models.CharField(_("nội dung tìm kiếm"), max_length=700, editable=False, db_index=True, default="")
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
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

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("chương trình")
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=[validate_year])
    title = models.CharField(_("tên đợt"), max_length=300)
    opens_on = models.DateField(_("ngày mở"), null=True, blank=True, validators=[validate_date_in_range])
    closes_on = models.DateField(_("hạn nộp"), null=True, blank=True, validators=[validate_date_in_range])
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    pass_threshold = models.DecimalField(
        _("điểm đạt"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(70),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    admits_other_provinces = models.BooleanField(
        _("nhận hồ sơ của doanh nghiệp ngoài thành phố"),
        default=False,
        help_text=_(
            "Để trống: chỉ doanh nghiệp đặt tại thành phố của chương trình được nộp hồ sơ vào đợt này. "
            "Đánh dấu: doanh nghiệp ở tỉnh, thành phố khác cũng được nộp."
        ),
    )
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)

    class Meta:
        verbose_name = _("đợt xét chọn")
        verbose_name_plural = _("đợt xét chọn")
        ordering = ["-year", "program"]
        constraints = [
            models.UniqueConstraint(fields=["program", "year"], name="round_unique_year"),
            models.CheckConstraint(
                condition=models.Q(opens_on__isnull=True)
                | models.Q(closes_on__isnull=True)
                | models.Q(closes_on__gte=models.F("opens_on")),
                name="round_dates_in_order",
                violation_error_message=_("Hạn nộp không được trước ngày mở."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Recognition(ChoiceLabelsMixin, models.Model):
    class Kind(models.TextChoices):
        KEY = "key", _("Sản phẩm công nghiệp chủ lực")
        POTENTIAL = "potential", _("Sản phẩm công nghiệp tiềm năng")

    public_id = models.UUIDField(PUBLIC_ID_LABEL, default=uuid.uuid4, unique=True, editable=False)
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="recognitions", verbose_name=_("sản phẩm")
    )
    round = models.ForeignKey(
        RecognitionRound, on_delete=models.PROTECT, related_name="recognitions", verbose_name=_("đợt xét chọn")
    )
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    # What the recognition certifies, copied from the product and its enterprise when it is decided (or
    # recorded): a later rename of either never changes a certificate already issued.
    product_name = models.CharField(_("tên sản phẩm được công nhận"), max_length=300, editable=False, default="")
    product_sector = models.CharField(
        _("ngành được công nhận"), max_length=30, choices=Sector.choices, editable=False, default=""
    )
    enterprise_name = models.CharField(_("tên doanh nghiệp được công nhận"), max_length=300, editable=False, default="")
    enterprise_district = models.CharField(_("quận/huyện khi công nhận"), max_length=100, editable=False, default="")
    enterprise_province = models.CharField(
        _("tỉnh/thành phố khi công nhận"), max_length=100, editable=False, default=""
    )
    search_text = models.CharField(_("nội dung tìm kiếm"), max_length=700, editable=False, db_index=True, default="")
    enterprise_search_text = models.CharField(
        _("nội dung tìm kiếm của doanh nghiệp"), max_length=700, editable=False, default=""
    )
    is_first_time = models.BooleanField(_("công nhận lần đầu"), default=True)
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"), validators=[validate_date_in_range])
    certificate_number = models.CharField(_("số giấy chứng nhận"), max_length=60, unique=True)
    valid_from = models.DateField(_("hiệu lực từ"), validators=[validate_date_in_range])
    valid_until = models.DateField(_("hiệu lực đến"), validators=[validate_date_in_range])
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    # The application the decision answered; empty for recognitions recorded before the portal.
    application = models.OneToOneField(
        "Application",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recognition",
        verbose_name=_("hồ sơ đăng ký"),
    )
    history = HistoricalRecords(excluded_fields=["search_text", "enterprise_search_text"])

    class Meta:
        verbose_name = _("công nhận sản phẩm")
        verbose_name_plural = _("công nhận sản phẩm")
        ordering = ["-decision_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["product", "round"], name="recognition_once_per_round"),
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")),
                name="recognition_valid_span",
                violation_error_message=_("Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_name or self.product} ({self.get_kind_display()}, {self.round.year})"


class DocumentType(models.Model):
    """A document the dossier of a round must (or may) contain, e.g. "Giấy chứng nhận đăng ký doanh nghiệp"."""

    round = models.ForeignKey(
        RecognitionRound, on_delete=models.CASCADE, related_name="document_types", verbose_name=_("đợt xét chọn")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    name = models.CharField(_("tên tài liệu"), max_length=300)
    description = models.TextField(_("hướng dẫn"), blank=True, **bounded(TEXT_MAX_LENGTH))
    is_required = models.BooleanField(_("bắt buộc"), default=True)

    class Meta:
        verbose_name = _("loại tài liệu hồ sơ")
        verbose_name_plural = _("loại tài liệu hồ sơ")
        ordering = ["round", "order", "id"]

    def __str__(self) -> str:
        return self.name


class Application(ChoiceLabelsMixin, models.Model):
    """One product applying for recognition in one round (hồ sơ đăng ký xét chọn)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        SUBMITTED = "submitted", _("Đã nộp")
        UNDER_REVIEW = "under_review", _("Đang thẩm định")
        SUPPLEMENT_REQUESTED = "supplement_requested", _("Yêu cầu bổ sung")
        RESUBMITTED = "resubmitted", _("Đã nộp bổ sung")
        COUNCIL_SCORING = "council_scoring", _("Hội đồng đang chấm điểm")
        PUBLIC_COMMENT = "public_comment", _("Đang lấy ý kiến công khai")
        RECOGNISED = "recognised", _("Được công nhận")
        REJECTED = "rejected", _("Không được công nhận")
        WITHDRAWN = "withdrawn", _("Đã rút hồ sơ")

    public_id = models.UUIDField(PUBLIC_ID_LABEL, default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(
        RecognitionRound, on_delete=models.PROTECT, related_name="applications", verbose_name=_("đợt xét chọn")
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="applications", verbose_name=_("sản phẩm")
    )
    # The product's enterprise, kept on the row so that every scoped lookup is one indexed filter.
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="applications", verbose_name=_("doanh nghiệp")
    )
    kind = models.CharField(_("loại đăng ký"), max_length=20, choices=Recognition.Kind.choices)
    status = models.CharField(_("trạng thái"), max_length=30, choices=Status.choices, default=Status.DRAFT)
    # The dossier's three sections: a draft may leave them empty, a submitted dossier may not.
    market_summary = models.TextField(_("thị trường, doanh thu, xuất khẩu"), blank=True, **bounded(TEXT_MAX_LENGTH))
    technical_summary = models.TextField(
        _("kinh tế - kỹ thuật, công nghệ, chất lượng"), blank=True, **bounded(TEXT_MAX_LENGTH)
    )
    social_summary = models.TextField(_("xã hội - môi trường"), blank=True, **bounded(TEXT_MAX_LENGTH))
    comment_opens_on = models.DateField(
        _("ngày bắt đầu lấy ý kiến"), null=True, blank=True, validators=[validate_date_in_range]
    )
    comment_closes_on = models.DateField(
        _("ngày kết thúc lấy ý kiến"), null=True, blank=True, validators=[validate_date_in_range]
    )
    # Written by the scoring service each time a council member saves a sheet.
    score_average = models.DecimalField(_("điểm trung bình"), max_digits=6, decimal_places=2, null=True, blank=True)
    score_count = models.PositiveSmallIntegerField(_("số thành viên đã chấm"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tạo"),
    )
    submitted_at = models.DateTimeField(_("nộp lần đầu lúc"), null=True, blank=True)
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ đăng ký")
        verbose_name_plural = _("hồ sơ đăng ký")
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(fields=["round", "status"]),
            models.Index(fields=["enterprise", "status"]),
            # The application lists' order (newest change first): a page is read from the index.
            models.Index(fields=["-updated_at", "-id"], name="application_recent_order"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["product", "round"], name="application_once_per_round"),
            models.CheckConstraint(
                condition=models.Q(comment_opens_on__isnull=True)
                | models.Q(comment_closes_on__gte=models.F("comment_opens_on")),
                name="application_comment_window",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} — {self.round}"

    @property
    def is_editable_by_enterprise(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.SUPPLEMENT_REQUESTED)

    def passed(self) -> bool:
        return self.score_average is not None and self.score_average >= self.round.pass_threshold

    def comment_window_open(self, today) -> bool:
        return (
            self.status == self.Status.PUBLIC_COMMENT
            and self.comment_opens_on is not None
            and self.comment_opens_on <= today <= self.comment_closes_on
        )


class ApplicationEvent(models.Model):
    """One status change: who, when, from what to what, and why. Never edited."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events", verbose_name=_("hồ sơ")
    )
    from_status = models.CharField(_("từ trạng thái"), max_length=30, choices=Application.Status.choices)
    to_status = models.CharField(_("sang trạng thái"), max_length=30, choices=Application.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("người thực hiện")
    )
    note = models.TextField(_("ghi chú"), blank=True, **bounded(NOTE_MAX_LENGTH))
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    # Claimed by the notification task so that a second delivery sends nothing.
    notified_at = models.DateTimeField(_("đã gửi thông báo lúc"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("lịch sử hồ sơ")
        verbose_name_plural = _("lịch sử hồ sơ")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application}: {self.from_status} → {self.to_status}"


def document_upload_to(instance, filename: str) -> str:
    # Stored under a generated name; the user's file name is kept only as metadata.
    return f"dossiers/{uuid.uuid4().hex}"


class ApplicationDocument(models.Model):
    public_id = models.UUIDField(PUBLIC_ID_LABEL, default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="documents", verbose_name=_("hồ sơ")
    )
    document_type = models.ForeignKey(
        DocumentType, on_delete=models.PROTECT, related_name="documents", verbose_name=_("loại tài liệu")
    )
    file = models.FileField(_("tệp"), upload_to=document_upload_to)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name=_("người tải lên")
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài liệu hồ sơ")
        verbose_name_plural = _("tài liệu hồ sơ")
        ordering = ["document_type__order", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class CouncilMember(models.Model):
    """A user (official or department staff) sitting on the selection council of one round."""

    round = models.ForeignKey(
        RecognitionRound, on_delete=models.CASCADE, related_name="council_members", verbose_name=_("đợt xét chọn")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="council_seats",
        verbose_name=_("thành viên"),
        limit_choices_to={"role__in": ["official", "staff"]},
    )
    title = models.CharField(_("chức danh trong hội đồng"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = _("thành viên hội đồng")
        ordering = ["round", "id"]
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="council_member_once_per_round")]

    def __str__(self) -> str:
        return f"{self.user.get_full_name() or self.user.username} — {self.round}"


class ConflictDeclaration(models.Model):
    """A conflict of interest between a council member and an application.

    Declared by the member before or during the council's scoring: they may not score that application, and a
    sheet they saved no longer counts. Recorded by the city's staff once scoring has closed (after_scoring): the
    conflict is on the record, but the result already published stands as scored, with that member's sheet."""

    member = models.ForeignKey(
        CouncilMember, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("thành viên")
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="conflicts", verbose_name=_("hồ sơ")
    )
    reason = models.TextField(_("lý do"), **bounded(NOTE_MAX_LENGTH))
    declared_at = models.DateTimeField(_("khai báo lúc"), auto_now_add=True)
    after_scoring = models.BooleanField(
        _("ghi nhận sau khi hội đồng chấm xong"),
        default=False,
        help_text=_("Phiếu chấm của thành viên vẫn được tính vào kết quả đã công bố."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cán bộ ghi nhận"),
    )

    class Meta:
        verbose_name = _("khai báo xung đột lợi ích")
        verbose_name_plural = _("khai báo xung đột lợi ích")
        constraints = [models.UniqueConstraint(fields=["member", "application"], name="conflict_once")]

    def __str__(self) -> str:
        return f"{self.member} ↔ {self.application}"


class Criterion(models.Model):
    """One line of a round's scoring sheet; the maximum points of a round add up to 100."""

    round = models.ForeignKey(
        RecognitionRound, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("đợt xét chọn")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    name = models.CharField(_("tiêu chí"), max_length=300)
    description = models.TextField(_("mô tả"), blank=True, **bounded(TEXT_MAX_LENGTH))
    # The maximum points of a round's criteria add up to 100.
    max_points = models.DecimalField(
        _("điểm tối đa"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )

    class Meta:
        verbose_name = _("tiêu chí chấm điểm")
        verbose_name_plural = _("tiêu chí chấm điểm")
        ordering = ["round", "order", "id"]
        constraints = [models.CheckConstraint(condition=models.Q(max_points__gt=0), name="criterion_positive_max")]

    def __str__(self) -> str:
        return self.name


class Score(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="scores", verbose_name=_("hồ sơ")
    )
    member = models.ForeignKey(
        CouncilMember, on_delete=models.CASCADE, related_name="scores", verbose_name=_("thành viên")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("tiêu chí")
    )
    points = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)])
    scored_at = models.DateTimeField(_("chấm lúc"), auto_now=True)

    class Meta:
        verbose_name = _("điểm chấm")
        verbose_name_plural = _("điểm chấm")
        ordering = ["application", "member", "criterion__order"]
        constraints = [
            models.UniqueConstraint(fields=["application", "member", "criterion"], name="score_once"),
            models.CheckConstraint(condition=models.Q(points__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.criterion}: {self.points}"


class PublicComment(models.Model):
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="public_comments", verbose_name=_("hồ sơ")
    )
    author_name = models.CharField(_("họ tên"), max_length=200)
    # Private: staff only, to follow up.
    author_email = models.EmailField(_("email"), blank=True)
    body = models.TextField(_("ý kiến"), **bounded(NOTE_MAX_LENGTH))
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("ý kiến công khai")
        verbose_name_plural = _("ý kiến công khai")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.body[:40]}"
