"""Scoring as the council's rules assign it (phân công chấm điểm, QĐ 2023/QĐ-UBND Hà Nội): who scores which
criterion, the score the dossier's figures suggest, the result by the round's rule with each member's part, the
chair closing scoring, the ranking with its stated tie-break and the Top 10 staff mark from it.

Decisions written down here:
- Only leaves are scored (criteria without sub-criteria); a parent's points are the sum of its children's.
- Who scores a leaf: the assignments on the leaf itself or, when it has none, on its nearest assigned parent (an
  assignment on a parent covers its children). An assignment names a seat, or an agency: every seat whose agency
  is that agency (spaces and case aside). A leaf with no assignment on it or above it is scored by every member.
- A score counts ("valid") when its member has not declared a conflict of interest with the dossier before the
  end of scoring and still scores that criterion; a conflict the staff record after scoring leaves it counted.
- AVERAGE: every member scores the whole sheet; the result is the average of the totals of members whose sheet
  has every leaf. SUM_ASSIGNED: each leaf's part is the average of the valid members who scored it; the result
  is their sum, and exists once every leaf has a part. Results and parts are rounded to 0,01 half up.
- Suggestions (Criterion.suggest_metric and suggest_bands): bands are a list of {"from": number, "points":
  number}; the highest band whose "from" the figure reaches gives its points, never above the criterion's
  maximum; a figure below every band suggests 0. Growth is the average yearly (compound) growth between the
  first and the last year with the figure, among the three years before the round. "Latest" figures are those of
  the latest of those years that has the figure. Quality systems count the dossier's certifications valid on the
  round's closing date (its opening date, or today, when it has none).
- The ranking holds the round's dossiers with a result, from the council stage on (not rejected or withdrawn):
  score first, then the round's tie-break, then the earlier submission, then the dossier's id, so that no two
  share a rank.
"""

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions
from core.dates import validate_date_in_range
from core.numbers import format_number
from products import dossier
from products.models import (
    Application,
    ApplicationFigure,
    ConflictDeclaration,
    CouncilMember,
    Criterion,
    CriterionAssignment,
    RecognitionRound,
    RoundEvent,
    Score,
    ScoringRule,
    SuggestMetric,
    TieBreak,
)

S = Application.Status
CENT = Decimal("0.01")
# The dossiers a ranking holds: sent to the council and still standing.
RANKED_STATUSES = (S.COUNCIL_SCORING, S.PUBLIC_COMMENT, S.RECOGNISED)
# The dossiers submitted and not yet sent to the council (nor refused or withdrawn).
BEFORE_COUNCIL = (S.SUBMITTED, S.UNDER_REVIEW, S.SUPPLEMENT_REQUESTED, S.RESUBMITTED)
DECISION_NUMBER_MAX = RecognitionRound._meta.get_field("top_decision_number").max_length


def _cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _agency_key(agency: str) -> str:
    return " ".join(agency.split()).casefold()


# ---------------------------------------------------------------- the sheet and who scores it


@dataclass
class SheetPlan:
    """A round's scoring sheet as a tree, with who scores each leaf."""

    round: RecognitionRound
    criteria: dict[int, Criterion]
    top: list[Criterion]
    children: dict[int | None, list[Criterion]]
    leaves: list[Criterion]
    # Leaf id → the assignments that decide who scores it ([] when every member does).
    assignees: dict[int, list[CriterionAssignment]]
    has_assignments: bool

    def scores(self, seat: CouncilMember, leaf_id: int) -> bool:
        assignments = self.assignees.get(leaf_id)
        if assignments is None:
            return False
        if not assignments:
            return True
        key = _agency_key(seat.agency) if seat.agency else None
        return any(
            a.member_id == seat.pk or (a.agency and key is not None and _agency_key(a.agency) == key)
            for a in assignments
        )

    def top_of(self, criterion: Criterion) -> Criterion:
        while criterion.parent_id is not None:
            criterion = self.criteria[criterion.parent_id]
        return criterion

    def parent_of(self, criterion: Criterion) -> Criterion | None:
        return self.criteria.get(criterion.parent_id) if criterion.parent_id else None

    def walk(self) -> list[tuple[Criterion, int]]:
        """Every criterion in sheet order with its depth (0 for a top-level one)."""
        rows: list[tuple[Criterion, int]] = []

        def visit(criterion: Criterion, depth: int) -> None:
            rows.append((criterion, depth))
            for child in self.children.get(criterion.pk, []):
                visit(child, depth + 1)

        for criterion in self.top:
            visit(criterion, 0)
        return rows

    def leaves_under(self, criterion: Criterion) -> list[Criterion]:
        kids = self.children.get(criterion.pk, [])
        if not kids:
            return [criterion]
        return [leaf for kid in kids for leaf in self.leaves_under(kid)]


