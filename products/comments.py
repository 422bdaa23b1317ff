"""The public comment on a round's result (issue 16, item 4): the whole list of proposed products is published
with one deadline; comments arrive online or on paper (entered by staff with the day received and the sender);
each is answered or noted before the decision (products/decision.py).

Hanoi's practice (2023): the result was published on 7/11 and written comments were taken, by post at the Sở's
address, until 24/11. The rule for a paper comment here: its `received_on` is the day the Sở received it, or for
a letter that arrived after the deadline, the postmark's date; either way it must fall within the published
window (from the publication day to the deadline, both included) and never in the future. A letter postmarked
after the deadline is not a comment on this result.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core import permissions
from core.validation import check_fields
from products import comment_limit, comment_window
from products.models import Application, PublicComment, RecognitionRound, RoundEvent

S = Application.Status
H = PublicComment.Handling


def _day(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def round_comment_days(round: RecognitionRound) -> int:
    """The round's own number of comment days, or the programme's minimum (products.rounds has the same rule)."""
    return round.comment_days or round.program.comment_min_days


def proposed_applications(round: RecognitionRound):
    """The applications whose scored result reaches the pass threshold: the list result_publish publishes."""
    return round.applications.filter(
        status=S.COUNCIL_SCORING, score_average__isnull=False, score_average__gte=round.pass_threshold
    )


def is_published(round: RecognitionRound) -> bool:
    return round.result_published_on is not None and round.comment_closes_on is not None


def comments_open(round: RecognitionRound, today: datetime.date) -> bool:
    """Whether the public may comment online today: the result is published and its deadline not passed."""
    return (
        is_published(round)
        and round.result_published_on <= today <= round.comment_closes_on
        and not (round.decision_date)
    )


def comments_waiting(round: RecognitionRound) -> int:
    """How many of the round's comments are neither answered nor noted yet."""
    return round.public_comments.filter(handling="").count()


def _lock_round(round: RecognitionRound) -> RecognitionRound:
    return RecognitionRound.objects.select_for_update().select_related("program__city").get(pk=round.pk)


def result_publish(
    *,
    actor,
    round: RecognitionRound,
    published_on: datetime.date,
    comment_closes_on: datetime.date,
    note: str = "",
    today: datetime.date | None = None,
) -> list[Application]:
    """Publish the round's proposed list for public comment with one deadline: every scored application reaching
    the pass threshold moves to public comment with the round's window. The council must have closed scoring."""
    from products import services  # services imports this module's neighbours; read at call time

    permissions.require_round_editor(actor, round)
    today = today or timezone.localdate()
    note = (note or "").strip()
    check_fields(RoundEvent(note=note), "note")
    with transaction.atomic():
        locked = _lock_round(round)
        if locked.scoring_closed_at is None:
            raise ValidationError(_("Hội đồng chưa kết thúc chấm điểm: chưa công bố được kết quả của đợt."))
        if locked.result_published_on is not None:
            raise ValidationError(
                _("Kết quả của đợt đã được công bố ngày %(date)s.") % {"date": _day(locked.result_published_on)}
            )
        comment_window.check_window(
            program=locked.program,
            opens_on=published_on,
            closes_on=comment_closes_on,
            today=today,
            min_days=round_comment_days(locked),
        )
        applications = list(
            proposed_applications(locked).select_for_update().select_related("round__program", "product")
        )
        if not applications:
            raise ValidationError(_("Không có hồ sơ nào đạt điểm để công bố lấy ý kiến."))
        locked.result_published_on = published_on
        locked.comment_closes_on = comment_closes_on
        check_fields(locked, "result_published_on", "comment_closes_on")
        locked.save(update_fields=["result_published_on", "comment_closes_on"])
        for application in applications:
            application.comment_opens_on = published_on
            application.comment_closes_on = comment_closes_on
            application.save(update_fields=["comment_opens_on", "comment_closes_on", "updated_at"])
            services._apply_transition(
                actor=actor, application=application, to_status=S.PUBLIC_COMMENT, note=note, today=today
            )
        # The dossiers scored below the pass mark are not on the list: the council's work on them is done and they
        # wait only for the decision, so the scoring stage's deadline no longer stands over them.
        locked.applications.filter(status=S.COUNCIL_SCORING).update(stage_due_on=None)
        RoundEvent.objects.create(
            round=locked,
            kind=RoundEvent.Kind.RESULT_PUBLISHED,
            actor=actor,
            note=note
            or _("Công bố %(n)d sản phẩm đề xuất công nhận, nhận ý kiến từ ngày %(opens)s đến hết ngày %(closes)s.")
            % {"n": len(applications), "opens": _day(published_on), "closes": _day(comment_closes_on)},
        )
    round.result_published_on, round.comment_closes_on = published_on, comment_closes_on
    return applications


