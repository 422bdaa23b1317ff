"""Writes of the products app: products, applications and their workflow, dossier documents, council scoring,
public comments and recognition decisions. Each runs in one transaction; status changes lock the row first."""

import datetime
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions
from core.dates import add_years, validate_date_in_range
from core.uploads import safe_display_name, save_file, validate_upload
from core.validation import check_fields
from enterprises.models import Enterprise
from products import comment_limit, comment_window, scoring, workflow
from products.certified import certified_fields
from products.eligibility import require_round_admits
from products.models import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ConflictDeclaration,
    CouncilMember,
    DocumentType,
    Product,
    PublicComment,
    Recognition,
    RecognitionRound,
    Score,
)
from products.selectors import applications_due_for_decision, product_search_text

S = Application.Status
# A recognition is valid for this many years from the decision date.
RECOGNITION_VALID_YEARS = 3
CRITERIA_TOTAL = Decimal(100)
DOSSIER_KINDS = ("pdf", "docx", "xlsx", "jpeg", "png")
# The dossier's written sections: a draft may leave them empty, a submitted dossier may not.
DOSSIER_SECTIONS = ("market_summary", "technical_summary", "social_summary")


# ---------------------------------------------------------------- products

PRODUCT_FIELDS = ("name", "sector", "description")


def product_create(*, actor, enterprise: Enterprise, name: str, sector: str, description: str = "") -> Product:
    permissions.require_enterprise_owner(actor, enterprise.id)
    check_fields(Product(name=name.strip(), sector=sector, description=description.strip()), *PRODUCT_FIELDS)
    with transaction.atomic():
        return Product.objects.create(
            enterprise=enterprise,
            name=name.strip(),
            sector=sector,
            description=description.strip(),
            search_text=product_search_text(name=name, description=description, sector=sector),
        )


def product_update(*, actor, product: Product, name: str, sector: str, description: str = "") -> Product:
    permissions.require_enterprise_owner(actor, product.enterprise_id)
    with transaction.atomic():
        product.name = name.strip()
        product.sector = sector
        product.description = description.strip()
        check_fields(product, *PRODUCT_FIELDS)
        product.search_text = product_search_text(name=product.name, description=product.description, sector=sector)
        product.save(update_fields=["name", "sector", "description", "search_text"])
    return product


# ---------------------------------------------------------------- applications


def application_create(*, actor, product: Product, round: RecognitionRound, kind: str) -> Application:
    permissions.require_enterprise_owner(actor, product.enterprise_id)
    if round.status != RecognitionRound.Status.OPEN:
        raise ValidationError(_("Đợt xét chọn này không nhận hồ sơ."))
    require_round_admits(round, product.enterprise)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                round=round, product=product, enterprise_id=product.enterprise_id, kind=kind, created_by=actor
            )
            ApplicationEvent.objects.create(
                application=application, from_status=S.DRAFT, to_status=S.DRAFT, actor=actor, note=_("Tạo hồ sơ")
            )
    except IntegrityError as exc:
        raise ValidationError(_("Sản phẩm này đã có hồ sơ trong đợt xét chọn này.")) from exc
    return application


def application_update(
    *, actor, application: Application, kind: str, market_summary: str, technical_summary: str, social_summary: str
) -> Application:
    with transaction.atomic():
        locked = _lock(application)
        _require_editable_by(actor, locked)
        locked.kind = kind
        locked.market_summary = market_summary.strip()
        locked.technical_summary = technical_summary.strip()
        locked.social_summary = social_summary.strip()
        check_fields(locked, "kind", *DOSSIER_SECTIONS)
        locked.save(update_fields=["kind", "market_summary", "technical_summary", "social_summary", "updated_at"])
    return locked


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("round__program", "product").get(pk=application.pk)


def _require_editable_by(actor, application: Application) -> None:
    permissions.require_enterprise_owner(actor, application.enterprise_id)
    if not application.is_editable_by_enterprise:
        raise ValidationError(
            _("Hồ sơ đang ở trạng thái “%(status)s”, không thể sửa.") % {"status": application.get_status_display()}
        )


def role_of(actor, application: Application) -> str | None:
    """The workflow role the actor holds on this application, or None."""
    if permissions.owns_application(actor, application):
        return workflow.ENTERPRISE
    if permissions.can_review_application(actor, application):
        return workflow.STAFF
    return None


