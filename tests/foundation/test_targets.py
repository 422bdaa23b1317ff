from decimal import Decimal

import pytest
from django.utils import translation

from core.numbers import format_number
from programs.targets import Attainment, TargetKind, attainment_of, format_target

D = Decimal


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (19, Attainment.BELOW),
        (20, Attainment.WITHIN),
        ("22.5", Attainment.WITHIN),
        (25, Attainment.WITHIN),
        ("25.01", Attainment.ABOVE),
        (40, Attainment.ABOVE),
    ],
)
def test_range_attainment_below_within_above(actual, expected):
    assert attainment_of(TargetKind.RANGE, actual, low=D(20), high=D(25)) == expected


def test_exact_approximate_minimum_maximum_and_none():
    assert attainment_of(TargetKind.EXACT, 15, value=D(15)) == Attainment.WITHIN
    assert attainment_of(TargetKind.EXACT, 14, value=D(15)) == Attainment.BELOW
    # "khoảng 900": within 5% either side.
    assert attainment_of(TargetKind.APPROXIMATE, 855, value=D(900)) == Attainment.WITHIN
    assert attainment_of(TargetKind.APPROXIMATE, 854, value=D(900)) == Attainment.BELOW
    assert attainment_of(TargetKind.APPROXIMATE, 946, value=D(900)) == Attainment.ABOVE
    # "trên 11%": strictly more than 11.
    assert attainment_of(TargetKind.MINIMUM, "11.5", value=D(11)) == Attainment.WITHIN
    assert attainment_of(TargetKind.MINIMUM, 11, value=D(11)) == Attainment.BELOW
    assert attainment_of(TargetKind.MAXIMUM, 9, value=D(10)) == Attainment.WITHIN
    # "dưới 10": a ceiling reached or gone over is not attained (never "Vượt", which reads as better than asked).
    assert attainment_of(TargetKind.MAXIMUM, 10, value=D(10)) == Attainment.BELOW
    assert attainment_of(TargetKind.MAXIMUM, 12, value=D(10)) == Attainment.BELOW
    assert attainment_of(TargetKind.NONE, 32, value=None) is None
    assert attainment_of(TargetKind.RANGE, None, low=D(20), high=D(25)) is None


def test_targets_are_written_as_the_plans_write_them():
    with translation.override("vi"):
        assert format_target(TargetKind.RANGE, None, D("20.0000"), D("25.0000"), "doanh nghiệp") == "20–25 doanh nghiệp"
        assert format_target(TargetKind.RANGE, None, D(35), D(40), "%") == "35–40%"
        assert format_target(TargetKind.APPROXIMATE, D(900), None, None, "doanh nghiệp") == "khoảng 900 doanh nghiệp"
        assert format_target(TargetKind.MINIMUM, D(11), None, None, "%") == "trên 11%"
        assert format_target(TargetKind.APPROXIMATE, D(16), None, None, "%") == "khoảng 16%"


def test_numbers_use_vietnamese_separators():
    with translation.override("vi"):
        assert format_number(D("32.1800")) == "32,18"
        assert format_number(D("12.7")) == "12,7"
        assert format_number(1234) == "1.234"
        assert format_number(D("-4.4")) == "-4,4"
        assert format_number(D("1234567.5")) == "1.234.567,5"
