"""Numbers as the portal writes them: in the active locale, without padding zeros (32,18 / 1.234 / 0,5 in
Vietnamese). Every page, export, PDF and message formats its figures through `format_number`."""

from decimal import Decimal

from django.utils.formats import number_format


def format_number(value: Decimal | int | float | None) -> str:
    """A number in the active locale without padding zeros: 32,18 / 1.234 / 0,5 in Vietnamese."""
    if value is None:
        return ""
    value = Decimal(str(value))
    normalized = value.normalize()
    exponent = normalized.as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    return number_format(normalized, decimal_pos=places, use_l10n=True, force_grouping=True)
