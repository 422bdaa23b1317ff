"""Registry counts that program indicators can take as their actual value."""

from decimal import Decimal

from django.db.models import Count
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from programs.metrics import register_metric


def _count_by_program(queryset, program_field: str, program_ids: list[int], distinct_field: str = "id"):
    rows = (
        queryset.filter(**{f"{program_field}__in": program_ids})
        .values(program_field)
        .annotate(n=Count(distinct_field, distinct=True))
    )
    return {row[program_field]: Decimal(row["n"]) for row in rows}


def enrolled_enterprises(program_ids: list[int]) -> dict[int, Decimal]:
    from enterprises.models import Enrollment

    return _count_by_program(Enrollment.objects.all(), "program_id", program_ids)


def participations(program_ids: list[int]) -> dict[int, Decimal]:
    from enterprises.models import Participation

    return _count_by_program(Participation.objects.all(), "activity__program_id", program_ids)


def participations_of_kind(kind: str):
    def compute(program_ids: list[int]) -> dict[int, Decimal]:
        from enterprises.models import Participation

        qs = Participation.objects.filter(activity__kind=kind)
        return _count_by_program(qs, "activity__program_id", program_ids)

    return compute


def direct_suppliers(program_ids: list[int]) -> dict[int, Decimal]:
    from enterprises.models import Participation

    qs = Participation.objects.filter(became_supplier=True)
    return _count_by_program(qs, "activity__program_id", program_ids, distinct_field="enterprise_id")


def _participations_of_kind_label(kind) -> str:
    return gettext("Số lượt doanh nghiệp tham gia: %(kind)s") % {"kind": kind.label}


# Registered once at start-up, read in each request's language.
_kind_label = lazy(_participations_of_kind_label, str)


def register() -> None:
    register_metric("enrolled_enterprises", _("Số doanh nghiệp tham gia chương trình"), enrolled_enterprises)
    register_metric("participations", _("Số lượt doanh nghiệp tham gia hoạt động hỗ trợ"), participations)
    from enterprises.models import SupportActivity

    for kind in SupportActivity.Kind:
        register_metric(
            f"participations:{kind.value}",
            _kind_label(kind),
            participations_of_kind(kind.value),
        )
    register_metric("direct_suppliers", _("Số doanh nghiệp trở thành nhà cung ứng trực tiếp"), direct_suppliers)