def sheet_plan(round: RecognitionRound) -> SheetPlan:
    """The round's sheet and its assignments, in two queries."""
    criteria = {c.pk: c for c in Criterion.objects.filter(round_id=round.pk).order_by("order", "id")}
    children: dict[int | None, list[Criterion]] = defaultdict(list)
    for criterion in criteria.values():
        children[criterion.parent_id].append(criterion)
    top = children.get(None, [])
    by_criterion: dict[int, list[CriterionAssignment]] = defaultdict(list)
    assignments = CriterionAssignment.objects.filter(criterion__round_id=round.pk).order_by("id")
    for assignment in assignments:
        by_criterion[assignment.criterion_id].append(assignment)
    leaves: list[Criterion] = []

    def visit(criterion: Criterion) -> None:
        kids = children.get(criterion.pk, [])
        if not kids:
            leaves.append(criterion)
        for kid in kids:
            visit(kid)

    for criterion in top:
        visit(criterion)
    assignees: dict[int, list[CriterionAssignment]] = {}
    for leaf in leaves:
        node: Criterion | None = leaf
        while node is not None and not by_criterion.get(node.pk):
            node = criteria.get(node.parent_id) if node.parent_id else None
        assignees[leaf.pk] = list(by_criterion[node.pk]) if node is not None else []
    return SheetPlan(
        round=round,
        criteria=criteria,
        top=top,
        children=dict(children),
        leaves=leaves,
        assignees=assignees,
        has_assignments=bool(by_criterion),
    )


def seat_criteria(seat: CouncilMember, plan: SheetPlan | None = None) -> list[Criterion]:
    """The leaves this council seat scores, in sheet order: assigned to the seat, to its agency, or to no one."""
    plan = plan or sheet_plan(seat.round)
    return [leaf for leaf in plan.leaves if plan.scores(seat, leaf.pk)]


def assignee_label(plan: SheetPlan, leaf: Criterion, seats: dict[int, CouncilMember]) -> str:
    """Who scores the leaf, in words: "Mọi thành viên", a member's name or an agency."""
    assignments = plan.assignees.get(leaf.pk) or []
    if not assignments:
        return _("Mọi thành viên")
    names = []
    for a in assignments:
        if a.member_id:
            seat = seats.get(a.member_id)
            names.append(_seat_name(seat) if seat else "—")
        else:
            names.append(a.agency)
    return "; ".join(names)


def _seat_name(seat: CouncilMember) -> str:
    return seat.user.get_full_name() or seat.user.username


def rule_errors(round: RecognitionRound, plan: SheetPlan | None = None) -> list[str]:
    """What stops the round's rule from giving a result: under the average rule every member scores the whole
    sheet, so criteria may not be assigned; and an assigned criterion needs a seat to score it (an agency with no
    member on the council scores nothing)."""
    plan = plan or sheet_plan(round)
    if round.scoring_rule == ScoringRule.AVERAGE and plan.has_assignments:
        return [
            _(
                "Đợt có phân công chấm điểm nên cách tính điểm phải là “%(rule)s”: với cách tính trung bình tổng điểm, "
                "mỗi thành viên chấm toàn bộ phiếu."
            )
            % {"rule": ScoringRule.SUM_ASSIGNED.label}
        ]
    seats = list(CouncilMember.objects.filter(round_id=round.pk).order_by("id")) if plan.has_assignments else []
    return [
        _("Tiêu chí “%(name)s” được phân công cho %(who)s nhưng hội đồng không có thành viên nào như vậy.")
        % {"name": leaf.name, "who": "; ".join(a.agency for a in plan.assignees[leaf.pk] if a.agency)}
        for leaf in plan.leaves
        if plan.assignees[leaf.pk] and not any(plan.scores(seat, leaf.pk) for seat in seats)
    ]


