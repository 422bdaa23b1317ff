"""Pages anyone may see: the enterprise directory and the account sign-up."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from enterprises import selectors, services
from enterprises.filters import PublicEnterpriseFilter
from enterprises.forms import SignupForm
from enterprises.views.errors import add_service_errors
from enterprises.views.paging import paginate


def directory(request):
    filterset = PublicEnterpriseFilter(request.GET, queryset=selectors.public_directory())
    enterprises = filterset.qs if filterset.is_valid() else selectors.public_directory().none()
    page, query = paginate(request, enterprises)
    return render(request, "enterprises/directory.html", {"filter": filterset, "page_obj": page, "query": query})


def public_detail(request, public_id):
    enterprise = selectors.get_public_enterprise(public_id)
    return render(request, "enterprises/public_detail.html", {"enterprise": enterprise})


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("enterprises:profile")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.account_signup(
                email=data["email"],
                tax_code=data["tax_code"],
                password=data["password"],
                full_name=data["full_name"],
                phone=data["phone"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            # The same answer whether or not the address already had an account (the service says which
            # by e-mail to the address's owner, never on the page).
            messages.success(
                request,
                _(
                    "Đã nhận đăng ký. Chúng tôi đã gửi thư đến địa chỉ email bạn nhập; "
                    "vui lòng xem thư để biết bước tiếp theo."
                ),
            )
            return redirect("login")
    return render(request, "enterprises/signup.html", {"form": form})
