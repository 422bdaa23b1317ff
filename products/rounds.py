"""A selection round set up and run by the city's staff: its settings, criteria sheet (with sub-criteria and
suggested scores), required documents, council and the assignment of criteria (phân công chấm điểm), and its
opening, closing and extension with a dated call for applications. The admin goes through the same functions.

Writes are `<entity>_<action>(*, actor, ...)`: each checks that the actor is staff of the programme's city
(core/permissions.py), validates, writes in one transaction and, for a step of the round's life, records a
RoundEvent. A setting that would change how dossiers are scored is refused once a council member has scored
(services.scoring_started). The reads at the end shape the staff and public pages.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions
from core.uploads import KINDS
from core.validation import NOTE_MAX_LENGTH, check_fields
from products import services
from products.eligibility import check_admission_change
from products.models import (
    CouncilMember,
    Criterion,
    CriterionAssignment,
    DocumentType,
    RecognitionRound,
    RoundEvent,
    SuggestMetric,
)
from programs.models import Program

R = RecognitionRound.Status
NOTE_LIMIT = NOTE_MAX_LENGTH
CRITERIA_TOTAL = services.CRITERIA_TOTAL
# A sheet has criteria and sub-criteria ("1", "1.2"): two levels.
CRITERIA_MAX_DEPTH = 2
# Bounds of what a staff member enters at once.
CRITERIA_MAX = 60
DOCUMENT_TYPES_MAX = 40
COUNCIL_MAX = 40
SUGGEST_BANDS_MAX = 10

# The settings a staff member sets on a round, besides its programme and year.
ROUND_SETTINGS = (
    "title",
    "pass_threshold",
    "admits_other_provinces",
    "scoring_rule",
    "tie_break",
    "top_size",
    "comment_days",
    "valid_years",
    "review_days",
    "supplement_days",
    "scoring_days",
    "call_number",
    "call_date",
    "call_text",
)
# The call for applications: drafted while the round is planned, published when it opens, fixed after.
CALL_FIELDS = ("call_number", "call_date", "call_text")
# Settings the council's scores and ranking were reached on: fixed once scoring has begun.
SCORING_SETTINGS = ("pass_threshold", "scoring_rule", "tie_break", "top_size")
# What a copy takes from last year's round; never its dates, call, applications or results.
COPIED_SETTINGS = (
    "pass_threshold",
    "admits_other_provinces",
    "scoring_rule",
    "tie_break",
    "top_size",
    "comment_days",
    "valid_years",
    "review_days",
    "supplement_days",
    "scoring_days",
)


# ---------------------------------------------------------------- rules read by other parts


def round_valid_years(round: RecognitionRound) -> int | None:
    """How many years a recognition of the round stays valid: the round's setting, else the programme's rule."""
    return round.valid_years or round.program.recognition_valid_years


def round_comment_days(round: RecognitionRound) -> int:
    """How many days the round's result is open for comment: the round's setting, else the programme's minimum."""
    return round.comment_days or round.program.comment_min_days


def _sheet(round: RecognitionRound) -> list[Criterion]:
    """The round's criteria in sheet order (each parent followed by its children), each with `depth`, `kids` and
    `children_total`; one query."""
    rows = list(Criterion.objects.filter(round=round).order_by("order", "id"))
    kids: dict[int | None, list[Criterion]] = {}
    for row in rows:
        kids.setdefault(row.parent_id, []).append(row)
    ordered: list[Criterion] = []

    def walk(parent_id, depth):
        for row in kids.get(parent_id, []):
            row.depth = depth
            row.kids = kids.get(row.id, [])
            row.children_total = sum((k.max_points for k in row.kids), Decimal(0))
            ordered.append(row)
            walk(row.id, depth + 1)

    walk(None, 0)
    return ordered


def criteria_tree(round: RecognitionRound) -> list[Criterion]:
    """Every criterion in sheet order, with `depth` (0 for a criterion, 1 for a sub-criterion), `kids` and
    `children_total`."""
    return _sheet(round)


def criteria_leaves(round: RecognitionRound) -> list[Criterion]:
    """The criteria without sub-criteria, in sheet order: these are the ones scored."""
    return [c for c in _sheet(round) if not c.kids]


def criteria_sum(round: RecognitionRound) -> Decimal:
    """The total of the top-level criteria's maximum points (services.criteria_total, without a query when the
    sheet is at hand)."""
    return services.criteria_total(round)


def _fmt(value: Decimal) -> str:
    from core.numbers import format_number

    return format_number(value)


def criteria_sheet_errors(round: RecognitionRound, sheet: list[Criterion] | None = None) -> list[str]:
    """What is wrong with the round's criteria sheet; empty when the top-level maxima add up to 100 and every
    parent's sub-criteria add up to the parent."""
    sheet = _sheet(round) if sheet is None else sheet
    if not sheet:
        return [_("Phiếu chấm điểm chưa có tiêu chí nào.")]
    errors = []
    total = sum((c.max_points for c in sheet if c.parent_id is None), Decimal(0))
    if total != CRITERIA_TOTAL:
        errors.append(_("Tổng điểm tối đa của các tiêu chí phải là 100 (hiện là %(total)s).") % {"total": _fmt(total)})
    for criterion in sheet:
        if criterion.kids and criterion.children_total != criterion.max_points:
            errors.append(
                _(
                    "Các tiêu chí thành phần của “%(name)s” cộng lại %(sum)s điểm, phải bằng điểm tối đa của tiêu "
                    "chí là %(max)s."
                )
                % {
                    "name": criterion.name,
                    "sum": _fmt(criterion.children_total),
                    "max": _fmt(criterion.max_points),
                }
            )
    return errors