# ---------------------------------------------------------------- suggested scores


@dataclass(frozen=True)
class Suggestion:
    points: Decimal
    reason: str


@dataclass
class DossierFacts:
    """What the suggestions read from one dossier, loaded once."""

    figures: dict[int, ApplicationFigure]
    valid_systems: list[str]
    reference_date: datetime.date


def dossier_facts(application: Application) -> DossierFacts:
    round = application.round
    reference = round.closes_on or round.opens_on or timezone.localdate()
    systems = [
        str(c)
        for c in application.certifications.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=reference)
        ).order_by("standard", "id")
    ]
    return DossierFacts(figures=dossier.figures_by_year(application), valid_systems=systems, reference_date=reference)


def _value(figure: ApplicationFigure, name: str) -> Decimal | None:
    value = getattr(figure, name)
    if name == "labour_productivity" and value is None:
        return dossier.labour_productivity(figure.revenue, figure.workers)
    return None if value is None else Decimal(value)


def _series(facts: DossierFacts, name: str) -> list[tuple[int, Decimal]]:
    return [(year, value) for year in sorted(facts.figures) if (value := _value(facts.figures[year], name)) is not None]


def _latest(facts: DossierFacts, name: str, label: str, unit: str) -> tuple[Decimal, str] | None:
    series = _series(facts, name)
    if not series:
        return None
    year, value = series[-1]
    return value, _("%(label)s năm %(year)s: %(value)s %(unit)s") % {
        "label": label,
        "year": year,
        "value": format_number(value),
        "unit": unit,
    }


def _growth(facts: DossierFacts, name: str, label: str) -> tuple[Decimal, str] | None:
    series = [(year, value) for year, value in _series(facts, name)]
    if len(series) < 2:
        return None
    (first_year, first), (last_year, last) = series[0], series[-1]
    if first <= 0:
        return None
    rate = (math.pow(float(last) / float(first), 1 / (last_year - first_year)) - 1) * 100
    value = _cents(Decimal(str(rate)))
    return value, _("%(label)s bình quân %(first)s–%(last)s: %(value)s%%/năm (từ %(from)s lên %(to)s)") % {
        "label": label,
        "first": first_year,
        "last": last_year,
        "value": format_number(value),
        "from": format_number(first),
        "to": format_number(last),
    }


def _metric(metric: str, facts: DossierFacts) -> tuple[Decimal, str] | None:
    """The figure a metric reads from the dossier, with its description; None when the dossier lacks it."""
    if metric == SuggestMetric.REVENUE_GROWTH:
        return _growth(facts, "revenue", _("Tăng trưởng doanh thu"))
    if metric == SuggestMetric.EXPORT_GROWTH:
        return _growth(facts, "export_value", _("Tăng trưởng xuất khẩu"))
    if metric == SuggestMetric.REVENUE:
        return _latest(facts, "revenue", _("Doanh thu"), _("triệu đồng"))
    if metric == SuggestMetric.EXPORT_VALUE:
        return _latest(facts, "export_value", _("Kim ngạch xuất khẩu"), _("nghìn USD"))
    if metric == SuggestMetric.WORKERS:
        return _latest(facts, "workers", _("Số lao động"), _("người"))
    if metric == SuggestMetric.LABOUR_PRODUCTIVITY:
        return _latest(facts, "labour_productivity", _("Năng suất lao động"), _("triệu đồng/người/năm"))
    if metric == SuggestMetric.QUALITY_SYSTEMS:
        count = Decimal(len(facts.valid_systems))
        if facts.valid_systems:
            names = ", ".join(facts.valid_systems)
            text = _("%(count)s hệ thống quản lý chất lượng còn hiệu lực (%(names)s)") % {
                "count": format_number(count),
                "names": names,
            }
        else:
            text = _("Không có hệ thống quản lý chất lượng còn hiệu lực")
        return count, text
    return None


