"""The dossier (hồ sơ) as the criteria read it: the product's figures for the three years before the round, the
quality and management systems it claims, what it still lacks before it can be submitted, its code (mã hồ sơ)
and the deadline of the stage it is in, and the public lookup of its stage by code and tax code.

Decisions written down here:
- Labour productivity is computed, never typed: revenue ÷ workers (triệu đồng/người/năm), rounded to two
  decimals. A value sent with the figures is checked against it (1 % or 0,01 apart at most) and the computed one
  is stored, so that every dossier and every suggested score reads the same rule.
- The three written sections (market, technical, social) are optional notes now that the figures carry the
  numbers: completeness asks for every required document and every required figure, not for prose.
- A stage's deadline counts calendar days from the day the dossier enters it (RecognitionRound.review_days,
  supplement_days, scoring_days); public comment is due on its comment deadline; a final status has none.
- The code is `<CITY>-<year>-<5 digits>`, e.g. HCM-2024-00007, numbered per city and year (rounds of the city in
  the same year share the prefix, so they share the sequence), given once at the first submission.
"""

import datetime
import logging
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from redis.exceptions import RedisError

from core.numbers import format_number
from core.validation import check_fields
from enterprises.models import Certification
from enterprises.taxcode import normalize_tax_code
from products import services
from products.models import Application, ApplicationFigure, RecognitionRound

logger = logging.getLogger(__name__)

S = Application.Status
FIGURE_YEARS = 3
# The figures a complete dossier gives for every year; export value may be 0 (a product sold at home only).
REQUIRED_FIGURES = ("output_quantity", "output_unit", "revenue", "export_value", "workers")
FIGURE_INPUTS = ("output_quantity", "output_unit", "revenue", "export_value", "workers", "labour_productivity")
PRODUCTIVITY_TOLERANCE = Decimal("0.01")
CERTIFICATIONS_MAX = 30
CODE_DIGITS = 5


# ---------------------------------------------------------------- figures


def figure_years(round: RecognitionRound) -> list[int]:
    """The years the dossier gives figures for: the three before the round's year, oldest first."""
    return [round.year - n for n in range(FIGURE_YEARS, 0, -1)]


def figures_by_year(application: Application) -> dict[int, ApplicationFigure]:
    years = figure_years(application.round)
    return {figure.year: figure for figure in application.figures.filter(year__in=years)}