def round_open_errors(round: RecognitionRound) -> list[str]:
    """What the round lacks before it may open for applications; empty when it may."""
    errors = list(criteria_sheet_errors(round))
    members = list(round.council_members.all())
    if not members:
        errors.append(_("Đợt chưa có thành viên hội đồng xét chọn."))
    elif not any(m.role == CouncilMember.Role.CHAIR for m in members):
        errors.append(_("Hội đồng xét chọn chưa có chủ tịch."))
    if not round.document_types.filter(is_required=True).exists():
        errors.append(_("Đợt chưa có loại tài liệu bắt buộc nào trong hồ sơ."))
    if round.pass_threshold is None:
        errors.append(_("Đợt chưa có điểm đạt."))
    if round_valid_years(round) is None:
        errors.append(
            _(
                "Chưa có thời hạn hiệu lực của công nhận: nhập cho đợt, hoặc cho chương trình "
                "(thời hạn hiệu lực của công nhận)."
            )
        )
    return errors


# ---------------------------------------------------------------- guards


def _require_editor(actor, round: RecognitionRound) -> None:
    permissions.require_round_editor(actor, round)


def _lock(round: RecognitionRound) -> RecognitionRound:
    return RecognitionRound.objects.select_for_update().select_related("program__city").get(pk=round.pk)


def _require_not_scored(round: RecognitionRound, what: str) -> None:
    if services.scoring_started(round):
        raise ValidationError(
            _("Hội đồng đã bắt đầu chấm điểm hồ sơ của đợt này: không thể thay đổi %(what)s nữa.") % {"what": what}
        )


def _require_sheet_editable(round: RecognitionRound) -> None:
    """The criteria sheet is published with the call: it changes only while the round is not yet open."""
    if round.status != R.PLANNED:
        raise ValidationError(
            _(
                "Đợt đã mở nhận hồ sơ: phiếu chấm điểm đã công bố cùng thông báo nên không thay đổi được. "
                "Phân công chấm điểm vẫn sửa được đến khi hội đồng bắt đầu chấm."
            )
        )
    _require_not_scored(round, _("phiếu chấm điểm"))


def sheet_editable(round: RecognitionRound) -> bool:
    return round.status == R.PLANNED and not services.scoring_started(round)


def _require_not_closed(round: RecognitionRound) -> None:
    if round.status == R.CLOSED:
        raise ValidationError(_("Đợt xét chọn đã kết thúc: không thể thay đổi thiết lập của đợt."))


def _setup_event(round, actor, note: str) -> RoundEvent:
    return _event(round, RoundEvent.Kind.SETUP_CHANGED, actor, note=note[:NOTE_LIMIT])


def _event(round, kind, actor, note="", **dates) -> RoundEvent:
    event = RoundEvent(round=round, kind=kind, actor=actor, note=(note or "").strip(), **dates)
    check_fields(event, "note")
    event.save()
    return event


# ---------------------------------------------------------------- the round


def _clean_settings(settings: dict) -> dict:
    unknown = set(settings) - set(ROUND_SETTINGS)
    if unknown:
        raise TypeError(f"unknown round settings: {sorted(unknown)}")
    cleaned = dict(settings)
    for name in ("title", "call_number", "call_text"):
        if name in cleaned:
            cleaned[name] = (cleaned[name] or "").strip()
    return cleaned


def _check_round(round: RecognitionRound, names) -> None:
    check_fields(round, *names)
    if not round.title:
        raise ValidationError({"title": _("Vui lòng nhập tên đợt xét chọn.")})
    if round.opens_on and round.closes_on and round.closes_on < round.opens_on:
        raise ValidationError({"closes_on": _("Hạn nộp không được trước ngày mở.")})


def _year_taken(program: Program, year: int, exclude_pk=None) -> bool:
    return RecognitionRound.objects.filter(program=program, year=year).exclude(pk=exclude_pk).exists()


def _year_message(program: Program, year: int) -> ValidationError:
    return ValidationError(
        {"year": _("Chương trình “%(program)s” đã có đợt xét chọn năm %(year)s.") % {"program": program, "year": year}}
    )


def round_create(*, actor, program: Program, year: int, title: str, **settings) -> RecognitionRound:
    """A new round of the programme, planned (not yet open). A recognition's validity starts as the programme's
    rule; the comment period stays empty (the programme's minimum applies)."""
    permissions.require(permissions.can_edit_program(actor, program))
    settings = _clean_settings({"title": title, **settings})
    settings.setdefault("valid_years", program.recognition_valid_years)
    with transaction.atomic():
        return _round_insert(actor, program, year, settings, RoundEvent.Kind.CREATED)


def _round_insert(actor, program, year, settings, kind, note="", copied_from=None) -> RecognitionRound:
    round = RecognitionRound(program=program, year=year, status=R.PLANNED, copied_from=copied_from, **settings)
    _check_round(round, ["year", *settings])
    if _year_taken(program, year):
        raise _year_message(program, year)
    try:
        with transaction.atomic():
            round.save()
    except IntegrityError as exc:
        raise _year_message(program, year) from exc
    _event(round, kind, actor, note=note)
    return round