def parse_bands(bands) -> list[tuple[Decimal, Decimal]]:
    """The bands as (from, points), lowest "from" first; ValidationError for anything else than a list of
    {"from": number, "points": number} with points from 0."""
    if not isinstance(bands, list):
        raise ValidationError(_("Các mức gợi ý phải là một danh sách."))
    parsed = []
    for band in bands:
        try:
            start, points = Decimal(str(band["from"])), Decimal(str(band["points"]))
        except (TypeError, KeyError, InvalidOperation):
            raise ValidationError(_("Mỗi mức gợi ý phải có “từ” và “điểm” là số.")) from None
        if not (start.is_finite() and points.is_finite()) or points < 0:
            raise ValidationError(_("Điểm của mỗi mức gợi ý phải là số từ 0 trở lên."))
        parsed.append((start, points))
    return sorted(parsed)


def suggest(criterion: Criterion, application: Application, facts: DossierFacts | None = None) -> Suggestion | None:
    """The score the criterion's rule suggests from the dossier's figures, with the reason; None when the
    criterion has no rule or the dossier lacks the figure."""
    if not criterion.suggest_metric or not criterion.suggest_bands:
        return None
    try:
        bands = parse_bands(criterion.suggest_bands)
    except ValidationError:
        return None
    if not bands:
        return None
    facts = facts or dossier_facts(application)
    found = _metric(criterion.suggest_metric, facts)
    if found is None:
        return None
    value, described = found
    reached = [(start, points) for start, points in bands if value >= start]
    if not reached:
        return Suggestion(
            points=Decimal("0.00"),
            reason=_("%(figure)s, dưới mức thấp nhất (từ %(from)s): gợi ý 0 điểm.")
            % {"figure": described, "from": format_number(bands[0][0])},
        )
    start, points = reached[-1]
    points = _cents(min(points, criterion.max_points))
    return Suggestion(
        points=points,
        reason=_("%(figure)s, đạt mức từ %(from)s: gợi ý %(points)s điểm.")
        % {"figure": described, "from": format_number(start), "points": format_number(points)},
    )


def suggestions(criteria: Iterable[Criterion], application: Application) -> dict[int, Suggestion | None]:
    """suggest() for several criteria of one dossier, its figures read once."""
    criteria = list(criteria)
    facts = dossier_facts(application) if any(c.suggest_metric and c.suggest_bands for c in criteria) else None
    return {c.pk: suggest(c, application, facts) if facts else None for c in criteria}


# ---------------------------------------------------------------- saving a member's sheet


def _lock(application: Application) -> Application:
    return Application.objects.select_for_update().select_related("round__program").get(pk=application.pk)


def scores_save(*, actor, application: Application, points: dict[int, Decimal]) -> Application:
    """Save one member's sheet for one dossier: every criterion they score and no other, each with the score the
    figures suggested beside it; then the dossier's result by the round's rule."""
    member = CouncilMember.objects.filter(round_id=application.round_id, user=actor).select_related("round").first()
    permissions.require(member is not None)
    with transaction.atomic():
        locked = _lock(application)
        if locked.status != S.COUNCIL_SCORING:
            raise ValidationError(_("Hồ sơ không ở giai đoạn hội đồng chấm điểm."))
        if locked.round.scoring_closed_at is not None:
            raise ValidationError(_("Chủ tịch hội đồng đã kết thúc chấm điểm đợt này; phiếu chấm không sửa được nữa."))
        if ConflictDeclaration.objects.filter(member=member, application=locked).exists():
            raise ValidationError(_("Bạn đã khai báo xung đột lợi ích với hồ sơ này nên không được chấm điểm."))
        plan = sheet_plan(locked.round)
        mine = seat_criteria(member, plan)
        _check_sheet(plan, mine, points)
        suggested = suggestions(mine, locked)
        for criterion in mine:
            suggestion = suggested.get(criterion.pk)
            Score.objects.update_or_create(
                application=locked,
                member=member,
                criterion=criterion,
                defaults={
                    "points": points[criterion.pk],
                    "suggested_points": suggestion.points if suggestion else None,
                },
            )
        recompute(locked, plan)
    return locked


