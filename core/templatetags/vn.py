"""Vietnamese-style numbers and dates for templates: {% load vn %} then {{ value|vn_number }}."""

from django import template
from django.utils import formats

from core.numbers import format_number

register = template.Library()


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
def vn_date(value):
    """A date as 05/01/2024 in Vietnamese (the active language's short date format)."""
    if not value:
        return ""
    return formats.date_format(value, "SHORT_DATE_FORMAT")