def round_update(*, actor, round: RecognitionRound, year: int | None = None, **settings) -> RecognitionRound:
    """Change the round's settings. Its year is fixed once it has dossiers; the pass mark, scoring rule, tie-break
    and Top size once scoring has begun; who may apply keeps every dossier already taken."""
    _require_editor(actor, round)
    settings = _clean_settings(settings)
    with transaction.atomic():
        locked = _lock(round)
        _require_not_closed(locked)
        changed = [name for name in settings if getattr(locked, name) != settings[name]]
        if year is not None and year != locked.year:
            if locked.applications.exists():
                raise ValidationError({"year": _("Đợt đã có hồ sơ: không thể đổi năm của đợt.")})
            if _year_taken(locked.program, year, exclude_pk=locked.pk):
                raise _year_message(locked.program, year)
            locked.year = year
            changed.append("year")
        called = [name for name in changed if name in CALL_FIELDS]
        if called and locked.status != R.PLANNED:
            raise ValidationError(
                _("Thông báo mời nộp hồ sơ đã đăng khi mở đợt: không sửa được nữa. Gia hạn nộp ghi ở trang nhận hồ sơ.")
            )
        scoring = [name for name in changed if name in SCORING_SETTINGS]
        if scoring:
            labels = ", ".join(str(RecognitionRound._meta.get_field(n).verbose_name) for n in scoring)
            _require_not_scored(locked, labels)
        if "admits_other_provinces" in changed:
            check_admission_change(locked, admits_other_provinces=settings["admits_other_provinces"])
        for name in changed:
            if name != "year":
                setattr(locked, name, settings[name])
        _check_round(locked, changed or ["title"])
        if changed:
            locked.save(update_fields=changed)
            labels = ", ".join(str(RecognitionRound._meta.get_field(n).verbose_name) for n in changed)
            _setup_event(locked, actor, _("Thiết lập của đợt: %(fields)s.") % {"fields": labels})
    return locked


def round_copy(*, actor, source: RecognitionRound, year: int, title: str) -> RecognitionRound:
    """A new planned round of the same programme from `source` (last year's): its settings, criteria sheet with
    suggestion rules, document types with their limits, council seats and criterion assignments, as new rows.
    Never its applications, dates, call or results."""
    _require_editor(actor, source)
    source = RecognitionRound.objects.select_related("program").get(pk=source.pk)
    settings = _clean_settings({"title": title, **{name: getattr(source, name) for name in COPIED_SETTINGS}})
    note = _("Sao chép từ đợt “%(title)s” (năm %(year)s).") % {"title": source.title, "year": source.year}
    with transaction.atomic():
        round = _round_insert(actor, source.program, year, settings, RoundEvent.Kind.COPIED, note, copied_from=source)
        criteria = {}
        for old in _sheet(source):
            criteria[old.id] = Criterion.objects.create(
                round=round,
                parent=criteria[old.parent_id] if old.parent_id else None,
                **{f: getattr(old, f) for f in CRITERION_FIELDS},
            )
        for old in source.document_types.order_by("order", "id"):
            DocumentType.objects.create(round=round, **{f: getattr(old, f) for f in DOCUMENT_TYPE_FIELDS})
        members = {}
        for old in source.council_members.order_by("id"):
            members[old.id] = CouncilMember.objects.create(
                round=round, user_id=old.user_id, role=old.role, title=old.title, agency=old.agency
            )
        for old in CriterionAssignment.objects.filter(criterion__round=source).order_by("id"):
            CriterionAssignment.objects.create(
                criterion=criteria[old.criterion_id],
                member=members.get(old.member_id),
                agency=old.agency,
            )
    return round


# ---------------------------------------------------------------- opening, closing, extending


def check_opening_dates(*, opens_on, closes_on, call_number: str, call_date, today: datetime.date) -> None:
    """The dated call and the dates of a round about to open (read by round_open and the admin)."""
    if not (call_number or "").strip():
        raise ValidationError({"call_number": _("Vui lòng nhập số thông báo mời nộp hồ sơ.")})
    if call_date is None:
        raise ValidationError({"call_date": _("Vui lòng nhập ngày thông báo.")})
    if opens_on is None or closes_on is None:
        raise ValidationError(_("Vui lòng nhập ngày mở và hạn nộp hồ sơ."))
    if closes_on < opens_on:
        raise ValidationError({"closes_on": _("Hạn nộp không được trước ngày mở.")})
    if opens_on > today:
        raise ValidationError(
            {"opens_on": _("Đợt mở nhận hồ sơ từ hôm nay hoặc một ngày đã qua; chưa đến ngày mở thì chưa mở đợt.")}
        )
    if closes_on < today:
        raise ValidationError({"closes_on": _("Hạn nộp hồ sơ đã qua: vui lòng chọn hạn nộp từ hôm nay trở đi.")})
    if call_date > opens_on:
        raise ValidationError({"call_date": _("Ngày thông báo không được sau ngày mở nhận hồ sơ.")})


