import pytest
from django.core.exceptions import ValidationError

from enterprises.taxcode import format_tax_code, normalize_tax_code


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0100233488", "0100233488"),
        (" 0100233488 ", "0100233488"),
        ("0100233488-001", "0100233488001"),
        ("0100233488001", "0100233488001"),
        ("0300588569", "0300588569"),
    ],
)
def test_valid_tax_codes_are_normalised(raw, expected):
    assert normalize_tax_code(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("0100233487", "checksum"),  # last digit off by one
        ("0300588568", "checksum"),
        ("01002334", "length"),
        ("01002334880012", "length"),
        ("01002A3488", "format"),
        ("0100233488-000", "component"),  # branch 000 does not exist
        ("", "required"),
    ],
)
def test_invalid_tax_codes_are_rejected_with_a_vietnamese_message(raw, code):
    with pytest.raises(ValidationError) as exc:
        normalize_tax_code(raw)
    assert exc.value.code == code
    assert "Mã số thuế" in exc.value.messages[0] or "mã số thuế" in exc.value.messages[0]


def test_branch_code_is_formatted_with_a_dash():
    assert format_tax_code("0100233488001") == "0100233488-001"
