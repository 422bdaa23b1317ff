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
from products import comments, decision, selectors, services
from products.filters import StaffApplicationFilter
from products.forms import ConflictRecordForm, DecisionForm
from products.models import Application
from programs.models import Signer

from ._common import error_text
from .shared import application_or_404, application_summary

APPLICATIONS_PER_PAGE = 25


@staff_required
def staff_applications(request):
    today = timezone.localdate()
    application_filter = StaffApplicationFilter(
        request.GET or None, queryset=selectors.with_overdue(selectors.staff_applications(request.user), today)
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
            # Dossiers whose stage passed its deadline, with a link to the filter that lists them.
            "overdue_count": selectors.overdue_applications(request.user, today).count(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_round(request, round_id: int):
    """The round's page and its decision: the city UBND's, with its number, date and signer, confirmed first."""
    round = get_object_or_404(selectors.staff_rounds(request.user), pk=round_id)
    body = selectors.recognition_committee(round.program.city_id)
    signers = selectors.active_signers(body) if body is not None else Signer.objects.none()
    form = DecisionForm(request.POST or None, signers=signers) if round.decision_date is None else None
    applications = selectors.staff_applications(request.user).filter(round=round)
    if request.method == "POST" and form is not None and form.is_valid():
        if not is_confirmed(request):
            refusal = decision.decision_refusal(round, form.cleaned_data["decision_date"], timezone.localdate())
            if refusal:
                form.add_error(None, refusal)
            else:
                return _confirm_decision(request, round, form, body)
        else:
            try:
                outcome = decision.round_decide(actor=request.user, round=round, **form.cleaned_data)
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
            "committee": body,
            "applications": applications,
            "criteria": round.criteria.all(),
            "criteria_total": services.criteria_total(round),
            "council": round.council_members.select_related("user"),
            "valid_years": decision.round_valid_years(round),
            "comments_waiting": comments.comments_waiting(round),
            "recognitions": round.recognitions.select_related("product").order_by("certificate_number"),
            "Status": Application.Status,
        },
    )


def _confirm_decision(request, round, form, body):
    data = form.cleaned_data
    pending = list(
        round.applications.filter(status__in=(Application.Status.PUBLIC_COMMENT, Application.Status.COUNCIL_SCORING))
        .select_related("product", "enterprise", "round")
        .order_by("id")
    )
    for application in pending:
        application.is_renewal = not decision.is_first_time(application.product, round)
    years = decision.round_valid_years(round)
    return render_confirmation(
        request,
        title=_("Ra quyết định công nhận"),
        subject=f"{round.title} — {round.program.city.name}",
        summary=[
            (_("Cơ quan quyết định"), body.name),
            (_("Số quyết định"), data["decision_number"]),
            (_("Ngày quyết định"), date_format(data["decision_date"], "SHORT_DATE_FORMAT")),
            (_("Người ký"), f"{data['signer'].full_name} — {data['signer'].position}"),
            (_("Hiệu lực của công nhận"), _("%(n)d năm kể từ ngày quyết định") % {"n": years}),
            (
                _("Quyền sử dụng biểu trưng"),
                _("Có") if data["logo_use_granted"] else _("Không"),
            ),
            (_("Số hồ sơ được quyết định"), len(pending)),
        ],
        consequences=[
            _(
                "Mọi hồ sơ dưới đây được quyết định cùng lúc: hồ sơ đạt điểm trong danh sách đã công bố được công "
                "nhận và cấp giấy chứng nhận mang số quyết định này; hồ sơ không đạt điểm bị kết luận không công nhận."
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
