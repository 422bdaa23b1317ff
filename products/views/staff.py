"""Department staff: the applications of their city's rounds and the round's decision."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.confirm import is_confirmed, render_confirmation
from core.listing import filtered_rows, paginate, query_without_page
from core.permissions import staff_required
from products import selectors, services
from products.filters import StaffApplicationFilter
from products.forms import ConflictRecordForm, DecisionForm
from products.models import Application

from ._common import error_text
from .shared import application_or_404, application_summary

APPLICATIONS_PER_PAGE = 25


@staff_required
def staff_applications(request):
    application_filter = StaffApplicationFilter(
        request.GET or None, queryset=selectors.staff_applications(request.user)
    )
    rounds = selectors.staff_rounds(request.user)
    application_filter.form.fields["round"].queryset = rounds
    return render(
        request,
        "products/staff_applications.html",
        {
            "filter": application_filter,
            "page_obj": paginate(request, filtered_rows(application_filter), APPLICATIONS_PER_PAGE),
            "query": query_without_page(request),
            "rounds": rounds,
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_round(request, round_id: int):
    round = get_object_or_404(selectors.staff_rounds(request.user), pk=round_id)
    form = DecisionForm(request.POST or None)
    applications = selectors.staff_applications(request.user).filter(round=round)
    if request.method == "POST" and form.is_valid() and not is_confirmed(request):
        # The dossiers the decision will settle, as round_decide picks them; with none, it says so itself.
        pending = selectors.applications_due_for_decision(
            round, timezone.localdate(), decision_date=form.cleaned_data["decision_date"]
        ).select_related("product", "enterprise", "round")
        if pending:
            return _confirm_decision(request, round, form, pending)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.round_decide(actor=request.user, round=round, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(
                request,
                _("Đã ra quyết định: %(ok)d sản phẩm được công nhận, %(ko)d hồ sơ không đạt.")
                % {"ok": len(outcome.recognised), "ko": len(outcome.rejected)},
            )
            return redirect("products:staff_round", round_id=round.id)
    return render(
        request,
        "products/staff_round.html",
        {
            "round": round,
            "form": form,
            "applications": applications,
            "criteria": round.criteria.all(),
            "criteria_total": services.criteria_total(round),
            "council": round.council_members.select_related("user"),
            "Status": Application.Status,
        },
    )


def _confirm_decision(request, round, form, pending):
    data = form.cleaned_data
    return render_confirmation(
        request,
        title=_("Ra quyết định công nhận"),
        subject=f"{round.title} — {round.program.city.name}",
        summary=[
            (_("Số quyết định"), data["decision_number"]),
            (_("Ngày quyết định"), date_format(data["decision_date"], "SHORT_DATE_FORMAT")),
            (_("Số hồ sơ được quyết định"), len(pending)),
        ],
        consequences=[
            _(
                "Mọi hồ sơ dưới đây đã hết thời gian lấy ý kiến được quyết định cùng lúc: hồ sơ đạt điểm được công "
                "nhận và cấp giấy chứng nhận mang số quyết định này; hồ sơ không đạt bị kết luận không công nhận."
            ),
            _("Doanh nghiệp nhận email về kết quả. Quyết định không sửa hay hủy được trên cổng."),
        ],
        confirm_label=_("Ra quyết định"),
        cancel_url=reverse("products:staff_round", kwargs={"round_id": round.id}),
        template="products/confirm_decision.html",
        extra={"pending": pending, "round": round},
    )


@staff_required
@require_POST
def conflict_record(request, public_id):
    """Record a council member's conflict of interest found after scoring, confirmed first: it stays on the
    dossier, and the result stands as the council scored it."""
    application = application_or_404(request.user, public_id)
    detail_url = reverse("products:application_detail", kwargs={"public_id": application.public_id})
    form = ConflictRecordForm(request.POST, round=application.round)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(detail_url)
    if not is_confirmed(request):
        member = form.cleaned_data["member"]
        return render_confirmation(
            request,
            title=_("Ghi nhận xung đột lợi ích"),
            subject=application.product.name,
            summary=[
                *application_summary(application),
                (_("Thành viên hội đồng"), member.user.get_full_name() or member.user.username),
            ],
            consequences=[
                _(
                    "Xung đột lợi ích được ghi vào hồ sơ cùng lý do, người ghi nhận và thời điểm ghi nhận, và không "
                    "rút lại được."
                ),
                _(
                    "Hội đồng đã chấm xong: phiếu chấm của thành viên này được giữ nguyên và điểm trung bình đã công "
                    "bố không thay đổi. Trang hồ sơ ghi rõ kết quả được chấm có phiếu của thành viên này."
                ),
            ],
            confirm_label=_("Ghi nhận xung đột lợi ích"),
            cancel_url=detail_url,
            form=form,
            danger=True,
        )
    try:
        services.conflict_record(actor=request.user, application=application, **form.cleaned_data)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã ghi nhận xung đột lợi ích vào hồ sơ."))
    return redirect(detail_url)
