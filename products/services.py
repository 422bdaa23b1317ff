"""Writes of the products app: products, applications and their workflow, dossier documents, council scoring,
public comments and recognition decisions. Each runs in one transaction; status changes lock the row first."""

import datetime
import hashlib
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions
from core.numbers import format_number
from core.uploads import KINDS as UPLOAD_KINDS
from core.uploads import DetectedKind, safe_display_name, save_file, validate_upload
from core.validation import check_fields
from enterprises.models import Enterprise
from products import comment_window, dossier, scoring, workflow
from products.eligibility import require_round_admits
from products.models import (
    Application,
    ApplicationDocument,
    ApplicationEvent,
    ConflictDeclaration,
    CouncilMember,
    DocumentType,
    Product,
    Recognition,
    RecognitionRound,
    Score,
)
from products.selectors import product_search_text

if TYPE_CHECKING:
    from products.decision import DecisionRecord

S = Application.Status
CRITERIA_TOTAL = Decimal(100)
DOSSIER_KINDS = ("pdf", "docx", "xlsx", "jpeg", "png")
# The dossier's written sections: optional notes beside the figures (products/dossier.py), bounded.
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
    if to_status == S.SUBMITTED and not application.code:
        # Given once, at the first submission; a resubmission keeps it.
        application.code = dossier.allocate_code(application)
        fields.append("code")
    # Each stage starts today and is due by the round's deadline for it (none for a final status).
    application.stage_started_on = today
    application.stage_due_on = dossier.stage_due_on(application, to_status, today)
    fields += ["stage_started_on", "stage_due_on"]
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


