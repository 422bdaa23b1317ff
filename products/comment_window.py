"""The public comment on a council's result: when its window may open, how long it lasts, and when a decision
may follow it. Read by the services that publish a result and decide on it (products.services) and by the
selector of the dossiers a round's decision settles.

A window opens today or later and covers at least the programme's `comment_min_days` whole days, its first and
last day included. A decision comes only once the window is over: on the day after its last day at the
earliest, and it is dated after that last day too.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from programs.models import Program


def _day(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def window_days(opens_on: datetime.date, closes_on: datetime.date) -> int:
    """The days of comment a window gives, its first and last day included."""
    return (closes_on - opens_on).days + 1


def earliest_close(program: Program, opens_on: datetime.date, min_days: int | None = None) -> datetime.date:
    return opens_on + datetime.timedelta(days=(min_days or program.comment_min_days) - 1)


def check_window(
    *,
    program: Program,
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
    today: datetime.date,
    min_days: int | None = None,
) -> None:
    """Refuse a window that opens in the past, ends before it starts, or is shorter than the minimum: the round's
    own number of days when it sets one (`min_days`), else the programme's."""
    min_days = min_days or program.comment_min_days
    if opens_on is None or closes_on is None:
        raise ValidationError(_("Cần nhập thời gian lấy ý kiến công khai."))
    if opens_on < today:
        raise ValidationError(
            _("Ngày bắt đầu lấy ý kiến không được trước hôm nay (%(today)s).") % {"today": _day(today)},
            code="opens_in_past",
        )
    if closes_on < opens_on:
        raise ValidationError(_("Ngày kết thúc lấy ý kiến phải sau ngày bắt đầu."), code="window_order")
    if window_days(opens_on, closes_on) < min_days:
        raise ValidationError(
            _(
                "Thời gian lấy ý kiến công khai của chương trình này phải kéo dài ít nhất %(days)s ngày, tính cả ngày "
                "bắt đầu và ngày kết thúc: bắt đầu ngày %(opens)s thì kết thúc sớm nhất ngày %(earliest)s."
            )
            % {
                "days": min_days,
                "opens": _day(opens_on),
                "earliest": _day(earliest_close(program, opens_on, min_days)),
            },
            code="window_too_short",
        )


def window_over(closes_on: datetime.date | None, today: datetime.date) -> bool:
    """Whether a window ending on `closes_on` is over on `today`: its last day has passed."""
    return closes_on is not None and closes_on < today


def check_window_over(closes_on: datetime.date | None, today: datetime.date) -> None:
    """Refuse a decision on a dossier whose comment window is not over yet."""
    if window_over(closes_on, today):
        return
    if closes_on is None:
        raise ValidationError(_("Chưa hết thời gian lấy ý kiến công khai."), code="window_running")
    raise ValidationError(
        _("Chưa hết thời gian lấy ý kiến công khai: hồ sơ được ra quyết định từ ngày %(date)s.")
        % {"date": _day(closes_on + datetime.timedelta(days=1))},
        code="window_running",
    )


def check_decision(*, closes_on: datetime.date | None, decision_date: datetime.date, today: datetime.date) -> None:
    """Refuse a decision taken, or dated, before the comment window is over."""
    check_window_over(closes_on, today)
    if decision_date <= closes_on:
        raise ValidationError(
            {
                "decision_date": _(
                    "Ngày quyết định phải sau ngày kết thúc lấy ý kiến công khai (%(date)s), tức từ ngày %(next)s."
                )
                % {"date": _day(closes_on), "next": _day(closes_on + datetime.timedelta(days=1))}
            }
        )
