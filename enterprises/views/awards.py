"""Staff of the enterprise's city record its awards: Thương hiệu Vàng TP.HCM with its year, category and decision,
or another award by name (enterprises.services.award_record)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import permissions
from core.confirm import is_confirmed, render_confirmation
from core.permissions import staff_required
from enterprises import selectors, services
from enterprises.forms import AwardForm
from enterprises.models import Award
from enterprises.views.errors import add_service_errors


def _editable_enterprise(request, public_id):
    enterprise = get_object_or_404(selectors.enterprises_visible_to(request.user), public_id=public_id)
    if not permissions.can_edit_enterprise(request.user, enterprise):
        raise PermissionDenied
    return enterprise


@staff_required
@require_http_methods(["GET", "POST"])
def award_add(request, public_id):
    enterprise = _editable_enterprise(request, public_id)
    form = AwardForm(request.POST or None, initial={"kind": Award.Kind.GOLDEN_BRAND_HCMC})
    if request.method == "POST" and form.is_valid():
        try:
            award = services.award_record(actor=request.user, enterprise=enterprise, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Đã ghi nhận giải thưởng %(name)s (%(year)s).") % {"name": award.name, "year": award.year}
            )
            return redirect("enterprises:staff_detail", public_id=enterprise.public_id)
    awards = enterprise.awards.order_by("-year", "name")
    return render(request, "enterprises/award_form.html", {"enterprise": enterprise, "form": form, "awards": awards})


@staff_required
@require_POST
def award_remove(request, public_id, award_id: int):
    enterprise = _editable_enterprise(request, public_id)
    award = get_object_or_404(enterprise.awards, pk=award_id)
    back = reverse("enterprises:award_add", kwargs={"public_id": enterprise.public_id})
    if not is_confirmed(request):
        return render_confirmation(
            request,
            title=_("Xóa giải thưởng"),
            subject=f"{award.name} ({award.year})",
            summary=[(_("Doanh nghiệp"), enterprise.name)],
            consequences=[_("Giải thưởng không còn hiện trên trang công khai của doanh nghiệp.")],
            confirm_label=_("Xóa giải thưởng"),
            cancel_url=back,
            danger=True,
        )
    services.award_remove(actor=request.user, award=award)
    messages.success(request, _("Đã xóa giải thưởng."))
    return redirect(back)
