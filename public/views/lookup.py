"""Tra cứu hồ sơ: anyone with a dossier's code and its enterprise's tax code reads its stage and dates, without
signing in (products.dossier.dossier_lookup answers; this page only parses and renders)."""

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.clientip import client_ip
from products import dossier
from products.forms import DossierLookupForm


@never_cache
@require_http_methods(["GET", "POST"])
def dossier_lookup(request):
    form = DossierLookupForm(request.POST or None)
    answer, searched, status, retry_after = None, False, 200, None
    if request.method == "POST" and form.is_valid():
        try:
            answer = dossier.dossier_lookup(
                code=form.cleaned_data["code"],
                tax_code=form.cleaned_data["tax_code"],
                client_address=client_ip(request),
            )
        except dossier.LookupRateLimited as exc:
            form.add_error(None, exc.messages[0])
            status, retry_after = 429, exc.retry_after
        except ValidationError as exc:
            form.add_error("tax_code", exc.messages)
        else:
            searched = True
    response = render(
        request,
        "public/dossier_lookup.html",
        {"form": form, "answer": answer, "searched": searched},
        status=status,
    )
    if retry_after is not None:
        response["Retry-After"] = str(retry_after)
    return response