def application_transition(*, actor, application: Application, to_status: str, note: str = "") -> Application:
    """Move an application along the workflow: lock the row, check the table and the guards, record the event."""
    if to_status == S.RECOGNISED:
        raise ValidationError(_("Công nhận sản phẩm được thực hiện bằng quyết định công nhận của đợt xét chọn."))
    with transaction.atomic():
        locked = _lock(application)
        _apply_transition(actor=actor, application=locked, to_status=to_status, note=note, today=timezone.localdate())
    return locked


def _apply_transition(
    *, actor, application: Application, to_status: str, note: str, today: datetime.date
) -> ApplicationEvent:
    """The locked part of every status change. The caller holds the row lock inside a transaction. `today` is
    the date the change is made on (a demo replays past dates)."""
    role = role_of(actor, application)
    permissions.require(role is not None)
    from_status = application.status
    if not workflow.is_allowed(from_status, to_status, role):
        raise ValidationError(
            _("Không thể chuyển hồ sơ từ “%(from)s” sang “%(to)s”.")
            % {"from": S(from_status).label, "to": S(to_status).label}
        )
    note = (note or "").strip()
    if to_status in workflow.NOTE_REQUIRED and not note:
        raise ValidationError(_("Vui lòng ghi rõ lý do."))
    check_fields(ApplicationEvent(note=note), "note")
    _GUARDS.get(to_status, _no_guard)(application, today)
    now = timezone.now()
    application.status = to_status
    fields = ["status", "updated_at"]
    if to_status == S.SUBMITTED and application.submitted_at is None:
        application.submitted_at = now
        fields.append("submitted_at")
    if to_status in (S.RECOGNISED, S.REJECTED):
        application.decided_at = now
        fields.append("decided_at")
    application.save(update_fields=fields)
    event = ApplicationEvent.objects.create(
        application=application, from_status=from_status, to_status=to_status, actor=actor, note=note
    )
    _notify_after_commit(event.id)
    return event


def _notify_after_commit(event_id: int) -> None:
    from products.tasks import notify_application_event

    transaction.on_commit(lambda: notify_application_event.delay(event_id))


def _no_guard(application: Application, today: datetime.date) -> None:
    return None


def missing_document_types(application: Application) -> list[DocumentType]:
    present = set(application.documents.values_list("document_type_id", flat=True))
    return [t for t in application.round.document_types.filter(is_required=True) if t.id not in present]


def missing_sections(application: Application) -> list[str]:
    """The labels of the dossier's written sections still empty."""
    return [
        str(Application._meta.get_field(name).verbose_name)
        for name in DOSSIER_SECTIONS
        if not getattr(application, name).strip()
    ]


def _guard_submission(application: Application, today: datetime.date) -> None:
    if application.status == S.DRAFT and application.round.status != RecognitionRound.Status.OPEN:
        raise ValidationError(_("Đợt xét chọn đã hết hạn nhận hồ sơ."))
    empty = missing_sections(application)
    if empty:
        raise ValidationError(
            _("Hồ sơ chưa có nội dung thuyết minh về: %(sections)s. Vui lòng nhập đủ trước khi nộp.")
            % {"sections": "; ".join(empty)},
            code="sections",
        )
    missing = missing_document_types(application)
    if missing:
        raise ValidationError(
            _("Hồ sơ còn thiếu tài liệu bắt buộc: %(names)s.") % {"names": "; ".join(t.name for t in missing)}
        )


def criteria_total(round: RecognitionRound) -> Decimal:
    """The sheet's total: the top-level criteria's maximum points (sub-criteria add up to their parent)."""
    return round.criteria.filter(parent__isnull=True).aggregate(total=Sum("max_points"))["total"] or Decimal(0)


def _guard_council(application: Application, today: datetime.date) -> None:
    total = criteria_total(application.round)
    if total != CRITERIA_TOTAL:
        raise ValidationError(
            _("Phiếu chấm điểm của đợt phải có tổng điểm tối đa là 100 (hiện là %(total)s).") % {"total": total}
        )
    if not application.round.council_members.exists():
        raise ValidationError(_("Đợt xét chọn chưa có thành viên hội đồng."))


def _guard_public_comment(application: Application, today: datetime.date) -> None:
    if application.score_count == 0:
        raise ValidationError(_("Chưa có thành viên hội đồng nào chấm điểm hồ sơ này."))
    comment_window.check_window(
        program=application.round.program,
        opens_on=application.comment_opens_on,
        closes_on=application.comment_closes_on,
        today=today,
    )


