"""Registry counts that program indicators can take as their actual value.

Participations are dated by their activity's start date and enrolments by their enrolment date. A demo row is
one whose enterprise is demo (and, for a participation, also one whose activity is demo). The registry records
who took part in an activity, without telling registration from attendance: a participation counts as it is
recorded.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from programs.metrics import Counts, register_metric


def _window(date_field: str, start: datetime.date | None, end: datetime.date | None) -> Q:
    q = Q()
    if start is not None:
        q &= Q(**{f"{date_field}__gte": start})
    if end is not None:
        q &= Q(**{f"{date_field}__lte": end})
    return q


def _count_by_program(queryset, program_field: str, program_ids: list[int], distinct_field: str = "id"):
    rows = (
        queryset.filter(**{f"{program_field}__in": program_ids})
        .values(program_field)
        .annotate(n=Count(distinct_field, distinct=True))
    )
    return {row[program_field]: Decimal(row["n"]) for row in rows if row["n"]}


def enrolled_enterprises(program_ids, *, start=None, end=None, include_demo=True) -> dict[int, Decimal]:
    from enterprises.models import Enrollment

    qs = Enrollment.objects.filter(_window("enrolled_on", start, end))
    if not include_demo:
        qs = qs.filter(enterprise__is_demo=False)
    return _count_by_program(qs, "program_id", program_ids, distinct_field="enterprise_id")


def _participations(start, end, include_demo, **filters):
    from enterprises.models import Participation

    qs = Participation.objects.filter(_window("activity__start_date", start, end), **filters)
    if not include_demo:
        qs = qs.filter(activity__is_demo=False, enterprise__is_demo=False)
    return qs


def participations(program_ids, *, start=None, end=None, include_demo=True) -> dict[int, Decimal]:
    qs = _participations(start, end, include_demo)
    return _count_by_program(qs, "activity__program_id", program_ids)


def participations_of_kind(kind: str):
    """Participations (lượt) in the programme's activities of one kind."""

    def compute(program_ids, *, start=None, end=None, include_demo=True) -> dict[int, Decimal]:
        qs = _participations(start, end, include_demo, activity__kind=kind)
        return _count_by_program(qs, "activity__program_id", program_ids)

    return compute


def enterprises_of_kind(kind: str):
    """Distinct enterprises that took part in the programme's activities of one kind."""

    def compute(program_ids, *, start=None, end=None, include_demo=True) -> dict[int, Decimal]:
        qs = _participations(start, end, include_demo, activity__kind=kind)
        return _count_by_program(qs, "activity__program_id", program_ids, distinct_field="enterprise_id")

    return compute


def direct_suppliers(program_ids, *, start=None, end=None, include_demo=True) -> dict[int, Decimal]:
    qs = _participations(start, end, include_demo, became_supplier=True)
    return _count_by_program(qs, "activity__program_id", program_ids, distinct_field="enterprise_id")


def _participations_of_kind_label(kind) -> str:
    return gettext("Số lượt doanh nghiệp tham gia: %(kind)s") % {"kind": kind.label}


def _enterprises_of_kind_label(kind) -> str:
    return gettext("Số doanh nghiệp tham gia: %(kind)s") % {"kind": kind.label}


# Registered once at start-up, read in each request's language.
_kind_label = lazy(_participations_of_kind_label, str)
_enterprises_kind_label = lazy(_enterprises_of_kind_label, str)


def register() -> None:
    register_metric(
        "enrolled_enterprises",
        _("Số doanh nghiệp tham gia chương trình"),
        enrolled_enterprises,
        counts=Counts.ENTERPRISES,
    )
    register_metric(
        "participations",
        _("Số lượt doanh nghiệp tham gia hoạt động hỗ trợ"),
        participations,
        counts=Counts.PARTICIPATIONS,
    )
    from enterprises.models import SupportActivity

    for kind in SupportActivity.Kind:
        register_metric(
            f"participations:{kind.value}",
            _kind_label(kind),
            participations_of_kind(kind.value),
            counts=Counts.PARTICIPATIONS,
        )
        register_metric(
            f"enterprises:{kind.value}",
            _enterprises_kind_label(kind),
            enterprises_of_kind(kind.value),
            counts=Counts.ENTERPRISES,
        )
    register_metric(
        "direct_suppliers",
        _("Số doanh nghiệp trở thành nhà cung ứng trực tiếp"),
        direct_suppliers,
        counts=Counts.ENTERPRISES,
    )
