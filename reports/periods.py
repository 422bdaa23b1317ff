"""Reading a report period as people type it: "2024-03" (a month), "2024" (a year), "2024-Q1" (a quarter) or
"2024-01-01..2024-03-31"."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from reports.services import Period, month_period

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:\.\.|:|/)\s*(\d{4}-\d{2}-\d{2})$")


def _invalid(text: str) -> ValidationError:
    return ValidationError(
        _(
            "Kỳ báo cáo “%(text)s” không hợp lệ. Hãy nhập tháng (2024-03), quý (2024-Q1), năm (2024) "
            "hoặc khoảng ngày (2024-01-01..2024-03-31)."
        )
        % {"text": text[:40]},
        code="period",
    )


def parse_period(text: str) -> Period:
    text = (text or "").strip()
    try:
        if match := _MONTH.match(text):
            return month_period(int(match[1]), int(match[2]))
        if match := _QUARTER.match(text):
            year, quarter = int(match[1]), int(match[2])
            return Period(month_period(year, quarter * 3 - 2).start, month_period(year, quarter * 3).end)
        if match := _YEAR.match(text):
            return Period(datetime.date(int(match[1]), 1, 1), datetime.date(int(match[1]), 12, 31))
        if match := _RANGE.match(text):
            start, end = datetime.date.fromisoformat(match[1]), datetime.date.fromisoformat(match[2])
            if start > end:
                raise _invalid(text)
            return Period(start, end)
    except ValueError as exc:  # month 13, 31 February…
        raise _invalid(text) from exc
    raise _invalid(text)
