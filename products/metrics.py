"""Recognition counts that program indicators can take as their actual value."""

from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from programs.metrics import register_metric


def _recognitions_by_program(program_ids: list[int], **filters) -> dict[int, Decimal]:
    from products.models import Recognition

    rows = (
        Recognition.objects.filter(round__program_id__in=program_ids, **filters)
        .values("round__program_id")
        .annotate(n=Count("id"))
    )
    return {row["round__program_id"]: Decimal(row["n"]) for row in rows}


def recognised_products(program_ids: list[int]) -> dict[int, Decimal]:
    return _recognitions_by_program(program_ids)


def first_time_recognitions(program_ids: list[int]) -> dict[int, Decimal]:
    return _recognitions_by_program(program_ids, is_first_time=True)


def recognised_enterprises(program_ids: list[int]) -> dict[int, Decimal]:
    from products.models import Recognition

    rows = (
        Recognition.objects.filter(round__program_id__in=program_ids)
        .values("round__program_id")
        .annotate(n=Count("product__enterprise_id", distinct=True))
    )
    return {row["round__program_id"]: Decimal(row["n"]) for row in rows}


def register() -> None:
    register_metric("recognised_products", _("Số sản phẩm được công nhận"), recognised_products)
    register_metric("first_time_recognitions", _("Số sản phẩm được công nhận lần đầu"), first_time_recognitions)
    register_metric("recognised_enterprises", _("Số doanh nghiệp có sản phẩm được công nhận"), recognised_enterprises)
