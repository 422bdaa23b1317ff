"""Department staff's pages: the enterprise list and records, and verifying enterprise accounts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core import permissions
from core.confirm import is_confirmed, render_confirmation
from core.listing import list_context
from core.permissions import staff_required, workspace_required
from enterprises import selectors, services
from enterprises.filters import StaffEnterpriseFilter
from enterprises.forms import NewEnterpriseForm, RejectAccountForm, StaffEnterpriseForm
from enterprises.views.errors import add_service_errors

ENTERPRISES_PER_PAGE = 30


@workspace_required
def staff_list(request):
    queryset = selectors.staff_enterprise_list(request.user)
    filterset = StaffEnterpriseFilter(request.GET, queryset=queryset)
    return render(request, "enterprises/staff_list.html", list_context(request, filterset, ENTERPRISES_PER_PAGE))


@workspace_required
def staff_detail(request, public_id):
    enterprise = get_object_or_404(selectors.enterprise_details_for_user(request.user), public_id=public_id)
    context = {
        "enterprise": enterprise,
        "accounts": selectors.enterprise_accounts(enterprise),
        "can_edit": permissions.can_edit_enterprise(request.user, enterprise),
    }
    return render(request, "enterprises/staff_detail.html", context)


def _render_form(request, form, enterprise=None):
    return render(request, "enterprises/staff_form.html", {"form": form, "enterprise": enterprise})


@staff_required
@require_http_methods(["GET", "POST"])
def staff_create(request):
    form = StaffEnterpriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.enterprise_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm doanh nghiệp %(name)s.") % {"name": enterprise.name})
            return redirect("enterprises:staff_detail", public_id=enterprise.public_id)
    return _render_form(request, form)


@staff_required
@require_http_methods(["GET", "POST"])
def staff_edit(request, public_id):
    enterprise = get_object_or_404(selectors.enterprises_visible_to(request.user), public_id=public_id)
    if not permissions.can_edit_enterprise(request.user, enterprise):
        raise PermissionDenied  # officials read the record, only not change it
    initial = {name: getattr(enterprise, name) for name in services.WRITABLE_FIELDS}
    form = StaffEnterpriseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            services.enterprise_update(actor=request.user, enterprise=enterprise, **changed)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu hồ sơ doanh nghiệp."))
            return redirect("enterprises:staff_detail", public_id=enterprise.public_id)
    return _render_form(request, form, enterprise)


# --- Account verification ----------------------------------------------------------------------------


def _verify_page(request, *, new_forms=None, reject_forms=None):
    requests = selectors.pending_account_requests(request.user)
    new_forms, reject_forms = new_forms or {}, reject_forms or {}
    for account_request in requests:
        key = account_request.public_id
        account_request.new_form = new_forms.get(key) or NewEnterpriseForm(prefix=str(key))
        account_request.reject_form = reject_forms.get(key) or RejectAccountForm(prefix=f"r-{key}")
    return render(request, "enterprises/verify_accounts.html", {"requests": requests})


@staff_required
def verify_accounts(request):
    return _verify_page(request)


@staff_required
@require_POST
def account_verify(request, public_id):
    account_request = get_object_or_404(selectors.account_requests_for_reviewer(request.user), public_id=public_id)
    form = NewEnterpriseForm(request.POST, prefix=str(public_id))
    if form.is_valid():
        new_enterprise = {name: value for name, value in form.cleaned_data.items() if value}
        # Without an enterprise to link to, the service refuses and says what is missing: nothing to confirm.
        if not is_confirmed(request):
            registered = _registered_enterprise(request, account_request)
            if registered or new_enterprise:
                return _confirm_verify(request, account_request, registered, new_enterprise)
        try:
            enterprise = services.account_verify(
                actor=request.user, user=account_request.user, new_enterprise=new_enterprise or None
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã xác minh tài khoản %(email)s cho doanh nghiệp %(name)s.")
                % {"email": account_request.user.email, "name": enterprise.name},
            )
            return redirect("enterprises:verify_accounts")
    return _verify_page(request, new_forms={public_id: form})


@staff_required
@require_POST
def account_reject(request, public_id):
    account_request = get_object_or_404(selectors.account_requests_for_reviewer(request.user), public_id=public_id)
    form = RejectAccountForm(request.POST, prefix=f"r-{public_id}")
    # A valid reason is confirmed first; a reason emptied on the confirmation page is asked for there again.
    if form.is_valid() != is_confirmed(request):
        return _confirm_reject(request, account_request, form)
    if form.is_valid():
        try:
            services.account_reject(actor=request.user, user=account_request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã từ chối tài khoản %(email)s.") % {"email": account_request.user.email})
            return redirect("enterprises:verify_accounts")
    return _verify_page(request, reject_forms={public_id: form})


def _account_summary(account_request) -> list[tuple[str, object]]:
    user = account_request.user
    return [
        (_("Tài khoản"), f"{user.get_full_name() or user.username} — {user.email}"),
        (_("Mã số thuế đăng ký"), account_request.tax_code),
    ]


def _registered_enterprise(request, account_request):
    """The registered enterprise of the request's tax code, as the verification page shows it (or None)."""
    pending = selectors.pending_account_requests(request.user)
    return next((r.enterprise for r in pending if r.pk == account_request.pk), None)


def _confirm_verify(request, account_request, registered, new_enterprise: dict):
    if registered:
        target = registered.name
        created = []
    else:
        target = _("Hồ sơ mới: %(name)s") % {"name": new_enterprise.get("name", account_request.tax_code)}
        created = [
            _("Một hồ sơ doanh nghiệp mới được tạo với mã số thuế %(code)s và thông tin bạn đã nhập.")
            % {"code": account_request.tax_code}
        ]
    return render_confirmation(
        request,
        title=_("Xác minh và liên kết tài khoản"),
        subject=account_request.user.email,
        summary=[*_account_summary(account_request), (_("Doanh nghiệp"), target)],
        consequences=[
            *created,
            _(
                "Tài khoản được liên kết với doanh nghiệp: người dùng xem và cập nhật được hồ sơ doanh nghiệp, "
                "đăng ký và nộp hồ sơ xét chọn sản phẩm thay doanh nghiệp."
            ),
            _("Người đăng ký nhận email thông báo. Việc xác minh không hoàn tác được trên cổng."),
        ],
        confirm_label=_("Xác minh và liên kết"),
        cancel_url=reverse("enterprises:verify_accounts"),
    )


def _confirm_reject(request, account_request, form):
    return render_confirmation(
        request,
        title=_("Từ chối tài khoản"),
        subject=account_request.user.email,
        summary=_account_summary(account_request),
        consequences=[
            _("Yêu cầu tài khoản bị từ chối và không được liên kết với doanh nghiệp nào."),
            _("Người đăng ký nhận email kèm lý do ghi dưới đây. Quyết định không hoàn tác được."),
        ],
        confirm_label=_("Từ chối tài khoản"),
        cancel_url=reverse("enterprises:verify_accounts"),
        form=form,
        danger=True,
    )