def _check_sheet(plan: SheetPlan, mine: list[Criterion], points: dict[int, Decimal]) -> None:
    if not plan.leaves:
        raise ValidationError(_("Đợt xét chọn chưa có phiếu chấm điểm."))
    if not mine:
        raise ValidationError(_("Bạn không được phân công chấm tiêu chí nào của đợt này."))
    own = {c.pk for c in mine}
    for criterion_id in points:
        if criterion_id in own:
            continue
        criterion = plan.criteria.get(criterion_id)
        if criterion is None:
            raise ValidationError(_("Tiêu chí được chấm không thuộc phiếu chấm của đợt này."))
        if plan.children.get(criterion_id):
            raise ValidationError(
                _("Tiêu chí “%(name)s” có tiêu chí con: chấm từng tiêu chí con, điểm của tiêu chí được cộng từ đó.")
                % {"name": criterion.name}
            )
        raise ValidationError(
            _("Tiêu chí “%(name)s” không được phân công cho bạn chấm (do %(who)s chấm).")
            % {"name": criterion.name, "who": assignee_label(plan, criterion, _seats(plan.round))}
        )
    for criterion in mine:
        value = points.get(criterion.pk)
        if value is None:
            raise ValidationError(_("Chưa chấm tiêu chí “%(name)s”.") % {"name": criterion.name})
        if value < 0 or value > criterion.max_points:
            raise ValidationError(
                _("Điểm của tiêu chí “%(name)s” phải từ 0 đến %(max)s.")
                % {"name": criterion.name, "max": format_number(criterion.max_points)}
            )


def _seats(round: RecognitionRound) -> dict[int, CouncilMember]:
    return {s.pk: s for s in CouncilMember.objects.filter(round_id=round.pk).select_related("user").order_by("id")}


# ---------------------------------------------------------------- the result by the round's rule


@dataclass
class MemberPart:
    seat: CouncilMember
    points: dict[int, Decimal]
    # The member's criteria, for a sheet still to finish.
    expected: int
    recused: bool = False
    counted: bool = False

    @property
    def total(self) -> Decimal | None:
        return sum(self.points.values(), Decimal(0)) if self.points else None

    @property
    def name(self) -> str:
        return _seat_name(self.seat)


@dataclass
class CriterionRow:
    criterion: Criterion
    depth: int
    part: Decimal | None
    cells: list[Decimal | None]
    scorers: str = ""


@dataclass
class Result:
    application: Application
    rule: str
    value: Decimal | None
    count: int
    # Leaf id → the result's part for it; top-level id → the sum of its leaves' parts.
    parts: dict[int, Decimal | None]
    members: list[MemberPart] = field(default_factory=list)
    rows: list[CriterionRow] = field(default_factory=list)
    # Leaves that no valid member has scored yet (SUM_ASSIGNED), or all of them while no sheet is complete
    # (AVERAGE).
    unscored: list[Criterion] = field(default_factory=list)

    def top_parts(self, plan: SheetPlan) -> list[Decimal]:
        return [self.parts.get(c.pk) or Decimal(0) for c in plan.top]


