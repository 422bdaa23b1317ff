"""Which enterprises a round takes dossiers from: those of its programme's city, or any enterprise when the
round admits other provinces. One rule, read by application_create (products.services), by the rounds an
enterprise is offered (products.selectors.open_rounds_for) and by the admin."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from core.provinces import city_code_for_province
from enterprises.models import Enterprise
from products.models import RecognitionRound


def rounds_admitting(enterprise: Enterprise) -> Q:
    """The condition on RecognitionRound rows that take this enterprise's dossiers."""
    condition = Q(admits_other_provinces=True)
    city_code = city_code_for_province(enterprise.province)
    if city_code:
        condition |= Q(program__city__code=city_code)
    return condition


def round_admits(round: RecognitionRound, enterprise: Enterprise) -> bool:
    return round.admits_other_provinces or round.program.city.code == city_code_for_province(enterprise.province)


def require_round_admits(round: RecognitionRound, enterprise: Enterprise) -> None:
    if not round_admits(round, enterprise):
        raise ValidationError(
            _(
                "Đợt xét chọn “%(round)s” chỉ nhận hồ sơ của doanh nghiệp đặt tại %(city)s; "
                "doanh nghiệp của bạn đăng ký tại “%(province)s”."
            )
            % {
                "round": round.title,
                "city": round.program.city.name,
                "province": enterprise.province or _("chưa ghi tỉnh/thành phố"),
            },
            code="round_not_for_province",
        )


def check_admission_change(round: RecognitionRound, *, admits_other_provinces: bool) -> None:
    """A round that has dossiers from enterprises outside its city keeps admitting them."""
    if round.pk is None or admits_other_provinces:
        return
    outside = [
        application.enterprise
        for application in round.applications.select_related("enterprise")
        if round.program.city.code != city_code_for_province(application.enterprise.province)
    ]
    if outside:
        raise ValidationError(
            {
                "admits_other_provinces": _(
                    "Đợt đã có %(count)s hồ sơ của doanh nghiệp ngoài %(city)s (%(names)s): "
                    "không thể thôi nhận doanh nghiệp ở tỉnh, thành phố khác."
                )
                % {
                    "count": len(outside),
                    "city": round.program.city.name,
                    "names": ", ".join(sorted({e.name for e in outside})[:3]),
                }
            }
        )