def round_open(
    *,
    actor,
    round: RecognitionRound,
    opens_on: datetime.date,
    closes_on: datetime.date,
    call_number: str,
    call_date: datetime.date,
    call_text: str = "",
    today: datetime.date | None = None,
) -> RecognitionRound:
    """Open the round for applications with its dated call, shown on the public site. It needs a valid criteria
    sheet, a council with a chair, a required document, a pass mark and a recognition's validity."""
    _require_editor(actor, round)
    today = today or timezone.localdate()
    call_number = (call_number or "").strip()
    call_text = (call_text or "").strip()
    check_opening_dates(
        opens_on=opens_on, closes_on=closes_on, call_number=call_number, call_date=call_date, today=today
    )
    with transaction.atomic():
        locked = _lock(round)
        if locked.status != R.PLANNED:
            raise ValidationError(
                _("Đợt đang ở trạng thái “%(status)s”, không thể mở nhận hồ sơ.")
                % {"status": locked.get_status_display()}
            )
        errors = round_open_errors(locked)
        if errors:
            raise ValidationError(errors)
        locked.opens_on, locked.closes_on = opens_on, closes_on
        locked.call_number, locked.call_date, locked.call_text = call_number, call_date, call_text
        locked.status = R.OPEN
        fields = ["opens_on", "closes_on", "call_number", "call_date", "call_text", "status"]
        check_fields(locked, *fields)
        locked.save(update_fields=fields)
        _event(
            locked,
            RoundEvent.Kind.OPENED,
            actor,
            note=_("Thông báo số %(number)s") % {"number": call_number},
            closes_on_after=closes_on,
        )
    return locked


def round_close(
    *, actor, round: RecognitionRound, note: str = "", today: datetime.date | None = None
) -> RecognitionRound:
    """Stop taking applications: the round moves on to selection. A deadline still ahead is brought to today."""
    _require_editor(actor, round)
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _lock(round)
        if locked.status != R.OPEN:
            raise ValidationError(
                _("Đợt đang ở trạng thái “%(status)s”, không phải đang nhận hồ sơ.")
                % {"status": locked.get_status_display()}
            )
        before = locked.closes_on
        locked.status = R.REVIEW
        fields = ["status"]
        if before is None or before > today:
            locked.closes_on = max(today, locked.opens_on or today)
            fields.append("closes_on")
        locked.save(update_fields=fields)
        _event(
            locked, RoundEvent.Kind.CLOSED, actor, note=note, closes_on_before=before, closes_on_after=locked.closes_on
        )
    return locked


def round_extend(
    *, actor, round: RecognitionRound, closes_on: datetime.date, note: str, today: datetime.date | None = None
) -> RecognitionRound:
    """Move the round's deadline later, with a reason shown on the public call."""
    _require_editor(actor, round)
    today = today or timezone.localdate()
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Vui lòng ghi rõ lý do gia hạn.")})
    with transaction.atomic():
        locked = _lock(round)
        if locked.status != R.OPEN:
            raise ValidationError(
                _("Chỉ gia hạn được đợt đang nhận hồ sơ (đợt đang ở trạng thái “%(status)s”).")
                % {"status": locked.get_status_display()}
            )
        before = locked.closes_on
        if closes_on is None or (before is not None and closes_on <= before):
            raise ValidationError(
                {
                    "closes_on": _("Hạn nộp mới phải sau hạn nộp hiện tại (%(date)s).")
                    % {"date": before.strftime("%d/%m/%Y") if before else "—"}
                }
            )
        if closes_on < today:
            raise ValidationError({"closes_on": _("Hạn nộp mới không được trước hôm nay.")})
        locked.closes_on = closes_on
        check_fields(locked, "closes_on")
        locked.save(update_fields=["closes_on"])
        _event(locked, RoundEvent.Kind.EXTENDED, actor, note=note, closes_on_before=before, closes_on_after=closes_on)
    return locked


# ---------------------------------------------------------------- the criteria sheet

CRITERION_FIELDS = ("order", "name", "description", "code", "suggest_metric", "suggest_bands", "max_points")


def clean_suggest_bands(metric: str, bands, max_points) -> list[dict]:
    """The suggestion rule's bands as stored: a list of {"from": number, "points": number}, sorted by "from",
    each "from" once, points from 0 to the criterion's maximum. No metric, no bands."""
    if bands in (None, "", []):
        bands = []
    if not isinstance(bands, list | tuple):
        raise ValidationError({"suggest_bands": _("Các mức gợi ý phải là một danh sách.")})
    if bands and not metric:
        raise ValidationError({"suggest_metric": _("Chọn số liệu dùng để gợi ý điểm cho các mức đã nhập.")})
    if metric and metric not in SuggestMetric.values:
        raise ValidationError({"suggest_metric": _("Số liệu gợi ý điểm không hợp lệ.")})
    if metric and not bands:
        raise ValidationError({"suggest_bands": _("Nhập ít nhất một mức gợi ý cho số liệu đã chọn.")})
    if len(bands) > SUGGEST_BANDS_MAX:
        raise ValidationError(
            {"suggest_bands": _("Tối đa %(n)s mức gợi ý cho một tiêu chí.") % {"n": SUGGEST_BANDS_MAX}}
        )
    cleaned = []
    for position, band in enumerate(bands, start=1):
        if not isinstance(band, dict) or set(band) != {"from", "points"}:
            raise ValidationError(
                {"suggest_bands": _("Mức thứ %(n)s phải có đúng hai giá trị: từ mức và số điểm.") % {"n": position}}
            )
        try:
            start = Decimal(str(band["from"]))
            points = Decimal(str(band["points"]))
        except (InvalidOperation, ValueError, TypeError):
            raise ValidationError(
                {"suggest_bands": _("Mức thứ %(n)s: từ mức và số điểm phải là số.") % {"n": position}}
            ) from None
        if not start.is_finite() or not points.is_finite() or isinstance(band["from"], bool):
            raise ValidationError({"suggest_bands": _("Mức thứ %(n)s: giá trị không hợp lệ.") % {"n": position}})
        if abs(start) >= Decimal("1e15"):
            raise ValidationError({"suggest_bands": _("Mức thứ %(n)s: từ mức quá lớn.") % {"n": position}})
        if points < 0 or (max_points is not None and points > max_points):
            raise ValidationError(
                {
                    "suggest_bands": _("Mức thứ %(n)s: số điểm phải từ 0 đến điểm tối đa của tiêu chí (%(max)s).")
                    % {"n": position, "max": _fmt(max_points) if max_points is not None else "—"}
                }
            )
        cleaned.append({"from": _plain(start), "points": _plain(points)})
    starts = [band["from"] for band in cleaned]
    if len(set(starts)) != len(starts):
        raise ValidationError({"suggest_bands": _("Hai mức gợi ý có cùng giá trị “từ mức”.")})
    return sorted(cleaned, key=lambda band: band["from"])


