"""Recognition counts that program indicators can take as their actual value.

A recognition is dated by its decision date; a demo recognition (is_demo) is left out when demo rows are.
"""

from decimal import Decimal

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from programs.metrics import Counts, register_metric


def _recognitions_by_program(
    program_ids: list[int], *, start=None, end=None, include_demo=True, distinct_field="id", **filters
) -> dict[int, Decimal]:
    from products.models import Recognition

    qs = Recognition.objects.filter(round__program_id__in=program_ids, **filters)
    if start is not None:
        qs = qs.filter(decision_date__gte=start)
    if end is not None:
        qs = qs.filter(decision_date__lte=end)
    if not include_demo:
        qs = qs.filter(is_demo=False)
    rows = qs.values("round__program_id").annotate(n=Count(distinct_field, distinct=True))
    return {row["round__program_id"]: Decimal(row["n"]) for row in rows if row["n"]}


def recognised_products(program_ids: list[int], **window) -> dict[int, Decimal]:
    return _recognitions_by_program(program_ids, **window)


def first_time_recognitions(program_ids: list[int], **window) -> dict[int, Decimal]:
    return _recognitions_by_program(program_ids, is_first_time=True, **window)


def recognised_enterprises(program_ids: list[int], **window) -> dict[int, Decimal]:
    return _recognitions_by_program(program_ids, distinct_field="product__enterprise_id", **window)


def register() -> None:
    register_metric("recognised_products", _("Số sản phẩm được công nhận"), recognised_products, counts=Counts.PRODUCTS)
    register_metric(
        "first_time_recognitions",
        _("Số sản phẩm được công nhận lần đầu"),
        first_time_recognitions,
        counts=Counts.PRODUCTS,
    )
    register_metric(
        "recognised_enterprises",
        _("Số doanh nghiệp có sản phẩm được công nhận"),
        recognised_enterprises,
        counts=Counts.ENTERPRISES,
    )