def _compute(
    application: Application,
    plan: SheetPlan,
    seats: dict[int, CouncilMember],
    scores: list[tuple[int, int, Decimal]],
    recused: set[int],
) -> Result:
    leaf_ids = [leaf.pk for leaf in plan.leaves]
    members = {
        seat_id: MemberPart(
            seat=seat,
            points={},
            expected=sum(1 for leaf_id in leaf_ids if plan.scores(seat, leaf_id)),
            recused=seat_id in recused,
        )
        for seat_id, seat in seats.items()
    }
    for member_id, criterion_id, points in scores:
        part = members.get(member_id)
        if part is None or part.recused or criterion_id not in plan.assignees:
            continue
        if plan.scores(part.seat, criterion_id):
            part.points[criterion_id] = points
    parts: dict[int, Decimal | None] = {}
    unscored: list[Criterion] = []
    if plan.round.scoring_rule == ScoringRule.SUM_ASSIGNED:
        for leaf in plan.leaves:
            given = [m.points[leaf.pk] for m in members.values() if leaf.pk in m.points]
            parts[leaf.pk] = _cents(sum(given, Decimal(0)) / len(given)) if given else None
            if not given:
                unscored.append(leaf)
        counted = [m for m in members.values() if m.points]
        value = None if unscored or not leaf_ids else sum((parts[i] for i in leaf_ids), Decimal(0))
    else:
        counted = [m for m in members.values() if leaf_ids and len(m.points) == len(leaf_ids)]
        for leaf in plan.leaves:
            parts[leaf.pk] = (
                _cents(sum((m.points[leaf.pk] for m in counted), Decimal(0)) / len(counted)) if counted else None
            )
        if not counted:
            unscored = list(plan.leaves)
        value = (
            _cents(sum((m.total for m in counted), Decimal(0)) / len(counted)) if counted else None  # type: ignore[misc]
        )
    for m in counted:
        m.counted = True
    for criterion in plan.criteria.values():
        if plan.children.get(criterion.pk):
            under = [parts.get(leaf.pk) for leaf in plan.leaves_under(criterion)]
            parts[criterion.pk] = (
                sum((p for p in under if p is not None), Decimal(0)) if any(p is not None for p in under) else None
            )
    ordered = sorted(members.values(), key=lambda m: (m.seat.role != CouncilMember.Role.CHAIR, m.seat.pk))
    rows = []
    for criterion, depth in plan.walk():
        leaves = plan.leaves_under(criterion)
        cells = []
        for m in ordered:
            mine = [m.points[leaf.pk] for leaf in leaves if leaf.pk in m.points]
            cells.append(sum(mine, Decimal(0)) if mine else None)
        rows.append(
            CriterionRow(
                criterion=criterion,
                depth=depth,
                part=parts.get(criterion.pk),
                cells=cells,
                scorers=assignee_label(plan, criterion, seats) if not plan.children.get(criterion.pk) else "",
            )
        )
    return Result(
        application=application,
        rule=plan.round.scoring_rule,
        value=value,
        count=len(counted),
        parts=parts,
        members=ordered,
        rows=rows,
        unscored=unscored,
    )


def _round_inputs(round: RecognitionRound, application_ids: list[int]):
    scores: dict[int, list[tuple[int, int, Decimal]]] = defaultdict(list)
    rows = Score.objects.filter(application_id__in=application_ids).values_list(
        "application_id", "member_id", "criterion_id", "points"
    )
    for application_id, member_id, criterion_id, points in rows:
        scores[application_id].append((member_id, criterion_id, points))
    recused: dict[int, set[int]] = defaultdict(set)
    conflicts = ConflictDeclaration.objects.filter(application_id__in=application_ids, after_scoring=False)
    for application_id, member_id in conflicts.values_list("application_id", "member_id"):
        recused[application_id].add(member_id)
    return scores, recused


def application_result(application: Application, plan: SheetPlan | None = None) -> Result:
    plan = plan or sheet_plan(application.round)
    scores, recused = _round_inputs(plan.round, [application.pk])
    return _compute(application, plan, _seats(plan.round), scores[application.pk], recused[application.pk])


def round_results(round: RecognitionRound, applications: Iterable[Application]) -> dict[int, Result]:
    """The result of each of the round's dossiers, in five queries whatever their number."""
    applications = list(applications)
    plan = sheet_plan(round)
    seats = _seats(round)
    scores, recused = _round_inputs(round, [a.pk for a in applications])
    return {a.pk: _compute(a, plan, seats, scores[a.pk], recused[a.pk]) for a in applications}


def recompute(application: Application, plan: SheetPlan | None = None) -> Result:
    """Write the dossier's result (score_average, "điểm xét chọn") and the number of members counted in it."""
    result = application_result(application, plan)
    application.score_average = result.value
    application.score_count = result.count
    application.save(update_fields=["score_average", "score_count", "updated_at"])
    return result


def member_totals(application: Application) -> dict[int, Decimal]:
    """Each counted member's total for one dossier (their part under SUM_ASSIGNED)."""
    return {m.seat.pk: m.total for m in application_result(application).members if m.counted}


def result_breakdown(application: Application) -> Result:
    """The dossier's result with each member's part, per criterion. For the city's staff and the council's chair
    only (permissions.can_read_score_breakdown); other members see their own sheet."""
    return application_result(application)


