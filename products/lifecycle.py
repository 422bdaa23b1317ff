"""A recognition's life after its decision: suspended (tạm đình chỉ), reinstated, or revoked (thu hồi), each with
its reason, the day it takes effect and the document that decided it, recorded as a RecognitionStatusChange. A
revocation is final. Only the staff of the programme's city act, and only through these services (the admin
shows the status read-only)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions
from core.dates import validate_date_in_range
from core.validation import check_fields
from products.models import Recognition, RecognitionStatusChange

St = Recognition.Status

# Which status each action leads to, and from which statuses it may start.
_MOVES = {
    St.SUSPENDED: (St.ACTIVE,),
    St.REVOKED: (St.ACTIVE, St.SUSPENDED),
    St.ACTIVE: (St.SUSPENDED,),
}


def can_change_status(user, recognition: Recognition) -> bool:
    return permissions.can_edit_round(user, recognition.round)


def allowed_targets(recognition: Recognition) -> list[str]:
    """The statuses the recognition may move to from where it stands (none once revoked)."""
    return [to for to, sources in _MOVES.items() if recognition.status in sources]


def _change(
    *,
    actor,
    recognition: Recognition,
    to_status: str,
    reason: str,
    effective_on: datetime.date,
    decision_number: str = "",
    today: datetime.date | None = None,
) -> RecognitionStatusChange:
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Recognition.objects.select_for_update().select_related("round__program").get(pk=recognition.pk)
        permissions.require(can_change_status(actor, locked))
        if locked.status == St.REVOKED:
            raise ValidationError(_("Công nhận đã bị thu hồi: không thay đổi được nữa."))
        if locked.status not in _MOVES[to_status]:
            raise ValidationError(
                _("Công nhận đang “%(from)s”, không chuyển sang “%(to)s” được.")
                % {"from": St(locked.status).label, "to": St(to_status).label}
            )
        change = RecognitionStatusChange(
            recognition=locked,
            from_status=locked.status,
            to_status=to_status,
            reason=(reason or "").strip(),
            effective_on=effective_on,
            decision_number=(decision_number or "").strip(),
            actor=actor,
        )
        if not change.reason:
            raise ValidationError({"reason": _("Vui lòng ghi rõ lý do.")})
        if effective_on is None:
            raise ValidationError({"effective_on": _("Vui lòng nhập ngày có hiệu lực.")})
        try:
            validate_date_in_range(effective_on)
        except ValidationError as exc:
            raise ValidationError({"effective_on": exc.messages}) from exc
        if effective_on < locked.decision_date:
            raise ValidationError({"effective_on": _("Ngày có hiệu lực không được trước ngày quyết định công nhận.")})
        if effective_on > today:
            raise ValidationError({"effective_on": _("Ngày có hiệu lực không được ở tương lai.")})
        check_fields(change, "reason", "decision_number")
        change.save()
        locked.status = to_status
        locked.save(update_fields=["status"])
    recognition.status = to_status
    return change


def recognition_suspend(
    *, actor, recognition: Recognition, reason: str, effective_on: datetime.date, decision_number: str = ""
) -> RecognitionStatusChange:
    return _change(
        actor=actor,
        recognition=recognition,
        to_status=St.SUSPENDED,
        reason=reason,
        effective_on=effective_on,
        decision_number=decision_number,
    )


def recognition_revoke(
    *, actor, recognition: Recognition, reason: str, effective_on: datetime.date, decision_number: str = ""
) -> RecognitionStatusChange:
    return _change(
        actor=actor,
        recognition=recognition,
        to_status=St.REVOKED,
        reason=reason,
        effective_on=effective_on,
        decision_number=decision_number,
    )


def recognition_reinstate(
    *, actor, recognition: Recognition, reason: str, effective_on: datetime.date, decision_number: str = ""
) -> RecognitionStatusChange:
    return _change(
        actor=actor,
        recognition=recognition,
        to_status=St.ACTIVE,
        reason=reason,
        effective_on=effective_on,
        decision_number=decision_number,
    )


ACTIONS = {
    St.SUSPENDED: recognition_suspend,
    St.REVOKED: recognition_revoke,
    St.ACTIVE: recognition_reinstate,
}
