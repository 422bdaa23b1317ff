"""The enterprise's own profile, for its verified users."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.permissions import enterprise_account_required, enterprise_required
from enterprises import selectors, services
from enterprises.forms import EnterpriseProfileForm
from enterprises.views.errors import add_service_errors


@enterprise_account_required
def profile(request):
    """The user's enterprise; before verification, where their account request stands."""
    enterprise = selectors.get_own_enterprise(request.user)
    if enterprise is None:
        account_request = selectors.account_request_of(request.user)
        return render(request, "enterprises/account_pending.html", {"account_request": account_request})
    return render(request, "enterprises/profile.html", {"enterprise": enterprise})


@enterprise_required
@require_http_methods(["GET", "POST"])
def profile_edit(request, public_id):
    enterprise = get_object_or_404(selectors.enterprises_visible_to(request.user), public_id=public_id)
    initial = {name: getattr(enterprise, name) for name in services.ENTERPRISE_EDITABLE_FIELDS}
    form = EnterpriseProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.enterprise_update(actor=request.user, enterprise=enterprise, **changed)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu hồ sơ doanh nghiệp."))
            return redirect("enterprises:profile")
    return render(request, "enterprises/profile_edit.html", {"form": form, "enterprise": enterprise})
