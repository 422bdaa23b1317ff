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
from programs.models import City, IssuingBody, Program, Signer


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


class ScoringRule(models.TextChoices):
    # Every member scores the whole sheet; the result is the average of their totals.
    AVERAGE = "average", _("Trung bình cộng tổng điểm của các thành viên")
    # Criteria are assigned (phân công chấm điểm, QĐ 2023/QĐ-UBND Hà Nội); the result adds up the parts, each
    # part the average of the members who scored that criterion.
    SUM_ASSIGNED = "sum_assigned", _("Cộng điểm các phần được phân công")


class TieBreak(models.TextChoices):
    CRITERIA_ORDER = (
        "criteria_order",
        _("Bằng điểm: xếp trên hồ sơ có điểm cao hơn ở tiêu chí đứng trước trong phiếu chấm, rồi hồ sơ nộp sớm hơn"),
    )
    SUBMITTED_FIRST = "submitted_first", _("Bằng điểm: xếp trên hồ sơ nộp sớm hơn")


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
    # The dated call for applications (thông báo mời nộp hồ sơ), shown on the public site once the round opens.
    call_number = models.CharField(_("số thông báo"), max_length=60, blank=True)
    call_date = models.DateField(_("ngày thông báo"), null=True, blank=True, validators=[validate_date_in_range])
    call_text = models.TextField(_("nội dung thông báo"), blank=True, **bounded(TEXT_MAX_LENGTH))
    # How the council's result is reached and ranked.
    scoring_rule = models.CharField(
        _("cách tính điểm"), max_length=20, choices=ScoringRule.choices, default=ScoringRule.AVERAGE
    )
    tie_break = models.CharField(
        _("cách xếp hạng khi bằng điểm"), max_length=30, choices=TieBreak.choices, default=TieBreak.CRITERIA_ORDER
    )
    top_size = models.PositiveSmallIntegerField(
        _("số sản phẩm tiêu biểu"), default=10, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    # The public comment on the whole result list (one deadline for the round), and the recognition's validity.
    comment_days = models.PositiveSmallIntegerField(
        _("số ngày lấy ý kiến công khai"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text=_("Để trống: theo số ngày tối thiểu của chương trình."),
    )
    valid_years = models.PositiveSmallIntegerField(
        _("thời hạn hiệu lực của công nhận (năm)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("Mặc định theo quy định của chương trình."),
    )
    # Processing deadline of each stage, in days from the day the dossier enters it (as on the national
    # public-service portal); empty: the stage has no deadline.
    review_days = models.PositiveSmallIntegerField(
        _("thời hạn thẩm định (ngày)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    supplement_days = models.PositiveSmallIntegerField(
        _("thời hạn bổ sung hồ sơ (ngày)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    scoring_days = models.PositiveSmallIntegerField(
        _("thời hạn chấm điểm (ngày)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    # Set when the chair closes scoring: the ranking is fixed then.
    scoring_closed_at = models.DateTimeField(_("hội đồng kết thúc chấm lúc"), null=True, blank=True)
    scoring_closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chủ tịch hội đồng kết thúc chấm"),
    )
    # The Top 10 as staff marked it from the ranking, with the decision that named it.
    top_decision_number = models.CharField(_("số văn bản công bố sản phẩm tiêu biểu"), max_length=60, blank=True)
    top_decision_date = models.DateField(
        _("ngày văn bản công bố sản phẩm tiêu biểu"), null=True, blank=True, validators=[validate_date_in_range]
    )
    top_recorded_at = models.DateTimeField(_("ghi nhận sản phẩm tiêu biểu lúc"), null=True, blank=True)
    top_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cán bộ ghi nhận sản phẩm tiêu biểu"),
    )
    # The whole result list published for comment, with one deadline.
    result_published_on = models.DateField(
        _("ngày công bố kết quả"), null=True, blank=True, validators=[validate_date_in_range]
    )
    comment_closes_on = models.DateField(
        _("hạn góp ý kết quả"), null=True, blank=True, validators=[validate_date_in_range]
    )
    # The recognition decision is the city UBND's, with its number, date and signer (copied when recorded).
    decision_body = models.ForeignKey(
        IssuingBody,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan quyết định"),
    )
    decision_number = models.CharField(_("số quyết định công nhận"), max_length=60, blank=True)
    decision_date = models.DateField(
        _("ngày quyết định công nhận"), null=True, blank=True, validators=[validate_date_in_range]
    )
    decision_signer = models.ForeignKey(
        Signer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("người ký")
    )
    decision_signer_name = models.CharField(_("họ tên người ký quyết định"), max_length=120, blank=True)
    decision_signer_position = models.CharField(_("chức vụ người ký quyết định"), max_length=120, blank=True)
    # A round entered from a past decision list: it has recognitions but no dossiers.
    is_historical = models.BooleanField(_("nhập từ danh sách đã công bố"), default=False)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("sao chép từ đợt")
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


class RoundEvent(ChoiceLabelsMixin, models.Model):
    """One step in a round's life: created or copied, opened, closed, extended, scoring closed, result
    published, Top 10 marked, decided. Never edited."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Tạo đợt")
        COPIED = "copied", _("Sao chép từ đợt trước")
        SETUP_CHANGED = "setup_changed", _("Thay đổi thiết lập")
        OPENED = "opened", _("Mở nhận hồ sơ")
        CLOSED = "closed", _("Kết thúc nhận hồ sơ")
        EXTENDED = "extended", _("Gia hạn nhận hồ sơ")
        SCORING_CLOSED = "scoring_closed", _("Kết thúc chấm điểm")
        TOP_MARKED = "top_marked", _("Ghi nhận sản phẩm tiêu biểu")
        RESULT_PUBLISHED = "result_published", _("Công bố kết quả lấy ý kiến")
        DECIDED = "decided", _("Quyết định công nhận")
        IMPORTED = "imported", _("Nhập từ danh sách đã công bố")

    round = models.ForeignKey(
        RecognitionRound, on_delete=models.CASCADE, related_name="events", verbose_name=_("đợt xét chọn")
    )
    kind = models.CharField(_("sự kiện"), max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    note = models.TextField(_("ghi chú"), blank=True, **bounded(NOTE_MAX_LENGTH))
    closes_on_before = models.DateField(_("hạn nộp trước đó"), null=True, blank=True)
    closes_on_after = models.DateField(_("hạn nộp mới"), null=True, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("sự kiện của đợt xét chọn")
        verbose_name_plural = _("sự kiện của đợt xét chọn")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.round}: {self.get_kind_display()}"


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

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang có hiệu lực")
        SUSPENDED = "suspended", _("Bị tạm đình chỉ")
        REVOKED = "revoked", _("Bị thu hồi")

    is_first_time = models.BooleanField(_("công nhận lần đầu"), default=True)
    # Changed only by the suspension and revocation services, each step recorded as a RecognitionStatusChange.
    status = models.CharField(
        _("tình trạng"), max_length=20, choices=Status.choices, default=Status.ACTIVE, editable=False
    )
    # The right to use the programme's logo that comes with the certificate.
    logo_use_granted = models.BooleanField(_("được sử dụng biểu trưng của chương trình"), default=False)
    # The body whose decision recognised it, as it was named then ("Ủy ban nhân dân thành phố Hà Nội").
    decision_body_name = models.CharField(_("cơ quan quyết định"), max_length=200, blank=True)
    renewal_reminded_at = models.DateTimeField(_("đã nhắc gia hạn lúc"), null=True, blank=True, editable=False)
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


class RecognitionStatusChange(ChoiceLabelsMixin, models.Model):
    """A suspension, revocation or reinstatement of a recognition, with its reason and the day it takes effect."""

    recognition = models.ForeignKey(
        Recognition, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("công nhận")
    )
    from_status = models.CharField(_("từ tình trạng"), max_length=20, choices=Recognition.Status.choices)
    to_status = models.CharField(_("sang tình trạng"), max_length=20, choices=Recognition.Status.choices)
    reason = models.TextField(_("lý do"), **bounded(NOTE_MAX_LENGTH))
    effective_on = models.DateField(_("có hiệu lực từ ngày"), validators=[validate_date_in_range])
    decision_number = models.CharField(_("số văn bản"), max_length=60, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    created_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("thay đổi tình trạng công nhận")
        verbose_name_plural = _("thay đổi tình trạng công nhận")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.recognition}: {self.get_to_status_display()}"


class DocumentType(models.Model):
    """A document the dossier of a round must (or may) contain, e.g. "Giấy chứng nhận đăng ký doanh nghiệp"."""

    round = models.ForeignKey(
        RecognitionRound, on_delete=models.CASCADE, related_name="document_types", verbose_name=_("đợt xét chọn")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    name = models.CharField(_("tên tài liệu"), max_length=300)
    description = models.TextField(_("hướng dẫn"), blank=True, **bounded(TEXT_MAX_LENGTH))
    is_required = models.BooleanField(_("bắt buộc"), default=True)
    # What an upload of this type may be: its size and its kinds of file (extensions, comma-separated).
    max_size_mb = models.PositiveSmallIntegerField(
        _("dung lượng tối đa (MB)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    allowed_extensions = models.CharField(
        _("loại tệp được nhận"), max_length=100, default="pdf", help_text=_("Ví dụ: pdf, jpg, png.")
    )

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
    # The dossier's code (mã hồ sơ), given at first submission; with the tax code it looks the dossier up.
    code = models.CharField(_("mã hồ sơ"), max_length=30, unique=True, null=True, blank=True, editable=False)
    # The stage the dossier is in began on this day and is due by the round's deadline for it.
    stage_started_on = models.DateField(_("bắt đầu giai đoạn hiện tại"), null=True, blank=True, editable=False)
    stage_due_on = models.DateField(_("hạn xử lý giai đoạn hiện tại"), null=True, blank=True, editable=False)
    # The quality and management systems the dossier claims, from the enterprise's certifications.
    certifications = models.ManyToManyField(
        "enterprises.Certification", blank=True, related_name="+", verbose_name=_("hệ thống quản lý chất lượng")
    )
    # The council's result by the round's rule (the field keeps its first name: with the average rule it is one).
    score_average = models.DecimalField(_("điểm xét chọn"), max_digits=6, decimal_places=2, null=True, blank=True)
    # Fixed when the chair closes scoring; the Top 10 is marked from it.
    rank = models.PositiveSmallIntegerField(_("thứ hạng"), null=True, blank=True, editable=False)
    in_top = models.BooleanField(_("sản phẩm tiêu biểu"), default=False, editable=False)
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


class ApplicationFigure(models.Model):
    """The product's figures for one year of the dossier (the last three years before the round)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="figures", verbose_name=_("hồ sơ")
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=[validate_year])
    output_quantity = models.DecimalField(
        _("sản lượng"), max_digits=16, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    output_unit = models.CharField(_("đơn vị sản lượng"), max_length=30, blank=True)
    revenue = models.DecimalField(
        _("doanh thu (triệu đồng)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    export_value = models.DecimalField(
        _("kim ngạch xuất khẩu (nghìn USD)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    workers = models.PositiveIntegerField(
        _("số lao động"), null=True, blank=True, validators=[MaxValueValidator(1_000_000)]
    )
    labour_productivity = models.DecimalField(
        _("năng suất lao động (triệu đồng/người/năm)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("số liệu của hồ sơ")
        verbose_name_plural = _("số liệu của hồ sơ")
        ordering = ["application", "year"]
        constraints = [models.UniqueConstraint(fields=["application", "year"], name="figure_once_per_year")]

    def __str__(self) -> str:
        return f"{self.application} · {self.year}"


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

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chủ tịch hội đồng")
        MEMBER = "member", _("Thành viên")
        SECRETARY = "secretary", _("Thư ký")

    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    title = models.CharField(_("chức danh trong hội đồng"), max_length=100, blank=True)
    # The agency the member sits for (e.g. "Sở Tài chính"); criteria can be assigned to it.
    agency = models.CharField(_("cơ quan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("thành viên hội đồng")
        verbose_name_plural = _("thành viên hội đồng")
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="council_member_once_per_round"),
            models.UniqueConstraint(
                fields=["round"], condition=models.Q(role="chair"), name="council_one_chair_per_round"
            ),
        ]

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


class SuggestMetric(models.TextChoices):
    REVENUE_GROWTH = "revenue_growth", _("Tăng trưởng doanh thu bình quân (%/năm)")
    REVENUE = "revenue", _("Doanh thu năm gần nhất (triệu đồng)")
    EXPORT_VALUE = "export_value", _("Kim ngạch xuất khẩu năm gần nhất (nghìn USD)")
    EXPORT_GROWTH = "export_growth", _("Tăng trưởng xuất khẩu bình quân (%/năm)")
    WORKERS = "workers", _("Số lao động năm gần nhất")
    LABOUR_PRODUCTIVITY = "labour_productivity", _("Năng suất lao động năm gần nhất (triệu đồng/người/năm)")
    QUALITY_SYSTEMS = "quality_systems", _("Số hệ thống quản lý chất lượng còn hiệu lực")


class Criterion(models.Model):
    """One line of a round's scoring sheet; the maximum points of a round add up to 100."""

    round = models.ForeignKey(
        RecognitionRound, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("đợt xét chọn")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    name = models.CharField(_("tiêu chí"), max_length=300)
    description = models.TextField(_("mô tả"), blank=True, **bounded(TEXT_MAX_LENGTH))
    # A sub-criterion's maximum points add up to its parent's; the top-level criteria add up to 100.
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("thuộc tiêu chí"),
    )
    code = models.CharField(_("số hiệu"), max_length=10, blank=True, help_text=_("Ví dụ: 1; 1.2."))
    # A suggested score from the dossier's figures: the highest band whose "from" the figure reaches gives its
    # points. The member confirms or changes it.
    suggest_metric = models.CharField(
        _("gợi ý điểm theo số liệu"), max_length=30, choices=SuggestMetric.choices, blank=True
    )
    suggest_bands = models.JSONField(_("các mức gợi ý"), default=list, blank=True)
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


class CriterionAssignment(models.Model):
    """Phân công chấm điểm: a criterion is scored by one council member, or by the members of one agency. A
    criterion with no assignment is scored by every member."""

    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("tiêu chí")
    )
    member = models.ForeignKey(
        CouncilMember,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("thành viên"),
    )
    agency = models.CharField(_("cơ quan"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("phân công chấm điểm")
        verbose_name_plural = _("phân công chấm điểm")
        ordering = ["criterion", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(member__isnull=False) & models.Q(agency=""))
                | (models.Q(member__isnull=True) & ~models.Q(agency="")),
                name="assignment_member_or_agency",
            ),
            models.UniqueConstraint(
                fields=["criterion", "member"], condition=models.Q(member__isnull=False), name="assignment_member_once"
            ),
            models.UniqueConstraint(
                fields=["criterion", "agency"], condition=~models.Q(agency=""), name="assignment_agency_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion} → {self.member or self.agency}"


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
    # The score the criterion's rule suggested from the figures when the member saved, kept beside theirs.
    suggested_points = models.DecimalField(_("điểm gợi ý"), max_digits=5, decimal_places=2, null=True, blank=True)
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


class PublicComment(ChoiceLabelsMixin, models.Model):
    """A comment on a round's published result: on one proposed product, or on the list as a whole. It arrives
    online, or on paper and is entered by staff with the day it was received and its sender."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Gửi trực tuyến")
        PAPER = "paper", _("Văn bản giấy")

    class Handling(models.TextChoices):
        ANSWERED = "answered", _("Đã trả lời")
        NOTED = "noted", _("Đã ghi nhận")

    round = models.ForeignKey(
        RecognitionRound,
        on_delete=models.CASCADE,
        null=True,
        related_name="public_comments",
        verbose_name=_("đợt xét chọn"),
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="public_comments",
        verbose_name=_("hồ sơ"),
    )
    channel = models.CharField(_("hình thức"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    author_name = models.CharField(_("họ tên"), max_length=200)
    # Private: staff only, to follow up.
    author_email = models.EmailField(_("email"), blank=True)
    author_address = models.CharField(_("địa chỉ người gửi"), max_length=300, blank=True)
    body = models.TextField(_("ý kiến"), **bounded(NOTE_MAX_LENGTH))
    received_on = models.DateField(_("ngày nhận"), null=True, blank=True, validators=[validate_date_in_range])
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cán bộ nhập"),
    )
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    # Each comment is answered or noted before the decision.
    handling = models.CharField(_("xử lý"), max_length=20, choices=Handling.choices, blank=True)
    response = models.TextField(_("nội dung trả lời"), blank=True, **bounded(NOTE_MAX_LENGTH))
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cán bộ xử lý"),
    )
    handled_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("ý kiến công khai")
        verbose_name_plural = _("ý kiến công khai")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.body[:40]}"


class ProductCatalogue(models.Model):
    """A city's catalogue of key and potential product groups, as a decision sets it (HCMC: QĐ 430/QĐ-UBND,
    05/02/2021, replacing QĐ 4544/QĐ-UBND)."""

    city = models.ForeignKey(
        City, on_delete=models.PROTECT, related_name="product_catalogues", verbose_name=_("thành phố")
    )
    slug = models.SlugField(_("mã định danh"), max_length=80, unique=True)
    title = models.CharField(_("tên danh mục"), max_length=300)
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"), validators=[validate_date_in_range])
    replaces = models.CharField(_("thay thế văn bản"), max_length=200, blank=True)
    # What the sources say of its size ("đầu năm 2022, 155 doanh nghiệp"), kept as they said it.
    stated_enterprises = models.CharField(_("số doanh nghiệp theo nguồn"), max_length=200, blank=True)
    source = models.CharField(_("nguồn"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("danh mục nhóm sản phẩm")
        verbose_name_plural = _("danh mục nhóm sản phẩm")
        ordering = ["city__name", "-decision_date"]

    def __str__(self) -> str:
        return self.title


class ProductGroup(ChoiceLabelsMixin, models.Model):
    catalogue = models.ForeignKey(
        ProductCatalogue, on_delete=models.CASCADE, related_name="groups", verbose_name=_("danh mục")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    name = models.CharField(_("nhóm sản phẩm"), max_length=300)
    # Empty when the source names the group without saying whether it is a key or a potential one.
    kind = models.CharField(
        _("loại"),
        max_length=20,
        choices=Recognition.Kind.choices,
        blank=True,
        help_text=_("Để trống khi nguồn không nói rõ nhóm là chủ lực hay tiềm năng."),
    )
    description = models.TextField(_("mô tả"), blank=True, **bounded(TEXT_MAX_LENGTH))

    class Meta:
        verbose_name = _("nhóm sản phẩm")
        verbose_name_plural = _("nhóm sản phẩm")
        ordering = ["catalogue", "order", "id"]

    def __str__(self) -> str:
        return self.name


class ProductGroupMember(models.Model):
    group = models.ForeignKey(ProductGroup, on_delete=models.CASCADE, related_name="members", verbose_name=_("nhóm"))
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="product_groups", verbose_name=_("doanh nghiệp")
    )
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)

    class Meta:
        verbose_name = _("doanh nghiệp trong nhóm")
        verbose_name_plural = _("doanh nghiệp trong nhóm")
        ordering = ["group", "enterprise__name"]
        constraints = [models.UniqueConstraint(fields=["group", "enterprise"], name="group_member_once")]

    def __str__(self) -> str:
        return f"{self.enterprise} ∈ {self.group}"


class RecognitionImport(models.Model):
    """One past decision list loaded from XLSX: all its rows, or none."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("người nhập")
    )
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+", verbose_name=_("chương trình"))
    original_name = models.CharField(_("tên tệp"), max_length=255)
    row_count = models.PositiveIntegerField(_("số dòng"), default=0)
    created_at = models.DateTimeField(_("nhập lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("lần nhập danh sách công nhận")
        verbose_name_plural = _("lần nhập danh sách công nhận")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name