def labour_productivity(revenue: Decimal | None, workers: int | None) -> Decimal | None:
    """Revenue per worker (triệu đồng/người/năm), or None without both."""
    if revenue is None or not workers:
        return None
    return (Decimal(revenue) / Decimal(workers)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _figure_from_row(application: Application, year: int, row: dict) -> ApplicationFigure:
    figure = ApplicationFigure(application=application, year=year)
    for name in FIGURE_INPUTS:
        value = row.get(name)
        if name == "output_unit":
            setattr(figure, name, (value or "").strip())
        else:
            setattr(figure, name, None if _blank(value) else value)
    return figure


def _check_figure(figure: ApplicationFigure) -> None:
    """Bounds and types by the model, then the rules between the fields. Raises with the year in the message."""
    try:
        check_fields(figure, *FIGURE_INPUTS)
    except ValidationError as exc:
        raise ValidationError(
            {
                f"{name}_{figure.year}": [
                    _("Năm %(year)s, %(field)s: %(message)s")
                    % {
                        "year": figure.year,
                        "field": ApplicationFigure._meta.get_field(name).verbose_name,
                        "message": message,
                    }
                    for message in messages
                ]
                for name, messages in exc.message_dict.items()
            }
        ) from exc
    if figure.output_quantity is not None and not figure.output_unit:
        raise ValidationError(
            {
                f"output_unit_{figure.year}": _("Năm %(year)s: vui lòng ghi đơn vị của sản lượng.")
                % {"year": figure.year}
            }
        )
    if figure.workers == 0:
        raise ValidationError(
            {f"workers_{figure.year}": _("Năm %(year)s: số lao động phải từ 1 trở lên.") % {"year": figure.year}}
        )
    computed = labour_productivity(figure.revenue, figure.workers)
    given = figure.labour_productivity
    if given is not None:
        if computed is None:
            raise ValidationError(
                {
                    f"labour_productivity_{figure.year}": _(
                        "Năm %(year)s: năng suất lao động được tính từ doanh thu và số lao động; vui lòng nhập hai "
                        "số liệu này."
                    )
                    % {"year": figure.year}
                }
            )
        if abs(Decimal(given) - computed) > max(PRODUCTIVITY_TOLERANCE, computed / 100):
            raise ValidationError(
                {
                    f"labour_productivity_{figure.year}": _(
                        "Năm %(year)s: năng suất lao động phải bằng doanh thu chia số lao động (%(value)s triệu "
                        "đồng/người/năm). Để trống ô này, cổng tự tính."
                    )
                    % {"year": figure.year, "value": format_number(computed)}
                }
            )
    figure.labour_productivity = computed


def figures_save(*, actor, application: Application, rows: dict[int, dict]) -> list[ApplicationFigure]:
    """Save the figures of the dossier's three years, all or nothing. `rows` maps a year to its values (the keys
    of FIGURE_INPUTS; empty values are allowed while the dossier is a draft, completeness is checked on
    submission). Only while the enterprise may edit the dossier."""
    if not isinstance(rows, dict) or len(rows) > FIGURE_YEARS:
        raise ValidationError(_("Số liệu chỉ gồm ba năm trước năm của đợt xét chọn."))
    with transaction.atomic():
        locked = services._lock(application)
        services._require_editable_by(actor, locked)
        years = figure_years(locked.round)
        unknown = sorted(set(rows) - set(years))
        if unknown:
            raise ValidationError(
                _("Hồ sơ của đợt này ghi số liệu các năm %(years)s, không nhận năm %(unknown)s.")
                % {"years": ", ".join(map(str, years)), "unknown": ", ".join(map(str, unknown))}
            )
        figures = [_figure_from_row(locked, year, rows[year]) for year in years if year in rows]
        errors: dict[str, list[str]] = {}
        for figure in figures:
            try:
                _check_figure(figure)
            except ValidationError as exc:
                for key, messages in exc.message_dict.items():
                    errors.setdefault(key, []).extend(messages)
        if errors:
            raise ValidationError(errors)
        saved = []
        for figure in figures:
            values = {name: getattr(figure, name) for name in FIGURE_INPUTS}
            stored, _created = ApplicationFigure.objects.update_or_create(
                application=locked, year=figure.year, defaults=values
            )
            saved.append(stored)
        locked.save(update_fields=["updated_at"])
    return saved


# ---------------------------------------------------------------- certifications


@dataclass(frozen=True)
class CertificationChoice:
    certification: Certification
    expired: bool

    @property
    def id(self) -> int:
        return self.certification.id


def certification_choices(application: Application, today: datetime.date) -> list[CertificationChoice]:
    """The enterprise's own certifications, each flagged when its validity ended before `today`."""
    return [
        CertificationChoice(c, c.valid_until is not None and c.valid_until < today)
        for c in Certification.objects.filter(enterprise_id=application.enterprise_id).order_by("standard", "id")
    ]


def application_certifications_set(*, actor, application: Application, certifications) -> Application:
    """The quality and management systems the dossier claims: only the enterprise's own certifications. An expired
    one may be named (the page flags it); the criteria count the valid ones."""
    ids = {c if isinstance(c, int) else c.pk for c in certifications}
    if len(ids) > CERTIFICATIONS_MAX:
        raise ValidationError(_("Chọn tối đa %(n)s chứng nhận.") % {"n": CERTIFICATIONS_MAX})
    with transaction.atomic():
        locked = services._lock(application)
        services._require_editable_by(actor, locked)
        own = set(
            Certification.objects.filter(enterprise_id=locked.enterprise_id, pk__in=ids).values_list("pk", flat=True)
        )
        if own != ids:
            raise ValidationError(
                _("Chỉ chọn được chứng nhận của chính doanh nghiệp đã khai trong hồ sơ doanh nghiệp.")
            )
        locked.certifications.set(sorted(own))
        locked.save(update_fields=["updated_at"])
    return locked


def dossier_update(
    *,
    actor,
    application: Application,
    kind: str,
    market_summary: str,
    technical_summary: str,
    social_summary: str,
    figures: dict[int, dict],
    certifications,
) -> Application:
    """The enterprise's edit page in one write: the kind and notes, the figures and the certifications, all or
    nothing."""
    with transaction.atomic():
        services.application_update(
            actor=actor,
            application=application,
            kind=kind,
            market_summary=market_summary,
            technical_summary=technical_summary,
            social_summary=social_summary,
        )
        figures_save(actor=actor, application=application, rows=figures)
        return application_certifications_set(actor=actor, application=application, certifications=certifications)


# ---------------------------------------------------------------- completeness


@dataclass(frozen=True)
class MissingItem:
    """One thing the dossier still lacks before it is submitted. `kind` is "document" or "figure"; `anchor` is
    the place on the enterprise's pages where it is given (the document list, a year of the figures table)."""

    kind: str
    label: str
    anchor: str


def dossier_missing(application: Application) -> list[MissingItem]:
    """What is missing, item by item: every required document type without a file, then every required figure of
    every year (output with its unit, revenue, export value, workers). Three queries."""
    items: list[MissingItem] = []
    present = set(application.documents.values_list("document_type_id", flat=True))
    for document_type in application.round.document_types.filter(is_required=True).order_by("order", "id"):
        if document_type.id not in present:
            items.append(
                MissingItem("document", _("Tài liệu: %(name)s") % {"name": document_type.name}, "documents-title")
            )
    figures = figures_by_year(application)
    for year in figure_years(application.round):
        figure = figures.get(year)
        for name in REQUIRED_FIGURES:
            value = getattr(figure, name) if figure is not None else None
            if _blank(value):
                items.append(
                    MissingItem(
                        "figure",
                        _("Số liệu năm %(year)s: %(field)s")
                        % {"year": year, "field": ApplicationFigure._meta.get_field(name).verbose_name},
                        f"figures-{year}",
                    )
                )
    return items


# ---------------------------------------------------------------- code (mã hồ sơ)


def code_prefix(round: RecognitionRound) -> str:
    return f"{round.program.city.code.upper()}-{round.year}-"


def allocate_code(application: Application) -> str:
    """The next code of the city and year, under a lock of the city's rounds of that year (in id order, so that
    two submissions never wait on each other crosswise). The caller holds the application's row lock inside a
    transaction and stores the code there."""
    round = application.round
    list(
        RecognitionRound.objects.select_for_update()
        .filter(program__city_id=round.program.city_id, year=round.year)
        .order_by("id")
        .values_list("id", flat=True)
    )
    prefix = code_prefix(round)
    last = Application.objects.filter(code__startswith=prefix).order_by("-code").values_list("code", flat=True).first()
    number = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{number:0{CODE_DIGITS}d}"


# ---------------------------------------------------------------- stage deadlines


def stage_due_on(application: Application, to_status: str, today: datetime.date) -> datetime.date | None:
    """The day the stage the dossier enters today is due, by the round's deadlines; None without one."""
    round = application.round
    days = {
        S.SUBMITTED: round.review_days,
        S.RESUBMITTED: round.review_days,
        S.UNDER_REVIEW: round.review_days,
        S.SUPPLEMENT_REQUESTED: round.supplement_days,
        S.COUNCIL_SCORING: round.scoring_days,
    }.get(to_status)
    if days:
        return today + datetime.timedelta(days=days)
    if to_status == S.PUBLIC_COMMENT:
        return application.comment_closes_on or round.comment_closes_on
    return None


# Stages a deadline can pass in: everything after submission and before the end.
OPEN_STAGES = (
    S.SUBMITTED,
    S.UNDER_REVIEW,
    S.SUPPLEMENT_REQUESTED,
    S.RESUBMITTED,
    S.COUNCIL_SCORING,
    S.PUBLIC_COMMENT,
)


def is_overdue(application: Application, today: datetime.date) -> bool:
    return (
        application.status in OPEN_STAGES and application.stage_due_on is not None and application.stage_due_on < today
    )


# ---------------------------------------------------------------- public lookup (tra cứu hồ sơ)

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
LOOKUP_RATE_MESSAGE = gettext_lazy(
    "Bạn đã tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau %(minutes)s phút."
)


class LookupRateLimited(ValidationError):
    def __init__(self, retry_after: int):
        super().__init__(LOOKUP_RATE_MESSAGE % {"minutes": max(1, -(-retry_after // 60))}, code="rate_limited")
        self.retry_after = retry_after


def _lookup_take(address: str) -> None:
    """Count one lookup from `address` against settings.DOSSIER_LOOKUP_RATE ("20/hour"), or refuse it. With the
    cache away, lookups go on without the bound rather than being refused (as the public comment limit)."""
    count, period = settings.DOSSIER_LOOKUP_RATE.split("/")
    seconds = _PERIODS[period.strip()[0]]
    key = f"dossier-lookup:{address}"
    try:
        cache.add(key, 0, timeout=seconds)
        taken = cache.incr(key)
    except (RedisError, ValueError) as error:
        logger.warning("Cache unreachable, dossier lookup limit skipped: %s", error)
        return
    if taken > int(count):
        raise LookupRateLimited(retry_after=seconds)


@dataclass(frozen=True)
class LookupAnswer:
    """What the lookup tells: the stage and its dates, nothing of the product, the enterprise or the scores."""

    status: str
    status_label: str
    submitted_on: datetime.date | None
    stage_started_on: datetime.date | None
    stage_due_on: datetime.date | None
    decided_on: datetime.date | None


def normalize_code(value: str) -> str:
    return "".join((value or "").split()).upper()


def dossier_lookup(*, code: str, tax_code: str, client_address: str) -> LookupAnswer | None:
    """The stage of the dossier with this code whose enterprise has this tax code; None for a wrong code and a
    wrong tax code alike. Each lookup is counted against the client's address first. Raises ValidationError for a
    tax code that is not one (its form, never whether it exists)."""
    tax_code = normalize_tax_code(tax_code)
    _lookup_take(client_address)
    application = (
        Application.objects.filter(code=normalize_code(code), enterprise__tax_code=tax_code)
        .only("status", "submitted_at", "stage_started_on", "stage_due_on", "decided_at")
        .first()
    )
    if application is None:
        return None

    def day(moment):
        return timezone.localdate(moment) if moment else None

    return LookupAnswer(
        status=application.status,
        status_label=application.get_status_display(),
        submitted_on=day(application.submitted_at),
        stage_started_on=application.stage_started_on,
        stage_due_on=application.stage_due_on,
        decided_on=day(application.decided_at),
    )
