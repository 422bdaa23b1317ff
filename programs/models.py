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
from programs.targets import TargetKind, format_target


class City(models.Model):
    code = models.SlugField(_("mã"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=100)
    short_name = models.CharField(_("tên ngắn"), max_length=30)

    class Meta:
        verbose_name = _("thành phố")
        verbose_name_plural = _("thành phố")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# The public comment on a council's result lasts at least this many days, set per programme within these bounds.
COMMENT_MIN_DAYS_DEFAULT = 10
COMMENT_MIN_DAYS_BOUNDS = (1, 90)
COMMENT_MIN_DAYS_MESSAGE = _("Số ngày lấy ý kiến công khai tối thiểu phải từ 1 đến 90.")
RECOGNITION_VALID_YEARS_MESSAGE = _("Thời hạn hiệu lực của công nhận phải từ 1 đến 10 năm.")


class ProgramQuerySet(models.QuerySet):
    def published(self) -> "ProgramQuerySet":
        """The programmes the public may see. The one rule of publication: every public page, dropdown, export
        and API answer reads it, directly or through `for_published_programs()` of what a programme holds."""
        return self.filter(status__in=Program.PUBLISHED_STATUSES)


class ProgramPartQuerySet(models.QuerySet):
    """Rows that belong to a programme (its groups, tasks, indicators, values), reached by `program_path`."""

    program_path = "program"

    def for_published_programs(self):
        return self.filter(**{f"{self.program_path}__in": Program.objects.published()})


class TaskQuerySet(ProgramPartQuerySet):
    program_path = "group__program"


class IndicatorValueQuerySet(ProgramPartQuerySet):
    program_path = "indicator__program"


class Program(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ACTIVE = "active", _("Đang thực hiện")
        COMPLETED = "completed", _("Đã kết thúc")

    # A draft is staff's working copy: published are the programmes under way and those completed.
    PUBLISHED_STATUSES = (Status.ACTIVE, Status.COMPLETED)

    class Kind(models.TextChoices):
        PROGRAM = "program", _("Chương trình")
        PLAN = "plan", _("Kế hoạch")

    slug = models.SlugField(_("mã định danh"), max_length=80, unique=True)
    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="programs", verbose_name=_("thành phố"))
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=Kind.choices, default=Kind.PROGRAM)
    title = models.CharField(_("tên chương trình"), max_length=400)
    short_title = models.CharField(_("tên ngắn"), max_length=120)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    lead_agency = models.CharField(_("cơ quan chủ trì"), max_length=200)
    plan_number = models.CharField(_("số kế hoạch/quyết định"), max_length=60, blank=True)
    plan_date = models.DateField(_("ngày ban hành"), null=True, blank=True, validators=[validate_date_in_range])
    period_start = models.PositiveSmallIntegerField(_("năm bắt đầu"), validators=[validate_year])
    period_end = models.PositiveSmallIntegerField(_("năm kết thúc"), validators=[validate_year])
    vision_year = models.PositiveSmallIntegerField(
        _("tầm nhìn đến năm"), null=True, blank=True, validators=[validate_year]
    )
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    summary = models.TextField(_("tóm tắt"), blank=True, **bounded(TEXT_MAX_LENGTH))
    fields_of_focus = models.TextField(
        _("lĩnh vực trọng tâm"), blank=True, help_text=_("Mỗi dòng một lĩnh vực."), **bounded(TEXT_MAX_LENGTH)
    )
    midterm_result = models.TextField(_("kết quả giữa nhiệm kỳ"), blank=True, **bounded(TEXT_MAX_LENGTH))
    next_steps = models.TextField(
        _("định hướng tiếp theo"), blank=True, help_text=_("Mỗi dòng một việc."), **bounded(TEXT_MAX_LENGTH)
    )
    source = models.CharField(_("nguồn"), max_length=300, blank=True)
    # What the plan itself says it holds ("12 nhiệm vụ cụ thể, chia thành 5 nhóm"), which may be more than the
    # tasks entered here when the source names only some of them.
    stated_task_count = models.PositiveSmallIntegerField(
        _("số nhiệm vụ theo văn bản"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(1000)],
        help_text=_("Số nhiệm vụ văn bản chương trình nêu, khi văn bản không liệt kê đủ từng nhiệm vụ."),
    )
    # How long the public may comment on a council's result before a recognition decision (products).
    comment_min_days = models.PositiveSmallIntegerField(
        _("số ngày lấy ý kiến công khai tối thiểu"),
        default=COMMENT_MIN_DAYS_DEFAULT,
        validators=[
            MinValueValidator(COMMENT_MIN_DAYS_BOUNDS[0], message=COMMENT_MIN_DAYS_MESSAGE),
            MaxValueValidator(COMMENT_MIN_DAYS_BOUNDS[1], message=COMMENT_MIN_DAYS_MESSAGE),
        ],
        help_text=_(
            "Thời gian lấy ý kiến công khai về kết quả xét chọn bắt đầu từ ngày công bố trở đi và kéo dài ít nhất "
            "số ngày này (từ 1 đến 90 ngày); chỉ ra quyết định công nhận sau khi hết thời gian đó."
        ),
    )
    # How long a recognition of a key product stays valid. No current rule was found for Hanoi, so it is the
    # programme's own setting and stays empty until staff enter it; a round cannot decide without it.
    recognition_valid_years = models.PositiveSmallIntegerField(
        _("thời hạn hiệu lực của công nhận (năm)"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, message=RECOGNITION_VALID_YEARS_MESSAGE),
            MaxValueValidator(10, message=RECOGNITION_VALID_YEARS_MESSAGE),
        ],
        help_text=_(
            "Theo quy định của chương trình (từ 1 đến 10 năm). Đợt xét chọn mới lấy giá trị này làm mặc định; "
            "để trống khi chưa có quy định."
        ),
    )
    history = HistoricalRecords()

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("chương trình")
        verbose_name_plural = _("chương trình")
        ordering = ["city__name", "period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="program_period_in_order",
                violation_error_message=_("Năm kết thúc không được trước năm bắt đầu."),
            ),
            models.CheckConstraint(
                condition=models.Q(comment_min_days__range=COMMENT_MIN_DAYS_BOUNDS),
                name="program_comment_min_days_bounded",
                violation_error_message=COMMENT_MIN_DAYS_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return self.short_title or self.title

    @property
    def period_label(self) -> str:
        if self.period_start == self.period_end:
            return str(self.period_start)
        return f"{self.period_start} - {self.period_end}"

    def focus_list(self) -> list[str]:
        return [line.strip() for line in self.fields_of_focus.splitlines() if line.strip()]

    def next_step_list(self) -> list[str]:
        return [line.strip() for line in self.next_steps.splitlines() if line.strip()]


class TaskGroup(models.Model):
    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="groups", verbose_name=_("chương trình")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    code = models.CharField(_("ký hiệu"), max_length=20)
    title = models.CharField(_("tên nhóm nhiệm vụ"), max_length=400)
    description = models.TextField(_("mô tả"), blank=True, **bounded(TEXT_MAX_LENGTH))
    history = HistoricalRecords()

    objects = ProgramPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhóm nhiệm vụ")
        verbose_name_plural = _("nhóm nhiệm vụ")
        ordering = ["program", "order"]
        constraints = [
            models.UniqueConstraint(fields=["program", "order"], name="taskgroup_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Task(ChoiceLabelsMixin, models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa triển khai")
        IN_PROGRESS = "in_progress", _("Đang triển khai")
        DONE = "done", _("Hoàn thành")
        SUSPENDED = "suspended", _("Tạm dừng")

    # A task counts as deployed (đã triển khai) once work has started on it.
    DEPLOYED_STATUSES = (Status.IN_PROGRESS, Status.DONE)

    public_id = models.UUIDField(_("mã định danh (UUID)"), default=uuid.uuid4, unique=True, editable=False)
    group = models.ForeignKey(TaskGroup, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("nhóm"))
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    title = models.CharField(_("nhiệm vụ"), max_length=500)
    description = models.TextField(_("mô tả"), blank=True, **bounded(TEXT_MAX_LENGTH))
    lead_agency = models.CharField(_("đơn vị chủ trì"), max_length=200, blank=True)
    due_date = models.DateField(_("hạn hoàn thành"), null=True, blank=True, validators=[validate_date_in_range])
    weight = models.DecimalField(
        _("trọng số"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    # Current state: always the state of the latest TaskUpdate, written by the task_update service.
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    # None: no measured progress (a source reports the task as deployed without a percentage).
    progress = models.PositiveSmallIntegerField(
        _("tiến độ (%)"), default=0, null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    last_update_on = models.DateField(_("cập nhật lần cuối"), null=True, blank=True)
    history = HistoricalRecords()

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["group__order", "order", "id"]
        indexes = [models.Index(fields=["status", "due_date"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="task_progress_max_100"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="task_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today) -> bool:
        return bool(self.due_date and self.due_date < today and self.status != self.Status.DONE)


def evidence_upload_to(instance, filename: str) -> str:
    # Stored under a generated name; the user's file name is kept only as metadata.
    return f"evidence/{uuid.uuid4().hex}"


class TaskUpdate(models.Model):
    # Addresses the update (and its evidence file) in URLs without exposing the integer id.
    public_id = models.UUIDField(_("mã định danh (UUID)"), default=uuid.uuid4, unique=True, editable=False)
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates", verbose_name=_("nhiệm vụ"))
    date = models.DateField(_("ngày"), validators=[validate_date_in_range])
    status = models.CharField(_("trạng thái"), max_length=20, choices=Task.Status.choices)
    # None: the update reports the state without a measured percentage ("đã triển khai", no figure given).
    progress = models.PositiveSmallIntegerField(
        _("tiến độ (%)"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    note = models.TextField(_("ghi chú"), blank=True, **bounded(NOTE_MAX_LENGTH))
    # Written by `seed_demo` only: demo updates are marked on every report that includes them.
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    evidence = models.FileField(_("minh chứng"), upload_to=evidence_upload_to, blank=True)
    evidence_name = models.CharField(_("tên tệp minh chứng"), max_length=255, blank=True)
    evidence_content_type = models.CharField(_("kiểu tệp minh chứng"), max_length=100, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("người cập nhật"),
    )
    created_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cập nhật nhiệm vụ")
        verbose_name_plural = _("cập nhật nhiệm vụ")
        ordering = ["-date", "-created_at", "-id"]
        indexes = [models.Index(fields=["task", "-date", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="taskupdate_progress_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.task} — {self.date}"


class Indicator(models.Model):
    class Role(models.TextChoices):
        INDICATOR = "indicator", _("Chỉ tiêu của chương trình")
        CONTEXT = "context", _("Số liệu bối cảnh")

    class MetricWindow(models.TextChoices):
        PERIOD = "period", _("Trong kỳ báo cáo")
        CUMULATIVE = "cumulative", _("Lũy kế đến cuối kỳ")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("chương trình")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    code = models.SlugField(_("mã"), max_length=60)
    name = models.CharField(_("tên chỉ tiêu"), max_length=400)
    unit = models.CharField(_("đơn vị"), max_length=60, blank=True)
    target_kind = models.CharField(_("loại mục tiêu"), max_length=20, choices=TargetKind.choices)
    target_value = models.DecimalField(_("giá trị mục tiêu"), max_digits=18, decimal_places=4, null=True, blank=True)
    target_low = models.DecimalField(_("cận dưới"), max_digits=18, decimal_places=4, null=True, blank=True)
    target_high = models.DecimalField(_("cận trên"), max_digits=18, decimal_places=4, null=True, blank=True)
    period_label = models.CharField(_("kỳ mục tiêu"), max_length=60, blank=True)
    # Name of a registered metric provider when the actual value is counted from the registry.
    metric = models.CharField(_("nguồn số liệu tự động"), max_length=60, blank=True)
    # A computed indicator counts the registry facts dated within the period asked for, or all of them up to its end.
    metric_window = models.CharField(
        _("cách đếm số liệu tự động"), max_length=20, choices=MetricWindow.choices, default=MetricWindow.PERIOD
    )
    # A context figure describes the city or the sector (with its source); it is not a target of the programme.
    role = models.CharField(_("loại số liệu"), max_length=20, choices=Role.choices, default=Role.INDICATOR)
    note = models.TextField(_("ghi chú"), blank=True, **bounded(NOTE_MAX_LENGTH))
    history = HistoricalRecords()

    objects = ProgramPartQuerySet.as_manager()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["program", "order"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="indicator_unique_code"),
            models.CheckConstraint(
                condition=~models.Q(target_kind="range")
                | (
                    models.Q(target_low__isnull=False, target_high__isnull=False)
                    & models.Q(target_low__lte=models.F("target_high"))
                ),
                name="indicator_range_has_bounds",
                violation_error_message=_(
                    "Mục tiêu dạng khoảng cần có cận dưới và cận trên, cận dưới không lớn hơn cận trên."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return bool(self.metric)

    def target_display(self) -> str:
        return format_target(self.target_kind, self.target_value, self.target_low, self.target_high, self.unit)


class IndicatorValue(models.Model):
    class Qualifier(models.TextChoices):
        EXACT = "", _("(chính xác)")
        ABOUT = "about", _("khoảng")
        OVER = "over", _("hơn")
        NEARLY = "nearly", _("gần")
        UNDER = "under", _("dưới")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("chỉ tiêu")
    )
    period_label = models.CharField(_("kỳ"), max_length=60)
    period_end = models.DateField(_("ngày cuối kỳ"), validators=[validate_date_in_range])
    value = models.DecimalField(_("giá trị"), max_digits=18, decimal_places=4)
    # How the source words the figure ("hơn 400", "gần 5.000"): it stays with the number wherever it is shown.
    qualifier = models.CharField(
        _("cách ghi số liệu"), max_length=10, choices=Qualifier.choices, blank=True, default=""
    )
    source = models.CharField(_("nguồn"), max_length=300)
    note = models.TextField(_("ghi chú"), blank=True, **bounded(NOTE_MAX_LENGTH))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        verbose_name=_("người nhập"),
    )
    created_at = models.DateTimeField(_("thời điểm ghi"), auto_now_add=True)
    history = HistoricalRecords()

    objects = IndicatorValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("giá trị chỉ tiêu")
        verbose_name_plural = _("giá trị chỉ tiêu")
        ordering = ["indicator", "period_end"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period_label"], name="indicatorvalue_unique_period"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} — {self.period_label}: {self.value}"


class IssuingBody(models.Model):
    """A body that issues documents (Decree 30/2020/NĐ-CP): a city's Sở Công Thương under its UBND, or the UBND."""

    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Sở, ngành")
        COMMITTEE = "committee", _("Ủy ban nhân dân")

    city = models.ForeignKey(City, on_delete=models.PROTECT, related_name="issuing_bodies", verbose_name=_("thành phố"))
    kind = models.CharField(_("loại cơ quan"), max_length=20, choices=Kind.choices)
    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên cơ quan"), max_length=200, help_text=_("Ví dụ: Sở Công Thương Thành phố Hà Nội."))
    # The header's two lines as Decree 30 writes them: the parent body above the issuing body, in capitals.
    parent_name = models.CharField(
        _("tên cơ quan chủ quản"), max_length=200, blank=True, help_text=_("Ví dụ: ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI.")
    )
    header_name = models.CharField(
        _("tên cơ quan ghi ở tiêu đề"), max_length=200, help_text=_("Ví dụ: SỞ CÔNG THƯƠNG.")
    )
    # Decree 30: a city named after a person is written in full ("Thành phố Hồ Chí Minh").
    place_name = models.CharField(_("địa danh"), max_length=100, help_text=_("Ví dụ: Hà Nội; Thành phố Hồ Chí Minh."))
    # The issuer's abbreviation after the document kind in "Số: 12/BC-SCT".
    abbreviation = models.CharField(_("chữ viết tắt tên cơ quan"), max_length=20, help_text=_("Ví dụ: SCT; UBND."))
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("cơ quan ban hành văn bản")
        verbose_name_plural = _("cơ quan ban hành văn bản")
        ordering = ["city__name", "kind", "name"]
        constraints = [models.UniqueConstraint(fields=["city", "kind"], name="issuingbody_one_per_city_kind")]

    def __str__(self) -> str:
        return self.name


class Signer(models.Model):
    """A person who may sign the body's documents, with the authority and position the signature block shows."""

    body = models.ForeignKey(IssuingBody, on_delete=models.CASCADE, related_name="signers", verbose_name=_("cơ quan"))
    full_name = models.CharField(_("họ và tên"), max_length=120)
    position = models.CharField(_("chức vụ"), max_length=120, help_text=_("Ví dụ: PHÓ GIÁM ĐỐC."))
    authority = models.CharField(
        _("thẩm quyền ký"), max_length=120, blank=True, help_text=_("Ví dụ: KT. GIÁM ĐỐC; để trống khi ký trực tiếp.")
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    is_active = models.BooleanField(_("đang được ký"), default=True)

    class Meta:
        verbose_name = _("người ký")
        verbose_name_plural = _("người ký")
        ordering = ["body", "order", "id"]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.position}"


class ProgramDataVersion(models.Model):
    """The version of one programme's data, renewed by the database's triggers on every write to it
    (programs.changes). Not a foreign key: a programme's row outlives it (its id is never reused), and triggers
    firing while it is being deleted may still renew it."""

    program_id = models.BigIntegerField(primary_key=True)
    version = models.BigIntegerField()

    class Meta:
        verbose_name = _("phiên bản dữ liệu chương trình")
        verbose_name_plural = _("phiên bản dữ liệu chương trình")

    def __str__(self) -> str:
        return f"{self.program_id}: {self.version}"
