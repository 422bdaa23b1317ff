"""Department staff: a round's ranking with each member's part, and the Top (sản phẩm tiêu biểu) marked from it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.confirm import is_confirmed, render_confirmation
from core.numbers import format_number
from core.permissions import staff_required
from products import scoring, selectors
from products.forms import TopMarkForm

from ._common import error_text


@staff_required
@require_http_methods(["GET", "POST"])
def round_ranking(request, round_id: int):
    round = get_object_or_404(selectors.staff_rounds(request.user), pk=round_id)
    closed = round.scoring_closed_at is not None
    candidates = scoring.top_candidates(round)
    form = None
    if closed:
        form = TopMarkForm(
            request.POST or None,
            candidates=candidates,
            top_size=round.top_size,
            initial={
                "applications": [a.pk for a in candidates if a.in_top],
                "decision_number": round.top_decision_number,
                "decision_date": round.top_decision_date,
            },
        )
    if request.method == "POST":
        if form is None:
            messages.error(request, _("Chỉ ghi nhận sản phẩm tiêu biểu sau khi chủ tịch hội đồng kết thúc chấm điểm."))
            return redirect("products:round_ranking", round_id=round.id)
        if form.is_valid() and not is_confirmed(request):
            return _confirm_top(request, round, form)
        if form.is_valid():
            try:
                chosen = scoring.top_mark(actor=request.user, round=round, **form.cleaned_data)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(
                    request, _("Đã ghi nhận %(count)s sản phẩm tiêu biểu của đợt.") % {"count": len(chosen)}
                )
                return redirect("products:round_ranking", round_id=round.id)
    if closed:
        ranked = scoring.ranking(round)
        by_id = scoring.round_results(round, ranked)
        rows = [by_id[a.pk] for a in ranked]
    else:
        # Before the chair closes scoring, the order as it stands (tạm xếp), not a ranking.
        rows = scoring.ordered_results(round)
    seats = list(round.council_members.select_related("user").order_by("id"))
    seats.sort(key=lambda s: (s.role != s.Role.CHAIR, s.pk))
    return render(
        request,
        "products/ranking.html",
        {
            "round": round,
            "rows": rows,
            "seats": seats,
            "closed": closed,
            "form": form,
            "plan": scoring.sheet_plan(round),
            "events": round.events.filter(kind__in=("scoring_closed", "top_marked")).select_related("actor"),
        },
    )


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error_text(exc))


def _confirm_top(request, round, form):
    data = form.cleaned_data
    chosen = sorted(data["applications"], key=lambda a: a.rank)
    return render_confirmation(
        request,
        title=_("Ghi nhận sản phẩm tiêu biểu"),
        subject=round.title,
        summary=[
            (_("Số văn bản công bố"), data["decision_number"]),
            (_("Ngày văn bản"), date_format(data["decision_date"], "SHORT_DATE_FORMAT")),
            *[
                (_("Hạng %(rank)s") % {"rank": a.rank}, f"{a.product.name} — {format_number(a.score_average)}")
                for a in chosen
            ],
        ],
        consequences=[
            _("Các sản phẩm trên được ghi là sản phẩm tiêu biểu của đợt, theo văn bản đã nhập."),
            _(
                "Danh sách ghi nhận trước đó (nếu có) được thay bằng danh sách này; lần ghi nhận được lưu vào lịch sử của đợt."
            ),
        ],
        confirm_label=_("Ghi nhận sản phẩm tiêu biểu"),
        cancel_url=reverse("products:round_ranking", kwargs={"round_id": round.id}),
    )