def _plain(value: Decimal) -> int | float:
    """A JSON number: an integer when it is one."""
    return int(value) if value == value.to_integral_value() else float(value)


def criterion_check(criterion: Criterion) -> None:
    """A sheet line's own rules: its fields, its suggestion rule, two levels within one round (read by the services
    and the admin)."""
    criterion.name = (criterion.name or "").strip()
    criterion.code = (criterion.code or "").strip()
    criterion.description = (criterion.description or "").strip()
    if not criterion.name:
        raise ValidationError({"name": _("Vui lòng nhập tên tiêu chí.")})
    check_fields(criterion, "order", "name", "description", "code", "suggest_metric", "max_points")
    criterion.suggest_bands = clean_suggest_bands(
        criterion.suggest_metric, criterion.suggest_bands, criterion.max_points
    )
    parent = criterion.parent
    if parent is not None:
        if parent.round_id != criterion.round_id:
            raise ValidationError({"parent": _("Tiêu chí cha không thuộc phiếu chấm của đợt này.")})
        if parent.parent_id is not None:
            raise ValidationError({"parent": _("Phiếu chấm chỉ có hai cấp: tiêu chí và tiêu chí thành phần.")})
        if criterion.pk is not None and parent.pk == criterion.pk:
            raise ValidationError({"parent": _("Một tiêu chí không thể thuộc chính nó.")})
        if criterion.pk is not None and Criterion.objects.filter(parent_id=criterion.pk).exists():
            raise ValidationError(
                {"parent": _("Tiêu chí đang có tiêu chí thành phần nên không thể thuộc tiêu chí khác.")}
            )


def criterion_add(
    *,
    actor,
    round: RecognitionRound,
    name: str,
    max_points: Decimal,
    parent: Criterion | None = None,
    code: str = "",
    order: int | None = None,
    description: str = "",
    suggest_metric: str = "",
    suggest_bands=(),
) -> Criterion:
    """A criterion of the round's sheet, or a sub-criterion of `parent`. The sheet's totals are checked when the
    round opens (criteria_sheet_errors), so that it can be built one line at a time."""
    _require_editor(actor, round)
    with transaction.atomic():
        locked = _lock(round)
        _require_sheet_editable(locked)
        if locked.criteria.count() >= CRITERIA_MAX:
            raise ValidationError(_("Phiếu chấm điểm có tối đa %(n)s tiêu chí.") % {"n": CRITERIA_MAX})
        if order is None:
            siblings = locked.criteria.filter(parent=parent)
            order = (max((c.order for c in siblings), default=0)) + 1
        criterion = Criterion(
            round=locked,
            parent=parent,
            name=name,
            max_points=max_points,
            code=code,
            order=order,
            description=description,
            suggest_metric=suggest_metric or "",
            suggest_bands=suggest_bands if suggest_bands is not None else [],
        )
        criterion_check(criterion)
        if parent is not None:
            # A criterion that gets sub-criteria is no longer scored itself: its assignments go to its children.
            if parent.suggest_metric:
                raise ValidationError(
                    {
                        "parent": _(
                            "Tiêu chí “%(name)s” có gợi ý điểm riêng: bỏ gợi ý trước khi thêm tiêu chí thành phần."
                        )
                        % {"name": parent.name}
                    }
                )
            CriterionAssignment.objects.filter(criterion=parent).delete()
        criterion.save()
        _setup_event(
            locked,
            actor,
            _("Thêm tiêu chí “%(name)s” (%(points)s điểm).")
            % {"name": criterion.name, "points": _fmt(criterion.max_points)},
        )
    return criterion


def criterion_update(*, actor, criterion: Criterion, **fields) -> Criterion:
    """Change a line of the sheet: name, code, order, description, maximum points, its parent, its suggestion
    rule."""
    allowed = {*CRITERION_FIELDS, "parent"}
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"unknown criterion fields: {sorted(unknown)}")
    round = criterion.round
    _require_editor(actor, round)
    with transaction.atomic():
        locked = _lock(round)
        _require_sheet_editable(locked)
        current = Criterion.objects.select_for_update().get(pk=criterion.pk)
        for name, value in fields.items():
            setattr(current, name, value if name != "suggest_bands" or value is not None else [])
        if current.suggest_metric is None:
            current.suggest_metric = ""
        criterion_check(current)
        if current.suggest_metric and current.children.exists():
            raise ValidationError(
                {"suggest_metric": _("Tiêu chí có tiêu chí thành phần: điểm gợi ý đặt ở các tiêu chí thành phần.")}
            )
        current.save()
        if current.parent_id is not None:
            CriterionAssignment.objects.filter(criterion_id=current.parent_id).delete()
        _setup_event(
            locked,
            actor,
            _("Sửa tiêu chí “%(name)s” (%(points)s điểm).")
            % {"name": current.name, "points": _fmt(current.max_points)},
        )
    return current


