from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.accounts import LoginForm, ResetPasswordForm, reset_request_allowed
from portal.health import broker_ok, database_ok
from portal.roles import remember_council_seat, start_page_url


@require_GET
@never_cache
def healthz(request):
    db_up, db_detail = database_ok()
    broker_up, broker_detail = broker_ok()
    status = 200 if db_up and broker_up else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "degraded", "database": db_detail, "broker": broker_detail},
        status=status,
    )


class LoginView(auth_views.LoginView):
    """Django's login, which sends each user to their own start page unless a safe `next` says otherwise."""

    form_class = LoginForm

    def form_valid(self, form):
        response = super().form_valid(form)
        remember_council_seat(self.request)
        return response

    def get_default_redirect_url(self):
        return start_page_url(self.request.user)


@require_GET
@login_required
def start_page(request):
    """The "Trang của tôi" link: the signed-in user's start page. It also refreshes what the navigation offers."""
    remember_council_seat(request)
    return redirect(start_page_url(request.user))


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetPasswordForm

    def form_valid(self, form):
        # Over the limit the answer is the same page, without the e-mail.
        if not reset_request_allowed(self.request, form.cleaned_data["email"]):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
