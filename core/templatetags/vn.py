"""Vietnamese-style numbers and dates for templates: {% load vn %} then {{ value|vn_number }}."""

from django import template
from django.utils import formats
from django.utils.translation import gettext

from core.numbers import format_number

register = template.Library()


def no_data_text() -> str:
    """What a page shows where nothing is recorded: never 0, never an empty cell."""
    return gettext("Chưa có số liệu")


@register.filter
def vn_number(value):
    """32.18 → "32,18"; 1234 → "1.234" (follows the active language)."""
    if value in (None, ""):
        return ""
    return format_number(value)


@register.filter
def vn_percent(value):
    if value in (None, ""):
        return ""
    return f"{format_number(value)}%"


@register.filter
def no_data(value):
    """The value, or "Chưa có số liệu" where there is none: {{ progress|vn_percent|no_data }}.

    Only None and "" are no data; 0 is a figure someone recorded.
    """
    if value is None or value == "":
        return no_data_text()
    return value


@register.filter
def deployed_or_no_data(value, deployed):
    """A progress figure with its %; without one, "Đã triển khai" for what has started, else "Chưa có số liệu"."""
    if value is None or value == "":
        return gettext("Đã triển khai") if deployed else no_data_text()
    return f"{format_number(value)}%"


@register.filter(expects_localtime=True)
def vn_date(value):
    """A date as 05/01/2024 in Vietnamese (the active language's short date format). A moment is written as the
    day it was in the portal's time zone, not in UTC: 23:30 UTC on the 1st is the 2nd in Việt Nam."""
    if not value:
        return ""
    return formats.date_format(value, "SHORT_DATE_FORMAT")
