"""Selection council members: their rounds, each application's score sheet (the criteria assigned to them, with
the suggested scores), conflict declarations; the chair's view of each member's part and the end of scoring."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.confirm import is_confirmed, render_confirmation
from core.permissions import can_read_score_breakdown, is_council_chair
from products import dossier, scoring, selectors, services
from products.forms import ConflictForm, ScoreSheetForm, ScoringCloseForm
from products.models import Application

from ._common import error_text
from .shared import application_summary


@login_required
def council_rounds(request):
    return render(request, "products/council_rounds.html", {"seats": selectors.council_seats(request.user)})


@login_required
def council_round(request, round_id: int):
    seat = _council_seat(request, round_id)
    round = seat.round
    plan = scoring.sheet_plan(round)
    applications = list(selectors.council_round_applications(seat))
    context = {
        "seat": seat,
        "round": round,
        "applications": applications,
        "assignment": _assignment(plan, seat),
        # The user's own seat says whether they chair the council: no query.
        "is_chair": seat.role == seat.Role.CHAIR,
        "closed": round.scoring_closed_at is not None,
    }
    if context["is_chair"]:
        results = scoring.round_results(round, applications)
        context["results"] = [results[a.pk] for a in applications]
        context["blockers"] = [] if context["closed"] else scoring.scoring_blockers(round)
        context["close_form"] = ScoringCloseForm()
    return render(request, "products/council_round.html", context)


def _assignment(plan, seat) -> dict:
    """The criteria the seat scores and those others score, each with who scores it."""
    # Only named assignments need the seats' names.
    seats = {s.pk: s for s in seat.round.council_members.select_related("user")} if plan.has_assignments else {}
    mine = {c.pk for c in scoring.seat_criteria(seat, plan)}
    return {
        "mine": [c for c in plan.leaves if c.pk in mine],
        "others": [(c, scoring.assignee_label(plan, c, seats)) for c in plan.leaves if c.pk not in mine],
        "plan": plan,
    }


def _council_seat(request, round_id: int):
    """The user's seat on the round's council; 404 for a round they do not sit on, as for a missing one."""
    return get_object_or_404(selectors.council_seats(request.user), round_id=round_id)


def _council_application(request, round_id: int, public_id) -> tuple:
    seat = _council_seat(request, round_id)
    return seat, get_object_or_404(selectors.council_applications(seat), public_id=public_id)


@login_required
@require_http_methods(["GET", "POST"])
def council_score(request, round_id: int, public_id):
    seat, application = _council_application(request, round_id, public_id)
    plan = scoring.sheet_plan(application.round)
    criteria = scoring.seat_criteria(seat, plan)
    facts = scoring.dossier_facts(application)
    form = ScoreSheetForm(
        request.POST or None,
        criteria=criteria,
        initial_points=selectors.member_sheet(seat, application),
        suggestions={c.pk: scoring.suggest(c, application, facts) for c in criteria},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.council_scores_save(actor=request.user, application=application, points=form.points())
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Đã lưu phiếu chấm điểm."))
            return redirect("products:council_round", round_id=round_id)
    return render(
        request,
        "products/council_score.html",
        {
            "seat": seat,
            "application": application,
            "form": form,
            "conflict_form": ConflictForm(),
            "recused": application.conflicts.filter(member=seat, after_scoring=False).exists(),
            "can_score": application.status == Application.Status.COUNCIL_SCORING
            and application.round.scoring_closed_at is None,
            "closed": application.round.scoring_closed_at is not None,
            "slots": selectors.document_slots(application),
            "groups": form.groups(plan),
            # The figures the suggestions read: the three years before the round, the systems valid then.
            "figure_rows": [(year, facts.figures.get(year)) for year in dossier.figure_years(application.round)],
            "valid_systems": facts.valid_systems,
            "assignment": _assignment(plan, seat),
            "breakdown": scoring.result_breakdown(application)
            if can_read_score_breakdown(request.user, application.round)
            else None,
        },
    )


@login_required
@require_POST
def council_close(request, round_id: int):
    """The chair ends the council's scoring, confirmed first: the results are final and the ranking is fixed."""
    seat = _council_seat(request, round_id)
    round = seat.round
    if not is_council_chair(request.user, round):
        raise PermissionDenied
    round_url = reverse("products:council_round", kwargs={"round_id": round_id})
    if not is_confirmed(request):
        return render_confirmation(
            request,
            title=_("Kết thúc chấm điểm"),
            subject=round.title,
            summary=[
                (_("Cách tính điểm"), round.get_scoring_rule_display()),
                (_("Cách xếp hạng khi bằng điểm"), round.get_tie_break_display()),
            ],
            consequences=[
                _("Điểm xét chọn của từng hồ sơ được chốt; thành viên không sửa phiếu chấm được nữa."),
                _("Bảng xếp hạng của đợt được lập theo điểm và cách xếp hạng khi bằng điểm ghi trên."),
                _("Việc kết thúc chấm điểm được ghi vào lịch sử của đợt và không hoàn tác được."),
            ],
            confirm_label=_("Kết thúc chấm điểm"),
            cancel_url=round_url,
            danger=True,
        )
    try:
        ranked = scoring.scoring_close(actor=request.user, round=round)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã kết thúc chấm điểm: %(count)s hồ sơ được xếp hạng.") % {"count": len(ranked)})
    return redirect(round_url)


@login_required
@require_POST
def council_conflict(request, round_id: int, public_id):
    """Declaring a conflict of interest is final: the member's sheet for the dossier is deleted with it."""
    _seat, application = _council_application(request, round_id, public_id)
    form = ConflictForm(request.POST)
    score_url = reverse("products:council_score", kwargs={"round_id": round_id, "public_id": application.public_id})
    confirmed = is_confirmed(request)
    if not form.is_valid() and not confirmed:
        messages.error(request, _("Vui lòng ghi rõ lý do xung đột lợi ích."))
        return redirect(score_url)
    if not (confirmed and form.is_valid()):
        return render_confirmation(
            request,
            title=_("Khai báo xung đột lợi ích"),
            subject=application.product.name,
            summary=application_summary(application)[:3],
            consequences=[
                _(
                    "Bạn không chấm điểm hồ sơ này; nếu đã chấm, phiếu chấm của bạn bị xóa và điểm xét chọn của "
                    "hồ sơ được tính lại từ phiếu của các thành viên khác."
                ),
                _("Khai báo được lưu cùng lý do ghi dưới đây và không rút lại được."),
            ],
            confirm_label=_("Khai báo và không chấm hồ sơ này"),
            cancel_url=score_url,
            form=form,
            danger=True,
        )
    try:
        services.conflict_declare(actor=request.user, application=application, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect(score_url)
    messages.success(request, _("Đã ghi nhận khai báo xung đột lợi ích; bạn không chấm hồ sơ này."))
    return redirect("products:council_round", round_id=round_id)
