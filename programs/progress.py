"""Completion roll-up: a group's progress is its tasks' progress weighted by their weights."""

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Q, Sum

from programs.models import Task


def weighted_progress(pairs) -> Decimal:
    """Weighted mean of (progress, weight) pairs, rounded to one decimal; 0 when there is nothing."""
    pairs = list(pairs)
    total_weight = sum((Decimal(w) for _, w in pairs), Decimal(0))
    if not total_weight:
        return Decimal(0)
    total = sum((Decimal(p) * Decimal(w) for p, w in pairs), Decimal(0))
    return (total / total_weight).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def rollup_annotations(prefix: str) -> dict:
    """Annotations that give weighted progress inputs and status counts over `prefix` tasks."""
    p = f"{prefix}__" if prefix else ""
    weighted = ExpressionWrapper(F(f"{p}progress") * F(f"{p}weight"), output_field=DecimalField())
    return {
        "task_count": Count(f"{p}id", distinct=True) if prefix else Count("id"),
        "weight_total": Sum(f"{p}weight"),
        "weighted_sum": Sum(weighted),
        "done_count": Count(f"{p}id", filter=Q(**{f"{p}status": Task.Status.DONE})),
        "started_count": Count(f"{p}id", filter=Q(**{f"{p}status__in": Task.DEPLOYED_STATUSES})),
    }


def progress_from_annotations(weight_total, weighted_sum) -> Decimal:
    if not weight_total:
        return Decimal(0)
    return (Decimal(weighted_sum) / Decimal(weight_total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