# ---------------------------------------------------------------- closing scoring and the ranking


def _sort_key(result: Result, plan: SheetPlan, tie_break: str):
    application = result.application
    submitted = application.submitted_at
    key: list = [-(result.value or Decimal(0))]
    if tie_break == TieBreak.CRITERIA_ORDER:
        key.extend(-p for p in result.top_parts(plan))
    key.extend([submitted is None, submitted or datetime.datetime.min.replace(tzinfo=datetime.UTC), application.pk])
    return key


def rankable(round: RecognitionRound):
    return Application.objects.filter(round=round, status__in=RANKED_STATUSES).select_related("product", "enterprise")


def ordered_results(round: RecognitionRound) -> list[Result]:
    """The round's dossiers with a result, best first, by score and the round's tie-break (no two equal)."""
    applications = list(rankable(round).filter(score_average__isnull=False))
    results = round_results(round, applications)
    plan = sheet_plan(round)
    return sorted(
        (r for r in results.values() if r.value is not None), key=lambda r: _sort_key(r, plan, round.tie_break)
    )


def scoring_blockers(round: RecognitionRound) -> list[str]:
    """Why the chair cannot close scoring yet: a dossier is still under the staff's review (the ranking covers the
    whole round), or a dossier being scored still has a criterion no valid member scored."""
    plan = sheet_plan(round)
    problems = rule_errors(round, plan)
    pending = Application.objects.filter(round=round, status__in=BEFORE_COUNCIL).count()
    if pending:
        problems.append(
            _(
                "Còn %(count)s hồ sơ đang được Sở Công Thương thẩm định, chưa chuyển hội đồng: bảng xếp hạng phải gồm "
                "mọi hồ sơ của đợt."
            )
            % {"count": pending}
        )
    scoring = list(rankable(round).filter(status=S.COUNCIL_SCORING).order_by("product__name", "id"))
    for result in round_results(round, scoring).values():
        if result.unscored:
            problems.append(
                _("Hồ sơ “%(product)s” còn tiêu chí chưa được thành viên nào chấm: %(names)s.")
                % {
                    "product": result.application.product.name,
                    "names": "; ".join(c.name for c in result.unscored),
                }
            )
    return problems


def scoring_close(*, actor, round: RecognitionRound) -> list[Application]:
    """The chair ends the council's scoring: the result of each dossier is final and the ranking is fixed."""
    with transaction.atomic():
        locked = RecognitionRound.objects.select_for_update().get(pk=round.pk)
        permissions.require(permissions.is_council_chair(actor, locked))
        if locked.scoring_closed_at is not None:
            raise ValidationError(_("Hội đồng đã kết thúc chấm điểm đợt này."))
        # Every dossier of the round is locked too, so that no sheet is saved while the ranking is fixed.
        list(Application.objects.select_for_update().filter(round=locked).values_list("pk", flat=True))
        problems = scoring_blockers(locked)
        if problems:
            raise ValidationError(problems)
        for application in rankable(locked).filter(status=S.COUNCIL_SCORING):
            recompute(application)
        ordered = ordered_results(locked)
        if not ordered:
            raise ValidationError(_("Chưa có hồ sơ nào có kết quả chấm điểm để xếp hạng."))
        Application.objects.filter(round=locked).update(rank=None)
        ranked = []
        for position, result in enumerate(ordered, start=1):
            application = result.application
            application.rank = position
            application.save(update_fields=["rank"])
            ranked.append(application)
        locked.scoring_closed_at = timezone.now()
        locked.scoring_closed_by = actor
        locked.save(update_fields=["scoring_closed_at", "scoring_closed_by"])
        RoundEvent.objects.create(
            round=locked,
            kind=RoundEvent.Kind.SCORING_CLOSED,
            actor=actor,
            note=_("%(count)s hồ sơ được xếp hạng. %(rule)s.")
            % {"count": len(ranked), "rule": TieBreak(locked.tie_break).label},
        )
    round.scoring_closed_at, round.scoring_closed_by = locked.scoring_closed_at, actor
    return ranked