def _guard_rejection(application: Application, today: datetime.date) -> None:
    # Refusing a published result is a decision too: it waits for the end of the public comment.
    if application.status == S.PUBLIC_COMMENT:
        comment_window.check_window_over(application.comment_closes_on, today)


_GUARDS = {
    S.SUBMITTED: _guard_submission,
    S.RESUBMITTED: _guard_submission,
    S.COUNCIL_SCORING: _guard_council,
    S.PUBLIC_COMMENT: _guard_public_comment,
    S.REJECTED: _guard_rejection,
}


def decision_allowed(application: Application, today: datetime.date) -> bool:
    """Whether a decision on the dossier may be taken today: not while its result is open for comment."""
    return application.status != S.PUBLIC_COMMENT or comment_window.window_over(application.comment_closes_on, today)


def application_open_comment(
    *,
    actor,
    application: Application,
    opens_on: datetime.date,
    closes_on: datetime.date,
    note: str = "",
    today: datetime.date | None = None,
) -> Application:
    """Publish the council's result for public comment during a dated window: from `today` (the day it is
    published) or later, for at least the programme's minimum number of days."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _lock(application)
        comment_window.check_window(program=locked.round.program, opens_on=opens_on, closes_on=closes_on, today=today)
        locked.comment_opens_on = opens_on
        locked.comment_closes_on = closes_on
        check_fields(locked, "comment_opens_on", "comment_closes_on")
        locked.save(update_fields=["comment_opens_on", "comment_closes_on", "updated_at"])
        _apply_transition(actor=actor, application=locked, to_status=S.PUBLIC_COMMENT, note=note, today=today)
    return locked


# ---------------------------------------------------------------- documents


def document_add(*, actor, application: Application, document_type: DocumentType, file) -> ApplicationDocument:
    # Checked before anything is written: a rejected file leaves no row and no stored bytes.
    detected = validate_upload(file, DOSSIER_KINDS)
    with transaction.atomic():
        locked = _lock(application)
        _require_editable_by(actor, locked)
        if document_type.round_id != locked.round_id:
            raise ValidationError(_("Loại tài liệu không thuộc đợt xét chọn của hồ sơ."))
        document = ApplicationDocument(
            application=locked,
            document_type=document_type,
            original_name=safe_display_name(file.name),
            content_type=detected.content_type,
            size=file.size,
            sha256=_sha256(file),
            uploaded_by=actor,
        )
        save_file(document.file, "upload", file)
        # The bytes are on disk now; a failed insert must not leave them behind.
        try:
            document.save()
        except Exception:
            document.file.delete(save=False)
            raise
    return document


def _sha256(file) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def document_remove(*, actor, document: ApplicationDocument) -> None:
    with transaction.atomic():
        locked = _lock(document.application)
        _require_editable_by(actor, locked)
        storage, name = document.file.storage, document.file.name
        document.delete()
        transaction.on_commit(lambda: storage.delete(name))


# ---------------------------------------------------------------- council


def council_member_for(user, round_id: int) -> CouncilMember | None:
    return CouncilMember.objects.filter(round_id=round_id, user=user).first()


# A member declares a conflict while the dossier is before the council or being scored; after that the result
# stands, and only the city's staff record a conflict (conflict_record).
MEMBER_DECLARES_IN = (S.SUBMITTED, S.UNDER_REVIEW, S.SUPPLEMENT_REQUESTED, S.RESUBMITTED, S.COUNCIL_SCORING)
# Statuses in which the council has finished scoring (for a rejected or withdrawn dossier, if it reached the
# council: core.permissions.council_stage): a conflict is then recorded, the result is not rewritten.
SCORING_CLOSED = (S.PUBLIC_COMMENT, S.RECOGNISED, S.REJECTED, S.WITHDRAWN)


def conflict_declare(*, actor, application: Application, reason: str) -> ConflictDeclaration:
    member = council_member_for(actor, application.round_id)
    permissions.require(member is not None)
    if not reason.strip():
        raise ValidationError(_("Vui lòng ghi rõ lý do xung đột lợi ích."))
    check_fields(ConflictDeclaration(reason=reason.strip()), "reason")
    with transaction.atomic():
        locked = _lock(application)
        if locked.status not in MEMBER_DECLARES_IN or locked.round.scoring_closed_at is not None:
            raise ValidationError(
                _(
                    "Hội đồng đã kết thúc chấm điểm hồ sơ này (trạng thái “%(status)s”) nên không khai báo xung đột "
                    "lợi ích được nữa. Nếu có xung đột, vui lòng báo Sở Công Thương để ghi nhận vào hồ sơ."
                )
                % {"status": locked.get_status_display()}
            )
        declaration, _created = ConflictDeclaration.objects.get_or_create(
            member=member, application=locked, defaults={"reason": reason.strip()}
        )
        # A member who recuses after scoring must not weigh on the result.
        Score.objects.filter(application=locked, member=member).delete()
        _recompute_average(locked)
    return declaration


def scoring_closed(application: Application) -> bool:
    """Whether the council has finished scoring the dossier: the chair closed the round's scoring, or its result is
    published or decided."""
    if application.status == S.COUNCIL_SCORING and application.round.scoring_closed_at is not None:
        return True
    return (
        application.status in SCORING_CLOSED
        and Application.objects.filter(permissions.council_stage(Application), pk=application.pk).exists()
    )


def conflict_record(*, actor, member: CouncilMember, application: Application, reason: str) -> ConflictDeclaration:
    """The city's staff record a member's conflict of interest found after the council finished scoring. It is
    kept with who recorded it, when and why; the member's sheet and the published average stay as they are."""
    permissions.require_application_reviewer(actor, application)
    if member.round_id != application.round_id:
        raise ValidationError(_("Người được chọn không phải thành viên hội đồng của đợt xét chọn này."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Vui lòng ghi rõ lý do xung đột lợi ích."))
    check_fields(ConflictDeclaration(reason=reason), "reason")
    with transaction.atomic():
        locked = _lock(application)
        if not scoring_closed(locked):
            raise ValidationError(
                _(
                    "Chỉ ghi nhận xung đột lợi ích sau khi hội đồng đã chấm xong hồ sơ. Trong giai đoạn chấm điểm, "
                    "thành viên tự khai báo trên trang chấm điểm."
                )
            )
        if ConflictDeclaration.objects.filter(member=member, application=locked).exists():
            raise ValidationError(_("Xung đột lợi ích của thành viên này với hồ sơ đã được ghi nhận."))
        return ConflictDeclaration.objects.create(
            member=member, application=locked, reason=reason, after_scoring=True, recorded_by=actor
        )


def council_scores_save(*, actor, application: Application, points: dict[int, Decimal]) -> Application:
    """Save one member's sheet (the criteria they are assigned) for one dossier and refresh its result
    (products/scoring.py)."""
    return scoring.scores_save(actor=actor, application=application, points=points)


def scoring_started(round: RecognitionRound) -> bool:
    """Whether a council member has scored an application of the round: its scoring sheet and pass mark are then
    fixed, since the stored averages and the decisions were reached on them."""
    return Score.objects.filter(application__round=round).exists()


def member_totals(application: Application) -> dict[int, Decimal]:
    """Each counted member's total (their part) for one dossier, by the round's rule (products/scoring.py)."""
    return scoring.member_totals(application)


def _recompute_average(application: Application) -> None:
    """Write the dossier's result by the round's rule ("điểm xét chọn") and the members counted in it."""
    scoring.recompute(application)


# ---------------------------------------------------------------- public comments


def public_comment_add(
    *, application: Application, author_name: str, author_email: str, body: str, client_address: str | None = None
) -> PublicComment:
    """Store a comment sent during the window. A comment from the public site names its client address
    (core.clientip.client_ip), counted against settings.PUBLIC_COMMENT_RATE per address and dossier."""
    if not application.comment_window_open(timezone.localdate()):
        raise ValidationError(_("Hồ sơ này hiện không trong thời gian lấy ý kiến."))
    if not author_name.strip() or not body.strip():
        raise ValidationError(_("Vui lòng nhập họ tên và nội dung ý kiến."))
    check_fields(
        PublicComment(author_name=author_name.strip(), author_email=author_email.strip(), body=body),
        "author_name",
        "author_email",
        "body",
    )
    if client_address is not None:
        comment_limit.take(application_id=application.id, address=client_address)
    with transaction.atomic():
        return PublicComment.objects.create(
            application=application, author_name=author_name.strip(), author_email=author_email.strip(), body=body
        )


# ---------------------------------------------------------------- decisions


@dataclass
class DecisionOutcome:
    recognised: list[Recognition] = field(default_factory=list)
    rejected: list[Application] = field(default_factory=list)


def is_first_time(product: Product, round: RecognitionRound) -> bool:
    """First-time unless the product was recognised in an earlier round (then it is a renewal)."""
    return not Recognition.objects.filter(product=product, round__year__lt=round.year).exists()


def application_decide(
    *,
    actor,
    application: Application,
    decision_number: str,
    decision_date: datetime.date,
    today: datetime.date | None = None,
) -> Recognition | None:
    """Recognise a passed application after its comment window, or reject a failed one. `today` is the day the
    decision is taken (a demo replays past dates); the window must be over by then, and the decision dated after
    its last day."""
    today = today or timezone.localdate()
    _check_decision(decision_number, decision_date, today)
    with transaction.atomic():
        locked = _lock(application)
        permissions.require(role_of(actor, locked) == workflow.STAFF)
        if locked.status != S.PUBLIC_COMMENT:
            raise ValidationError(
                _("Hồ sơ đang ở trạng thái “%(status)s”, không thể ra quyết định.")
                % {"status": locked.get_status_display()}
            )
        comment_window.check_decision(closes_on=locked.comment_closes_on, decision_date=decision_date, today=today)
        if not locked.passed():
            _apply_transition(
                actor=actor,
                application=locked,
                to_status=S.REJECTED,
                note=_("Điểm trung bình %(score)s thấp hơn điểm đạt %(threshold)s.")
                % {"score": locked.score_average, "threshold": locked.round.pass_threshold},
                today=today,
            )
            return None
        _apply_transition(
            actor=actor,
            application=locked,
            to_status=S.RECOGNISED,
            note=_("Quyết định số %(number)s") % {"number": decision_number.strip()},
            today=today,
        )
        return _create_recognition(locked, decision_number.strip(), decision_date)


def _check_decision(decision_number: str, decision_date: datetime.date, today: datetime.date) -> None:
    if not decision_number.strip():
        raise ValidationError(_("Vui lòng nhập số quyết định."))
    try:
        validate_date_in_range(decision_date)
    except ValidationError as exc:
        raise ValidationError({"decision_date": exc.messages}) from exc
    if decision_date > today:
        raise ValidationError({"decision_date": _("Ngày quyết định không được ở tương lai.")})


def _create_recognition(application: Application, decision_number: str, decision_date: datetime.date) -> Recognition:
    round = RecognitionRound.objects.select_for_update().select_related("program__city").get(pk=application.round_id)
    serial = Recognition.objects.filter(round=round).count() + 1
    return Recognition.objects.create(
        application=application,
        product=application.product,
        round=round,
        # The kind the dossier applied for and the council scored; name and enterprise as they stand today.
        kind=application.kind,
        **certified_fields(application.product),
        is_first_time=is_first_time(application.product, round),
        decision_number=decision_number,
        decision_date=decision_date,
        certificate_number=f"{round.year}/{round.program.city.code.upper()}-{round.program_id}-{serial:04d}",
        valid_from=decision_date,
        valid_until=add_years(decision_date, RECOGNITION_VALID_YEARS),
    )


def round_decide(
    *,
    actor,
    round: RecognitionRound,
    decision_number: str,
    decision_date: datetime.date,
    today: datetime.date | None = None,
) -> DecisionOutcome:
    """One decision for every application of the round whose comment window ended before the decision's date:
    all or nothing."""
    permissions.require_round_editor(actor, round)
    today = today or timezone.localdate()
    _check_decision(decision_number, decision_date, today)
    outcome = DecisionOutcome()
    with transaction.atomic():
        for application in applications_due_for_decision(round, today, decision_date=decision_date).order_by("id"):
            recognition = application_decide(
                actor=actor,
                application=application,
                decision_number=decision_number,
                decision_date=decision_date,
                today=today,
            )
            if recognition is None:
                outcome.rejected.append(application)
            else:
                outcome.recognised.append(recognition)
    if not outcome.recognised and not outcome.rejected:
        if applications_due_for_decision(round, today).exists():
            raise ValidationError(
                {
                    "decision_date": _(
                        "Ngày quyết định phải sau ngày kết thúc lấy ý kiến công khai: không có hồ sơ nào hết thời "
                        "gian lấy ý kiến trước ngày quyết định đã nhập."
                    )
                }
            )
        raise ValidationError(_("Không có hồ sơ nào đã hết thời gian lấy ý kiến để ra quyết định."))
    return outcome
