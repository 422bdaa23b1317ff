"""Pages anyone may open: the registry of recognised products and its downloads, certificate verification, and
the rounds whose result is published for comment (each round's page, with its comment form, is
public/views/round_result.py)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from core.listing import export_filtered, filtered_rows, paginate, query_without_page
from products import comments, exports, selectors
from products.filters import RegistryFilter
from products.forms import VerifyForm

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
            "status_change": selectors.latest_status_change(recognition) if recognition is not None else None,
            "searched": public_id is not None or form.is_bound,
            "today": timezone.localdate(),
        },
    )


def public_comments(request):
    """The rounds whose result list is published for comment (the comments are taken on each round's page)."""
    today = timezone.localdate()
    rounds = [(round, comments.comments_open(round, today)) for round in selectors.published_rounds()[:50]]
    return render(request, "public/public_comments.html", {"rounds": rounds})


def public_comment(request, public_id):
    """The former page of one dossier open for comment: comments are now taken on the round's published result."""
    application = get_object_or_404(selectors.applications_in_public_comment(), public_id=public_id)
    return redirect(reverse("public:round_result", kwargs={"round_id": application.round_id}))