def criterion_remove(*, actor, criterion: Criterion) -> None:
    """Take a line off the sheet, with its sub-criteria and assignments."""
    round = criterion.round
    _require_editor(actor, round)
    with transaction.atomic():
        locked = _lock(round)
        _require_sheet_editable(locked)
        Criterion.objects.filter(pk=criterion.pk).delete()
        _setup_event(locked, actor, _("Bỏ tiêu chí “%(name)s”.") % {"name": criterion.name})


# ---------------------------------------------------------------- document types

DOCUMENT_TYPE_FIELDS = ("order", "name", "description", "is_required", "max_size_mb", "allowed_extensions")


def dossier_extensions() -> dict[str, str]:
    """The file extensions a dossier document may have (what core/uploads.py recognises among the dossier's
    kinds, services.DOSSIER_KINDS), each to the extension stored."""
    accepted = {KINDS[kind].extension: KINDS[kind].extension for kind in services.DOSSIER_KINDS}
    if "jpeg" in services.DOSSIER_KINDS:
        accepted["jpeg"] = KINDS["jpeg"].extension
    return accepted


def clean_extensions(value: str) -> str:
    """The allowed extensions as stored ("pdf, jpg"): known to the upload checker, each once, in order."""
    accepted = dossier_extensions()
    names = [part.strip().lower().lstrip(".") for part in (value or "").replace(";", ",").split(",")]
    names = [name for name in names if name]
    if not names:
        raise ValidationError({"allowed_extensions": _("Nhập ít nhất một loại tệp được nhận (ví dụ: pdf).")})
    unknown = [name for name in names if name not in accepted]
    if unknown:
        raise ValidationError(
            {
                "allowed_extensions": _("Loại tệp không được hỗ trợ: %(bad)s. Chỉ nhận: %(ok)s.")
                % {"bad": ", ".join(unknown), "ok": ", ".join(sorted(set(accepted.values())))}
            }
        )
    stored = []
    for name in names:
        if accepted[name] not in stored:
            stored.append(accepted[name])
    return ", ".join(stored)


def document_type_check(document_type: DocumentType) -> None:
    """A document type's own rules, its kinds of file among those the upload checker knows (services and admin)."""
    document_type.name = (document_type.name or "").strip()
    document_type.description = (document_type.description or "").strip()
    if not document_type.name:
        raise ValidationError({"name": _("Vui lòng nhập tên tài liệu.")})
    document_type.allowed_extensions = clean_extensions(document_type.allowed_extensions)
    check_fields(document_type, *DOCUMENT_TYPE_FIELDS)


def document_type_add(
    *,
    actor,
    round: RecognitionRound,
    name: str,
    is_required: bool = True,
    max_size_mb: int = 10,
    allowed_extensions: str = "pdf",
    description: str = "",
    order: int | None = None,
) -> DocumentType:
    _require_editor(actor, round)
    with transaction.atomic():
        locked = _lock(round)
        _require_not_closed(locked)
        if locked.document_types.count() >= DOCUMENT_TYPES_MAX:
            raise ValidationError(_("Hồ sơ có tối đa %(n)s loại tài liệu.") % {"n": DOCUMENT_TYPES_MAX})
        if order is None:
            order = max(locked.document_types.values_list("order", flat=True), default=0) + 1
        document_type = DocumentType(
            round=locked,
            name=name,
            is_required=is_required,
            max_size_mb=max_size_mb,
            allowed_extensions=allowed_extensions,
            description=description,
            order=order,
        )
        document_type_check(document_type)
        document_type.save()
        _setup_event(locked, actor, _("Thêm loại tài liệu “%(name)s”.") % {"name": document_type.name})
    return document_type


def document_type_update(*, actor, document_type: DocumentType, **fields) -> DocumentType:
    unknown = set(fields) - set(DOCUMENT_TYPE_FIELDS)
    if unknown:
        raise TypeError(f"unknown document type fields: {sorted(unknown)}")
    _require_editor(actor, document_type.round)
    with transaction.atomic():
        locked = _lock(document_type.round)
        _require_not_closed(locked)
        current = DocumentType.objects.select_for_update().get(pk=document_type.pk)
        for name, value in fields.items():
            setattr(current, name, value)
        document_type_check(current)
        current.save()
        _setup_event(locked, actor, _("Sửa loại tài liệu “%(name)s”.") % {"name": current.name})
    return current


def document_type_remove(*, actor, document_type: DocumentType) -> None:
    _require_editor(actor, document_type.round)
    with transaction.atomic():
        locked = _lock(document_type.round)
        _require_not_closed(locked)
        if document_type.documents.exists():
            raise ValidationError(
                _("Đã có hồ sơ nộp tài liệu “%(name)s”: không thể bỏ loại tài liệu này.") % {"name": document_type.name}
            )
        DocumentType.objects.filter(pk=document_type.pk).delete()
        _setup_event(locked, actor, _("Bỏ loại tài liệu “%(name)s”.") % {"name": document_type.name})


# ---------------------------------------------------------------- the council