def _check_target(round: RecognitionRound, application: Application | None) -> None:
    if application is None:
        return
    if application.round_id != round.id or application.status != S.PUBLIC_COMMENT:
        raise ValidationError(_("Sản phẩm này không có trong danh sách đề xuất công nhận của đợt."))


def _check_text(comment: PublicComment, *names: str) -> None:
    if not comment.author_name or not comment.body.strip():
        raise ValidationError(_("Vui lòng nhập họ tên và nội dung ý kiến."))
    check_fields(comment, *names)


def comment_submit(
    *,
    round: RecognitionRound,
    author_name: str,
    author_email: str,
    body: str,
    application: Application | None = None,
    client_address: str | None = None,
    today: datetime.date | None = None,
) -> PublicComment:
    """An online comment from the public site, on one proposed product or on the whole list, taken until the end
    of the deadline day. A comment from the site names its client address (core.clientip.client_ip), counted
    against settings.PUBLIC_COMMENT_RATE per address and round."""
    today = today or timezone.localdate()
    if not is_published(round):
        raise ValidationError(_("Kết quả của đợt chưa được công bố để lấy ý kiến."))
    if not comments_open(round, today):
        raise ValidationError(
            _("Đã hết hạn góp ý kết quả của đợt (hết ngày %(date)s).") % {"date": _day(round.comment_closes_on)},
            code="deadline_passed",
        )
    _check_target(round, application)
    comment = PublicComment(
        round=round,
        application=application,
        channel=PublicComment.Channel.ONLINE,
        author_name=author_name.strip(),
        author_email=author_email.strip(),
        body=body,
        received_on=today,
    )
    _check_text(comment, "author_name", "author_email", "body")
    if client_address is not None:
        comment_limit.take(round_id=round.id, address=client_address)
    with transaction.atomic():
        comment.save()
    return comment


def comment_enter_paper(
    *,
    actor,
    round: RecognitionRound,
    received_on: datetime.date,
    author_name: str,
    author_address: str,
    body: str,
    application: Application | None = None,
    today: datetime.date | None = None,
) -> PublicComment:
    """A written comment received by post or by hand, entered by the city's staff with the day it was received
    (or postmarked) and its sender. See the module's note for the rule on its date."""
    permissions.require_round_editor(actor, round)
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = _lock_round(round)
        if not is_published(locked):
            raise ValidationError(_("Kết quả của đợt chưa được công bố để lấy ý kiến."))
        if locked.decision_date is not None:
            raise ValidationError(_("Đợt đã có quyết định công nhận: không nhập thêm ý kiến được."))
        if received_on is None:
            raise ValidationError({"received_on": _("Vui lòng nhập ngày nhận văn bản.")})
        if received_on > today:
            raise ValidationError({"received_on": _("Ngày nhận không được ở tương lai.")})
        if received_on < locked.result_published_on:
            raise ValidationError(
                {
                    "received_on": _("Ngày nhận không được trước ngày công bố kết quả (%(date)s).")
                    % {"date": _day(locked.result_published_on)}
                }
            )
        if received_on > locked.comment_closes_on:
            raise ValidationError(
                {
                    "received_on": _(
                        "Văn bản nhận (hoặc đóng dấu bưu điện) sau hạn góp ý %(date)s không được tính là ý kiến về "
                        "kết quả này."
                    )
                    % {"date": _day(locked.comment_closes_on)}
                }
            )
        _check_target(locked, application)
        comment = PublicComment(
            round=locked,
            application=application,
            channel=PublicComment.Channel.PAPER,
            author_name=author_name.strip(),
            author_address=author_address.strip(),
            body=body,
            received_on=received_on,
            entered_by=actor,
        )
        if not comment.author_address:
            raise ValidationError({"author_address": _("Vui lòng nhập địa chỉ người gửi.")})
        _check_text(comment, "author_name", "author_address", "body")
        comment.save()
    return comment


def comment_handle(*, actor, comment: PublicComment, handling: str, response: str = "") -> PublicComment:
    """Answer a comment (the answer is required) or note it (a note may be added), until the decision."""
    with transaction.atomic():
        locked = (
            PublicComment.objects.select_for_update(of=("self",)).select_related("round__program").get(pk=comment.pk)
        )
        permissions.require(locked.round is not None)
        permissions.require_round_editor(actor, locked.round)
        if locked.round.decision_date is not None:
            raise ValidationError(_("Đợt đã có quyết định công nhận: không sửa được phần xử lý ý kiến."))
        if handling not in H.values:
            raise ValidationError({"handling": _("Vui lòng chọn cách xử lý ý kiến.")})
        response = (response or "").strip()
        if handling == H.ANSWERED and not response:
            raise ValidationError({"response": _("Vui lòng nhập nội dung trả lời.")})
        locked.handling = handling
        locked.response = response
        check_fields(locked, "response")
        locked.handled_by = actor
        locked.handled_at = timezone.now()
        locked.save(update_fields=["handling", "response", "handled_by", "handled_at"])
    return locked
