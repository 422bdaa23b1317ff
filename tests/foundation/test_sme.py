"""Decree 80/2021/NĐ-CP Art. 5: every boundary of both sector tables."""

from decimal import Decimal

import pytest

from enterprises.sme import SectorGroup, SmeSize, classify_sme

IND = SectorGroup.INDUSTRY
SVC = SectorGroup.TRADE_SERVICES
BIG = Decimal(100_000)


def size(group, employees, revenue, capital):
    return classify_sme(sector_group=group, employees=employees, revenue=Decimal(revenue), capital=Decimal(capital))


@pytest.mark.parametrize(
    ("group", "employees", "revenue", "capital", "expected"),
    [
        # Industry and construction: micro ≤10 workers and (revenue ≤3 or capital ≤3 billion).
        (IND, 10, 3, BIG, SmeSize.MICRO),
        (IND, 10, BIG, 3, SmeSize.MICRO),
        (IND, 10, "3.01", "3.01", SmeSize.SMALL),
        (IND, 11, 1, 1, SmeSize.SMALL),
        # Small: ≤100 workers and (revenue ≤50 or capital ≤20).
        (IND, 100, 50, BIG, SmeSize.SMALL),
        (IND, 100, BIG, 20, SmeSize.SMALL),
        (IND, 100, "50.01", "20.01", SmeSize.MEDIUM),
        (IND, 101, 1, 1, SmeSize.MEDIUM),
        # Medium: ≤200 workers and (revenue ≤200 or capital ≤100).
        (IND, 200, 200, BIG, SmeSize.MEDIUM),
        (IND, 200, BIG, 100, SmeSize.MEDIUM),
        (IND, 200, "200.01", "100.01", SmeSize.LARGE),
        (IND, 201, 1, 1, SmeSize.LARGE),
        # Trade and services: micro ≤10 workers and (revenue ≤10 or capital ≤3).
        (SVC, 10, 10, BIG, SmeSize.MICRO),
        (SVC, 10, BIG, 3, SmeSize.MICRO),
        (SVC, 10, "10.01", "3.01", SmeSize.SMALL),
        (SVC, 11, 1, 1, SmeSize.SMALL),
        # Small: ≤50 workers and (revenue ≤100 or capital ≤50).
        (SVC, 50, 100, BIG, SmeSize.SMALL),
        (SVC, 50, BIG, 50, SmeSize.SMALL),
        (SVC, 50, "100.01", "50.01", SmeSize.MEDIUM),
        (SVC, 51, 1, 1, SmeSize.MEDIUM),
        # Medium: ≤100 workers and (revenue ≤300 or capital ≤100).
        (SVC, 100, 300, BIG, SmeSize.MEDIUM),
        (SVC, 100, BIG, 100, SmeSize.MEDIUM),
        (SVC, 100, "300.01", "100.01", SmeSize.LARGE),
        (SVC, 101, 1, 1, SmeSize.LARGE),
    ],
)
def test_sme_size_at_each_boundary(group, employees, revenue, capital, expected):
    assert size(group, employees, revenue, capital) == expected


def test_same_figures_classify_differently_by_sector_table():
    # 40 workers, revenue 80 and capital 30 billion: industry's small caps (50 / 20) are both exceeded, so
    # medium; trade and services allow up to 100 billion revenue for a small enterprise.
    assert size(IND, 40, 80, 30) == SmeSize.MEDIUM
    assert size(SVC, 40, 80, 30) == SmeSize.SMALL