def council_candidates(round: RecognitionRound) -> QuerySet:
    """Who may sit on the round's council: the city's staff and the officials (of the city, or of none)."""
    user_model = CouncilMember._meta.get_field("user").related_model
    city_id = round.program.city_id
    return user_model.objects.filter(is_active=True).filter(
        Q(role=user_model.Role.STAFF, city_id=city_id)
        | Q(role=user_model.Role.OFFICIAL, city_id=city_id)
        | Q(role=user_model.Role.OFFICIAL, city__isnull=True)
    )


def council_member_check(member: CouncilMember, round: RecognitionRound) -> None:
    """A seat's own rules: who may sit, once per round, one chair (read by the services and the admin)."""
    member.title = (member.title or "").strip()
    member.agency = (member.agency or "").strip()
    check_fields(member, "role", "title", "agency")
    if not council_candidates(round).filter(pk=member.user_id).exists():
        raise ValidationError(
            {
                "user": _(
                    "Chỉ cán bộ Sở Công Thương của %(city)s hoặc lãnh đạo, cán bộ theo dõi được tham gia hội đồng."
                )
                % {"city": round.program.city.name}
            }
        )
    if round.pk is None:
        return
    others = CouncilMember.objects.filter(round=round).exclude(pk=member.pk)
    if others.filter(user_id=member.user_id).exists():
        raise ValidationError({"user": _("Người này đã là thành viên hội đồng của đợt.")})
    if member.role == CouncilMember.Role.CHAIR and others.filter(role=CouncilMember.Role.CHAIR).exists():
        raise ValidationError({"role": _("Hội đồng đã có chủ tịch: mỗi hội đồng chỉ có một chủ tịch.")})


def council_member_add(
    *, actor, round: RecognitionRound, user, role: str = CouncilMember.Role.MEMBER, title: str = "", agency: str = ""
) -> CouncilMember:
    _require_editor(actor, round)
    with transaction.atomic():
        locked = _lock(round)
        _require_not_closed(locked)
        if locked.council_members.count() >= COUNCIL_MAX:
            raise ValidationError(_("Hội đồng có tối đa %(n)s thành viên.") % {"n": COUNCIL_MAX})
        member = CouncilMember(round=locked, user=user, role=role, title=title, agency=agency)
        council_member_check(member, locked)
        member.save()
        _setup_event(locked, actor, _("Thêm thành viên hội đồng: %(name)s (%(role)s).") % _seat(member))
    return member


def council_member_update(*, actor, member: CouncilMember, **fields) -> CouncilMember:
    """Change a seat's role, title or agency, or who holds it. A member who has scored keeps their seat; once
    scoring has begun, a seat's agency (which decides the criteria it scores) is fixed."""
    unknown = set(fields) - {"user", "role", "title", "agency"}
    if unknown:
        raise TypeError(f"unknown council member fields: {sorted(unknown)}")
    _require_editor(actor, member.round)
    with transaction.atomic():
        locked = _lock(member.round)
        _require_not_closed(locked)
        current = CouncilMember.objects.select_for_update().select_related("user").get(pk=member.pk)
        if "user" in fields and fields["user"].pk != current.user_id and current.scores.exists():
            raise ValidationError({"user": _("Thành viên này đã chấm điểm: không thể thay người khác vào ghế này.")})
        if "agency" in fields and (fields["agency"] or "").strip() != current.agency:
            _require_not_scored(locked, _("cơ quan của thành viên hội đồng"))
        for name, value in fields.items():
            setattr(current, name, value)
        council_member_check(current, locked)
        current.save()
        _setup_event(locked, actor, _("Sửa thành viên hội đồng: %(name)s (%(role)s).") % _seat(current))
    return current


def _seat(member: CouncilMember) -> dict:
    return {"name": member.user.get_full_name() or member.user.username, "role": member.get_role_display()}


def council_member_remove(*, actor, member: CouncilMember) -> None:
    _require_editor(actor, member.round)
    with transaction.atomic():
        locked = _lock(member.round)
        _require_not_closed(locked)
        if member.scores.exists():
            raise ValidationError(
                _("%(member)s đã chấm điểm hồ sơ của đợt này: không thể bỏ thành viên này.")
                % {"member": member.user.get_full_name() or member.user.username}
            )
        CouncilMember.objects.filter(pk=member.pk).delete()
        _setup_event(locked, actor, _("Bỏ thành viên hội đồng: %(name)s.") % _seat(member))


def round_agencies(round: RecognitionRound) -> list[str]:
    """The agencies the council's members sit for, each once, in order of name."""
    names = round.council_members.exclude(agency="").values_list("agency", flat=True)
    return sorted(set(names))


def criterion_assign(*, actor, criterion: Criterion, members=(), agencies=()) -> list[CriterionAssignment]:
    """Replace who scores the criterion: some council members, some member agencies, or (none given) every
    member."""
    round = criterion.round
    _require_editor(actor, round)
    with transaction.atomic():
        locked = _lock(round)
        _require_not_closed(locked)
        rows = _assign(locked, criterion, members, agencies)
        _setup_event(locked, actor, _("Phân công chấm tiêu chí “%(name)s”.") % {"name": criterion.name})
        return rows


