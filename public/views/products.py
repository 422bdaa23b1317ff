"""Pages anyone may open: the registry of recognised products and its downloads, certificate verification, and
the dossiers open for public comment, with the comment form (stored by products.services)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.clientip import client_ip
from core.listing import export_filtered, filtered_rows, paginate, query_without_page
from products import exports, selectors, services
from products.comment_limit import CommentRateLimited
from products.filters import RegistryFilter
from products.forms import PublicCommentForm, VerifyForm
from products.views._common import error_text

REGISTRY_PER_PAGE = 25


def registry(request):
    recognition_filter = RegistryFilter(request.GET or None, queryset=selectors.registry_recognitions())
    page = paginate(request, filtered_rows(recognition_filter), REGISTRY_PER_PAGE)
    return render(
        request,
        "public/registry.html",
        {"filter": recognition_filter, "page_obj": page, "query": query_without_page(request)},
    )


@require_GET
def registry_export(request, format):
    """The registry as CSV or XLSX, filtered exactly as the registry page."""
    recognition_filter = RegistryFilter(request.GET or None, queryset=selectors.registry_recognitions())
    return export_filtered(recognition_filter, lambda rows: exports.registry_response(rows, format))


def verify(request, public_id=None):
    """A certificate's public page, reached from the QR code, or by typing its number."""
    form = VerifyForm(request.GET or None)
    recognition = None
    if public_id is not None:
        recognition = selectors.get_recognition_for_verification(public_id=public_id)
        if recognition is None:
            raise Http404
    elif form.is_valid():
        # An unknown number is an answer on this page, not an error page.
        recognition = selectors.get_recognition_for_verification(number=form.cleaned_data["number"])
    return render(
        request,
        "public/verify.html",
        {
            "form": form,
            "recognition": recognition,
            "is_demo": recognition is not None and selectors.recognition_is_demo(recognition),
            "searched": public_id is not None or form.is_bound,
            "today": timezone.localdate(),
        },
    )


def public_comments(request):
    return render(request, "public/public_comments.html", {"applications": selectors.applications_in_public_comment()})


@require_http_methods(["GET", "POST"])
def public_comment(request, public_id):
    application = get_object_or_404(selectors.applications_in_public_comment(), public_id=public_id)
    form = PublicCommentForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        thanks = redirect(reverse("products:public_comment", kwargs={"public_id": application.public_id}))
        if form.is_robot():
            # Answered as a comment would be, so that the robot learns nothing; nothing is stored.
            messages.success(request, _("Cảm ơn bạn, ý kiến đã được ghi nhận."))
            return thanks
        try:
            services.public_comment_add(application=application, client_address=client_ip(request), **form.comment())
        except CommentRateLimited as exc:
            messages.error(request, error_text(exc))
            status = 429
            retry_after = exc.retry_after
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Cảm ơn bạn, ý kiến đã được ghi nhận."))
            return thanks
    response = render(
        request,
        "public/public_comment.html",
        {
            "application": application,
            "form": form,
            "window_open": application.comment_window_open(timezone.localdate()),
        },
        status=status,
    )
    if status == 429:
        response["Retry-After"] = str(retry_after)
    return response