def _guard_submission(application: Application, today: datetime.date) -> None:
    """A dossier is submitted complete: every required document and every required figure of its three years
    (products/dossier.py). The written sections are optional notes."""
    if application.status == S.DRAFT and application.round.status != RecognitionRound.Status.OPEN:
        raise ValidationError(_("Đợt xét chọn đã hết hạn nhận hồ sơ."))
    missing = dossier.dossier_missing(application)
    if missing:
        raise ValidationError(
            _("Hồ sơ chưa đủ để nộp. Còn thiếu: %(items)s.") % {"items": "; ".join(item.label for item in missing)},
            code="incomplete",
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
    if application.round.scoring_closed_at is not None:
        raise ValidationError(
            _("Chủ tịch hội đồng đã kết thúc chấm điểm đợt này; không chuyển thêm hồ sơ sang hội đồng được.")
        )
    problems = scoring.rule_errors(application.round)
    if problems:
        raise ValidationError(problems)


def _guard_public_comment(application: Application, today: datetime.date) -> None:
    if application.score_count == 0:
        raise ValidationError(_("Chưa có thành viên hội đồng nào chấm điểm hồ sơ này."))
    round = application.round
    comment_window.check_window(
        program=round.program,
        opens_on=application.comment_opens_on,
        closes_on=application.comment_closes_on,
        today=today,
        min_days=round.comment_days,
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


# ---------------------------------------------------------------- documents


def document_kinds(document_type: DocumentType) -> tuple[str, ...]:
    """The kinds of file (core.uploads) a document type takes, from its allowed extensions ("pdf, jpg")."""
    kinds = []
    for extension in document_type.allowed_extensions.replace(";", ",").split(","):
        kind = {"jpg": "jpeg"}.get(extension.strip().lower().lstrip("."), extension.strip().lower().lstrip("."))
        if kind in DOSSIER_KINDS and kind not in kinds:
            kinds.append(kind)
    return tuple(kinds) or ("pdf",)


def document_limits_text(document_type: DocumentType) -> str:
    """What the upload form and the refusals say of a type's limits: "PDF, JPG; tối đa 5 MB"."""
    return _("%(kinds)s; tối đa %(size)s MB") % {
        "kinds": _kind_labels(document_type),
        "size": document_type.max_size_mb,
    }


def _kind_labels(document_type: DocumentType) -> str:
    return ", ".join(UPLOAD_KINDS[k].label for k in document_kinds(document_type))


def _check_document_limits(document_type: DocumentType, file) -> DetectedKind:
    """The type's own limits (its size, its kinds of file), each refusal naming the limit; then the portal's checks
    of every upload (core/uploads.py)."""
    size = getattr(file, "size", None) or 0
    if size > document_type.max_size_mb * 1024 * 1024:
        raise ValidationError(
            _("Tệp quá lớn: “%(type)s” nhận tệp tối đa %(limit)s MB, tệp này %(size)s MB.")
            % {
                "type": document_type.name,
                "limit": document_type.max_size_mb,
                "size": format_number((Decimal(size) / (1024 * 1024)).quantize(Decimal("0.1"))),
            },
            code="too_large",
        )
    try:
        return validate_upload(file, document_kinds(document_type))
    except ValidationError as exc:
        if exc.code == "extension":
            raise ValidationError(
                _("Định dạng tệp không được chấp nhận: “%(type)s” chỉ nhận tệp %(kinds)s.")
                % {"type": document_type.name, "kinds": _kind_labels(document_type)},
                code="extension",
            ) from exc
        raise


def document_add(*, actor, application: Application, document_type: DocumentType, file) -> ApplicationDocument:
    # Checked before anything is written: a rejected file leaves no row and no stored bytes.
    detected = _check_document_limits(document_type, file)
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


# Comments are taken on a round's published result: products/comments.py.


# ---------------------------------------------------------------- decisions
# The round's decision is the city UBND's (products/decision.py); each dossier of it is settled here.


def application_decide(
    *,
    actor,
    application: Application,
    record: "DecisionRecord | None" = None,
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Recognition | None:
    """Settle one dossier of a decision: recognise it when it passed, after its comment window, or refuse it. It is
    one step of decision.round_decide, which passes the decision's `record`; called alone (the demo, the tests of a
    single dossier) it builds the record from the number and date, its validity from the round's rule. Either way
    no dossier is settled while a comment on its round waits for an answer or a note. `today` is the day the
    decision is taken (a demo replays past dates)."""
    from products.decision import DecisionRecord, create_recognition, require_comments_handled, require_valid_years

    today = today or timezone.localdate()
    if record is None:
        _check_decision(decision_number, decision_date, today)
    with transaction.atomic():
        locked = _lock(application)
        permissions.require(role_of(actor, locked) == workflow.STAFF)
        if locked.status != S.PUBLIC_COMMENT:
            raise ValidationError(
                _("Hồ sơ đang ở trạng thái “%(status)s”, không thể ra quyết định.")
                % {"status": locked.get_status_display()}
            )
        if record is None:
            record = DecisionRecord(
                number=decision_number.strip(), date=decision_date, valid_years=require_valid_years(locked.round)
            )
            require_comments_handled(locked.round)
        comment_window.check_decision(closes_on=locked.comment_closes_on, decision_date=record.date, today=today)
        if not locked.passed():
            _apply_transition(
                actor=actor,
                application=locked,
                to_status=S.REJECTED,
                note=_("Không đạt điểm: điểm xét chọn %(score)s thấp hơn điểm đạt %(threshold)s.")
                % {"score": locked.score_average, "threshold": locked.round.pass_threshold},
                today=today,
            )
            return None
        _apply_transition(
            actor=actor,
            application=locked,
            to_status=S.RECOGNISED,
            note=_("Quyết định số %(number)s") % {"number": record.number},
            today=today,
        )
        return create_recognition(locked, record)


def application_reject_unpassed(*, actor, application: Application, today: datetime.date) -> Application:
    """End, with the round's decision, a dossier the council scored below the pass threshold (or never scored): it
    was not on the published list."""
    with transaction.atomic():
        locked = _lock(application)
        if locked.score_average is None:
            note = _("Không đạt điểm: hội đồng không chấm điểm hồ sơ này.")
        else:
            note = _("Không đạt điểm: điểm xét chọn %(score)s thấp hơn điểm đạt %(threshold)s.") % {
                "score": locked.score_average,
                "threshold": locked.round.pass_threshold,
            }
        _apply_transition(actor=actor, application=locked, to_status=S.REJECTED, note=note, today=today)
    return locked


def _check_decision(decision_number: str, decision_date: datetime.date, today: datetime.date) -> None:
    from products.decision import check_decision_fields

    check_decision_fields(decision_number, decision_date, today)


def round_decide(**kwargs):
    """The round's decision: products.decision.round_decide."""
    from products.decision import round_decide

    return round_decide(**kwargs)
