"""The enterprise account sign-up: anyone may ask for an account, which staff then verify."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from enterprises import services
from enterprises.forms import SignupForm
from enterprises.views.errors import add_service_errors


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