def _assign(round: RecognitionRound, criterion: Criterion, members, agencies) -> list[CriterionAssignment]:
    if criterion.round_id != round.pk:
        raise ValidationError(_("Tiêu chí không thuộc phiếu chấm của đợt này."))
    members = list(members)
    agencies = sorted({(a or "").strip() for a in agencies} - {""})
    current = {(a.member_id, a.agency) for a in criterion.assignments.all()}
    wanted = {(m.pk, "") for m in members} | {(None, a) for a in agencies}
    if current == wanted:
        return list(criterion.assignments.all())
    _require_not_scored(round, _("phân công chấm điểm"))
    if criterion.children.exists():
        raise ValidationError(
            _("“%(name)s” có tiêu chí thành phần: phân công chấm cho từng tiêu chí thành phần.")
            % {"name": criterion.name}
        )
    if any(m.round_id != round.pk for m in members):
        raise ValidationError(_("Người được phân công không phải thành viên hội đồng của đợt này."))
    known = set(round_agencies(round))
    unknown = [a for a in agencies if a not in known]
    if unknown:
        raise ValidationError(
            _("Không có thành viên hội đồng nào thuộc cơ quan: %(names)s.") % {"names": ", ".join(unknown)}
        )
    criterion.assignments.all().delete()
    rows = [CriterionAssignment(criterion=criterion, member=m) for m in members]
    rows += [CriterionAssignment(criterion=criterion, agency=a) for a in agencies]
    return CriterionAssignment.objects.bulk_create(rows)


def _assignment_state(round) -> set:
    return set(
        CriterionAssignment.objects.filter(criterion__round=round).values_list("criterion_id", "member_id", "agency")
    )


def criteria_assign_all(*, actor, round: RecognitionRound, assignments: dict) -> None:
    """The whole assignment matrix at once: {criterion: (members, agencies)}; all rows, or none."""
    _require_editor(actor, round)
    with transaction.atomic():
        locked = _lock(round)
        _require_not_closed(locked)
        before = _assignment_state(locked)
        for criterion, (members, agencies) in assignments.items():
            _assign(locked, criterion, members, agencies)
        if _assignment_state(locked) != before:
            _setup_event(locked, actor, _("Phân công chấm điểm."))


# ---------------------------------------------------------------- reads


def staff_round_list(user) -> QuerySet[RecognitionRound]:
    """The rounds of the user's city (every one for administrators), newest first, with their counts."""
    rounds = permissions.rounds_editable_by(user, RecognitionRound.objects.all())
    return (
        rounds.select_related("program__city")
        .annotate(
            application_count=Count("applications", filter=~Q(applications__status="draft"), distinct=True),
            criteria_count=Count("criteria", distinct=True),
            member_count=Count("council_members", distinct=True),
        )
        .order_by("-year", "program__short_title", "id")
    )


def staff_programs(user) -> QuerySet[Program]:
    """The programmes the user may create a round for."""
    city_ids = permissions.editable_city_ids(user)
    programs = Program.objects.select_related("city").order_by("city__name", "-period_start", "title")
    return programs if city_ids is None else programs.filter(city_id__in=city_ids)


def last_round(program: Program, before_year: int | None = None) -> RecognitionRound | None:
    """The programme's latest round (before `before_year`), the one a new round is copied from."""
    rounds = RecognitionRound.objects.filter(program=program, is_historical=False)
    if before_year is not None:
        rounds = rounds.filter(year__lt=before_year)
    return rounds.order_by("-year").first()


def round_events(round: RecognitionRound) -> QuerySet[RoundEvent]:
    return round.events.select_related("actor").order_by("created_at", "id")


def council_of(round: RecognitionRound) -> list[CouncilMember]:
    return list(round.council_members.select_related("user").annotate(scored=Count("scores")).order_by("id"))


@dataclass
class AssignmentRow:
    criterion: Criterion
    members: set[int]
    agencies: set[str]


def assignment_matrix(round: RecognitionRound) -> list[AssignmentRow]:
    """Each scored criterion (leaf) with the members and agencies it is assigned to."""
    leaves = criteria_leaves(round)
    by_criterion: dict[int, AssignmentRow] = {c.id: AssignmentRow(c, set(), set()) for c in leaves}
    for a in CriterionAssignment.objects.filter(criterion__round=round):
        row = by_criterion.get(a.criterion_id)
        if row is not None:
            if a.member_id:
                row.members.add(a.member_id)
            else:
                row.agencies.add(a.agency)
    return [by_criterion[c.id] for c in leaves]


def _public_rounds() -> QuerySet[RecognitionRound]:
    """Rounds the public sees: of published programmes, opened, or planned with an issued call."""
    announced = Q(status=R.PLANNED) & ~Q(call_number="") & Q(call_date__isnull=False)
    return (
        RecognitionRound.objects.filter(program__in=Program.objects.published(), is_historical=False)
        .filter(~Q(status=R.PLANNED) | announced)
        .select_related("program__city")
    )


def public_calls() -> QuerySet[RecognitionRound]:
    """The calls open now and those announced for a round not yet open, soonest deadline first."""
    return _public_rounds().filter(status__in=(R.OPEN, R.PLANNED)).order_by("status", "closes_on", "-call_date", "id")


def public_results() -> QuerySet[RecognitionRound]:
    """The rounds whose result list has been published for comment, newest publication first."""
    return _public_rounds().filter(result_published_on__isnull=False).order_by("-result_published_on", "-id")


def public_call(round_id: int) -> RecognitionRound | None:
    return (
        _public_rounds()
        .prefetch_related(Prefetch("events", queryset=RoundEvent.objects.filter(kind=RoundEvent.Kind.EXTENDED)))
        .filter(pk=round_id)
        .first()
    )
