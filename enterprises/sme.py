"""SME size per Decree 80/2021/NĐ-CP, Article 5.

Two tables: one for agriculture–forestry–fishery and industry–construction, one for trade and services.
A size applies when the average number of employees with social insurance is within its cap AND either
the year's total revenue OR the total capital is within its cap (money in billion VND). The smallest
size that fits wins; anything beyond "medium" is a large enterprise.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class SectorGroup(models.TextChoices):
    INDUSTRY = "industry", _("Nông, lâm nghiệp, thủy sản; công nghiệp và xây dựng")
    TRADE_SERVICES = "trade_services", _("Thương mại và dịch vụ")


class SmeSize(models.TextChoices):
    MICRO = "micro", _("Siêu nhỏ")
    SMALL = "small", _("Nhỏ")
    MEDIUM = "medium", _("Vừa")
    LARGE = "large", _("Lớn")


@dataclass(frozen=True)
class SizeCap:
    size: SmeSize
    employees: int
    revenue: Decimal  # billion VND
    capital: Decimal  # billion VND


SIZE_TABLES: dict[str, tuple[SizeCap, ...]] = {
    SectorGroup.INDUSTRY: (
        SizeCap(SmeSize.MICRO, 10, Decimal(3), Decimal(3)),
        SizeCap(SmeSize.SMALL, 100, Decimal(50), Decimal(20)),
        SizeCap(SmeSize.MEDIUM, 200, Decimal(200), Decimal(100)),
    ),
    SectorGroup.TRADE_SERVICES: (
        SizeCap(SmeSize.MICRO, 10, Decimal(10), Decimal(3)),
        SizeCap(SmeSize.SMALL, 50, Decimal(100), Decimal(50)),
        SizeCap(SmeSize.MEDIUM, 100, Decimal(300), Decimal(100)),
    ),
}


def classify_sme(*, sector_group: str, employees: int, revenue: Decimal, capital: Decimal) -> SmeSize:
    revenue, capital = Decimal(revenue), Decimal(capital)
    for cap in SIZE_TABLES[sector_group]:
        if employees <= cap.employees and (revenue <= cap.revenue or capital <= cap.capital):
            return cap.size
    return SmeSize.LARGE
