"""Department staff: the applications of their city's rounds and the round's decision."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from products import selectors, services
from products.filters import StaffApplicationFilter
from products.forms import DecisionForm
from products.models import Application
from programs.access import staff_required

from ._common import error_text, paginate, query_without_page


@staff_required
def staff_applications(request):
    application_filter = StaffApplicationFilter(
        request.GET or None, queryset=selectors.staff_applications(request.user)
    )
    application_filter.form.fields["round"].queryset = selectors.staff_rounds(request.user)
    return render(
        request,
        "products/staff_applications.html",
        {
            "filter": application_filter,
            "page_obj": paginate(request, application_filter.qs),
            "query": query_without_page(request),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_round(request, round_id: int):
    round = selectors.get_round_for_staff(request.user, round_id)
    form = DecisionForm(request.POST or None)
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
    applications = selectors.staff_applications(request.user).filter(round=round)
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
