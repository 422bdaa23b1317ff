"""The round's recognition decision (issue 16, item 5): the decision is the city UBND's (Ủy ban nhân dân, the
IssuingBody of kind COMMITTEE), with its number, date and a signer chosen from that body's active signers.

It comes only after the comment deadline, once every comment is answered or noted. It recognises the passed
applications of the published list, first-time or renewal from history, each valid for the round's number of
years (or the programme's); the others are not recognised, with the reason.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import permissions
from core.dates import add_years, validate_date_in_range
from core.validation import check_fields
from products import comment_window
from products.certified import certified_fields
from products.comments import comments_waiting
from products.models import Application, Product, Recognition, RecognitionRound, RoundEvent
from products.selectors import active_signers, recognition_committee
from programs.models import IssuingBody, Signer

S = Application.Status


@dataclass
class DecisionOutcome:
    recognised: list[Recognition] = field(default_factory=list)
    rejected: list[Application] = field(default_factory=list)


@dataclass(frozen=True)
class DecisionRecord:
    """What every recognition of one decision carries from it."""

    number: str
    date: datetime.date
    valid_years: int
    body_name: str = ""
    logo_use_granted: bool = True


def round_valid_years(round: RecognitionRound) -> int | None:
    """The round's validity in years, or the programme's rule; None when neither is set (products.rounds has the
    same rule)."""
    return round.valid_years or round.program.recognition_valid_years


def require_valid_years(round: RecognitionRound) -> int:
    years = round_valid_years(round)
    if not years:
        raise ValidationError(
            _(
                "Chưa có thời hạn hiệu lực của công nhận: nhập số năm hiệu lực cho đợt xét chọn hoặc theo quy định "
                "của chương trình trước khi ra quyết định."
            ),
            code="no_validity",
        )
    return years


def is_first_time(product: Product, round: RecognitionRound) -> bool:
    """First-time unless the product was recognised in an earlier round of the city, or the same enterprise had a
    product of the same name recognised in a past decision list entered from history (a renewal)."""
    earlier = Recognition.objects.filter(round__year__lt=round.year, round__program__city_id=round.program.city_id)
    renewal = Q(product=product) | Q(
        round__is_historical=True,
        product__enterprise_id=product.enterprise_id,
        product_name__iexact=product.name.strip(),
    )
    return not earlier.filter(renewal).exists()


def check_decision_fields(decision_number: str, decision_date: datetime.date, today: datetime.date) -> None:
    if not decision_number.strip():
        raise ValidationError({"decision_number": _("Vui lòng nhập số quyết định.")})
    check_fields(RecognitionRound(decision_number=decision_number.strip()), "decision_number")
    try:
        validate_date_in_range(decision_date)
    except ValidationError as exc:
        raise ValidationError({"decision_date": exc.messages}) from exc
    if decision_date > today:
        raise ValidationError({"decision_date": _("Ngày quyết định không được ở tương lai.")})


def require_comments_handled(round: RecognitionRound) -> None:
    waiting = comments_waiting(round)
    if waiting:
        raise ValidationError(
            ngettext(
                "Còn %(n)d ý kiến góp ý chưa được trả lời hoặc ghi nhận: xử lý hết ý kiến trước khi ra quyết định.",
                "Còn %(n)d ý kiến góp ý chưa được trả lời hoặc ghi nhận: xử lý hết ý kiến trước khi ra quyết định.",
                waiting,
            )
            % {"n": waiting},
            code="comments_waiting",
        )


def comment_deadline(round: RecognitionRound) -> datetime.date | None:
    """The round's published deadline; for a round whose dossiers were published one by one before the round-level
    comment, the last of their windows."""
    if round.comment_closes_on is not None:
        return round.comment_closes_on
    return round.applications.filter(status=S.PUBLIC_COMMENT).aggregate(last=Max("comment_closes_on"))["last"]


def committee_of(round: RecognitionRound) -> IssuingBody:
    body = recognition_committee(round.program.city_id)
    if body is None:
        raise ValidationError(
            _("Chưa khai báo Ủy ban nhân dân của %(city)s (cơ quan ra quyết định công nhận).")
            % {"city": round.program.city.name}
        )
    return body


def check_ready(round: RecognitionRound, decision_date: datetime.date, today: datetime.date) -> int:
    """Refuse a decision the round is not ready for: no validity rule, result not published, comment deadline not
    passed (by today and by the decision's date), comments waiting. Returns the validity in years."""
    years = require_valid_years(round)
    deadline = comment_deadline(round)
    if deadline is None:
        raise ValidationError(_("Kết quả của đợt chưa được công bố để lấy ý kiến."))
    comment_window.check_decision(closes_on=deadline, decision_date=decision_date, today=today)
    require_comments_handled(round)
    return years


def decision_refusal(round: RecognitionRound, decision_date: datetime.date, today: datetime.date) -> str | None:
    """Why a decision dated `decision_date` cannot be taken today, as the page shows it before confirming; None
    when it can."""
    try:
        if round.decision_date is not None:
            raise ValidationError(_("Đợt xét chọn đã có quyết định công nhận."))
        committee_of(round)
        check_ready(round, decision_date, today)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return None


def round_decide(
    *,
    actor,
    round: RecognitionRound,
    decision_number: str,
    decision_date: datetime.date,
    signer: Signer | None,
    logo_use_granted: bool = True,
    today: datetime.date | None = None,
) -> DecisionOutcome:
    """The UBND's decision on the round, for every dossier of its published list at once: all or nothing."""
    from products import services

    permissions.require_round_editor(actor, round)
    today = today or timezone.localdate()
    check_decision_fields(decision_number, decision_date, today)
    with transaction.atomic():
        locked = RecognitionRound.objects.select_for_update().select_related("program__city").get(pk=round.pk)
        if locked.decision_date is not None:
            raise ValidationError(_("Đợt xét chọn đã có quyết định công nhận."))
        body = committee_of(locked)
        if signer is None or not active_signers(body).filter(pk=signer.pk).exists():
            raise ValidationError(
                {"signer": _("Vui lòng chọn người ký trong số người ký của %(body)s.") % {"body": body.name}}
            )
        years = check_ready(locked, decision_date, today)
        record = DecisionRecord(
            number=decision_number.strip(),
            date=decision_date,
            valid_years=years,
            body_name=body.name,
            logo_use_granted=logo_use_granted,
        )
        outcome = DecisionOutcome()
        published = locked.applications.filter(status=S.PUBLIC_COMMENT).order_by("id")
        for application in published:
            recognition = services.application_decide(actor=actor, application=application, record=record, today=today)
            if recognition is None:
                outcome.rejected.append(application)
            else:
                outcome.recognised.append(recognition)
        # The dossiers the council scored below the threshold were not on the published list: the decision ends them.
        for application in locked.applications.filter(status=S.COUNCIL_SCORING).order_by("id"):
            outcome.rejected.append(
                services.application_reject_unpassed(actor=actor, application=application, today=today)
            )
        if not outcome.recognised and not outcome.rejected:
            raise ValidationError(_("Không có hồ sơ nào trong danh sách công bố để ra quyết định."))
        locked.decision_body = body
        locked.decision_number = record.number
        locked.decision_date = decision_date
        locked.decision_signer = signer
        locked.decision_signer_name = signer.full_name
        locked.decision_signer_position = signer.position
        locked.status = RecognitionRound.Status.CLOSED
        locked.save(
            update_fields=[
                "decision_body",
                "decision_number",
                "decision_date",
                "decision_signer",
                "decision_signer_name",
                "decision_signer_position",
                "status",
            ]
        )
        RoundEvent.objects.create(
            round=locked,
            kind=RoundEvent.Kind.DECIDED,
            actor=actor,
            note=_("Quyết định số %(number)s của %(body)s: %(ok)d sản phẩm được công nhận, %(ko)d hồ sơ không đạt.")
            % {"number": record.number, "body": body.name, "ok": len(outcome.recognised), "ko": len(outcome.rejected)},
        )
    return outcome


def create_recognition(application: Application, record: DecisionRecord) -> Recognition:
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
        decision_number=record.number,
        decision_date=record.date,
        decision_body_name=record.body_name,
        logo_use_granted=record.logo_use_granted,
        certificate_number=f"{round.year}/{round.program.city.code.upper()}-{round.program_id}-{serial:04d}",
        valid_from=record.date,
        valid_until=add_years(record.date, record.valid_years),
    )