def ranking(round: RecognitionRound) -> list[Application]:
    """The round's ranked dossiers in rank order (fixed when the chair closed scoring)."""
    return list(
        Application.objects.filter(round=round, rank__isnull=False)
        .select_related("product", "enterprise", "round")
        .order_by("rank")
    )


def top_candidates(round: RecognitionRound):
    """The dossiers the Top may be chosen from: ranked, at or above the pass mark, still standing."""
    return (
        Application.objects.filter(
            round=round, rank__isnull=False, score_average__gte=round.pass_threshold, status__in=RANKED_STATUSES
        )
        .select_related("product", "enterprise")
        .order_by("rank")
    )


def top_mark(
    *,
    actor,
    round: RecognitionRound,
    applications: Iterable[Application],
    decision_number: str,
    decision_date: datetime.date,
    today: datetime.date | None = None,
) -> list[Application]:
    """Staff of the city record the Top (sản phẩm tiêu biểu) named by a decision, from the ranking. Marking again
    replaces the earlier list, and is recorded again."""
    permissions.require_round_editor(actor, round)
    today = today or timezone.localdate()
    number = (decision_number or "").strip()
    if not number:
        raise ValidationError({"decision_number": _("Vui lòng nhập số văn bản công bố sản phẩm tiêu biểu.")})
    if len(number) > DECISION_NUMBER_MAX:
        raise ValidationError({"decision_number": _("Số văn bản không quá %(n)s ký tự.") % {"n": DECISION_NUMBER_MAX}})
    if decision_date is None:
        raise ValidationError({"decision_date": _("Vui lòng nhập ngày văn bản.")})
    try:
        validate_date_in_range(decision_date)
    except ValidationError as exc:
        raise ValidationError({"decision_date": exc.messages}) from exc
    if decision_date > today:
        raise ValidationError({"decision_date": _("Ngày văn bản không được ở tương lai.")})
    ids = {a if isinstance(a, int) else a.pk for a in applications}
    with transaction.atomic():
        locked = RecognitionRound.objects.select_for_update().get(pk=round.pk)
        if locked.scoring_closed_at is None:
            raise ValidationError(_("Chỉ ghi nhận sản phẩm tiêu biểu sau khi chủ tịch hội đồng kết thúc chấm điểm."))
        if not ids:
            raise ValidationError({"applications": _("Vui lòng chọn ít nhất một sản phẩm từ bảng xếp hạng.")})
        if len(ids) > locked.top_size:
            raise ValidationError(
                {
                    "applications": _("Đợt này chọn tối đa %(n)s sản phẩm tiêu biểu (đã chọn %(chosen)s).")
                    % {"n": locked.top_size, "chosen": len(ids)}
                }
            )
        chosen = list(top_candidates(locked).filter(pk__in=ids))
        if len(chosen) != len(ids):
            raise ValidationError(
                {
                    "applications": _("Chỉ chọn được hồ sơ đã xếp hạng của đợt này, đạt từ %(threshold)s điểm trở lên.")
                    % {"threshold": format_number(locked.pass_threshold)}
                }
            )
        Application.objects.filter(round=locked).exclude(pk__in=ids).update(in_top=False)
        Application.objects.filter(pk__in=ids).update(in_top=True)
        locked.top_decision_number = number
        locked.top_decision_date = decision_date
        locked.top_recorded_at = timezone.now()
        locked.top_recorded_by = actor
        locked.save(update_fields=["top_decision_number", "top_decision_date", "top_recorded_at", "top_recorded_by"])
        RoundEvent.objects.create(
            round=locked,
            kind=RoundEvent.Kind.TOP_MARKED,
            actor=actor,
            note=_("Văn bản số %(number)s ngày %(date)s: %(count)s sản phẩm (hạng %(ranks)s).")
            % {
                "number": number,
                "date": decision_date.strftime("%d/%m/%Y"),
                "count": len(chosen),
                "ranks": ", ".join(str(a.rank) for a in chosen),
            },
        )
    for name in ("top_decision_number", "top_decision_date", "top_recorded_at", "top_recorded_by"):
        setattr(round, name, getattr(locked, name))
    for application in chosen:
        application.in_top = True
    return chosen
