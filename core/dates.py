"""Dates and years the portal accepts, and date arithmetic that holds on 29 February.

Every date and year input (models, forms, services) is bounded by the same range: wide enough for the
programs' history and their vision years, narrow enough that adding a few years never leaves the calendar.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FIRST_DATE = datetime.date(1990, 1, 1)
LAST_DATE = datetime.date(2100, 12, 31)

# For <input type="date">: the browser offers the same range the server accepts.
DATE_INPUT_ATTRS = {"type": "date", "min": FIRST_DATE.isoformat(), "max": LAST_DATE.isoformat()}


def validate_date_in_range(value: datetime.date | None) -> None:
    if value is not None and not FIRST_DATE <= value <= LAST_DATE:
        raise ValidationError(
            _("Ngày phải trong khoảng từ %(first)s đến %(last)s."),
            code="date_range",
            params={"first": f"{FIRST_DATE:%d/%m/%Y}", "last": f"{LAST_DATE:%d/%m/%Y}"},
        )


def validate_year(value: int | None) -> None:
    if value is not None and not FIRST_DATE.year <= value <= LAST_DATE.year:
        raise ValidationError(
            _("Năm phải trong khoảng từ %(first)s đến %(last)s."),
            code="year_range",
            params={"first": str(FIRST_DATE.year), "last": str(LAST_DATE.year)},
        )


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 28 February in a year that has none."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
