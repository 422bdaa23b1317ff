"""Pages every party to an application reaches through the same scoped lookup: the dossier, its documents,
its workflow actions and its certificate."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from products import selectors, services, workflow
from products.certificates import render_certificate_pdf
from products.forms import ApplicationEditForm, DocumentUploadForm, OpenCommentForm, TransitionForm
from products.models import Application
from programs.uploads import download_name

from ._common import error_text

S = Application.Status


def _available_transitions(role: str | None, application: Application) -> list[tuple[str, str]]:
    if role is None:
        return []
    # Recognition goes through the round's decision, which also creates the certificate.
    targets = [t for t in workflow.targets_for(application.status, role) if t != S.RECOGNISED]
    return [(t, S(t).label) for t in targets]


@login_required
def application_detail(request, public_id):
    application = selectors.get_application_for_user(request.user, public_id)
    role = services.role_of(request.user, application)
    context = {
        "application": application,
        "role": role,
        "slots": selectors.document_slots(application),
        "events": selectors.application_events(application),
        "transitions": _available_transitions(role, application),
        "transition_form": TransitionForm(),
        "recognition": getattr(application, "recognition", None) if application.status == S.RECOGNISED else None,
    }
    if role == workflow.ENTERPRISE and application.is_editable_by_enterprise:
        context["upload_form"] = DocumentUploadForm(round=application.round)
        context["edit_form"] = ApplicationEditForm(instance=application)
        context["missing"] = services.missing_document_types(application)
    if role == workflow.STAFF:
        context["comments"] = selectors.application_comments(application)
        if application.status == S.COUNCIL_SCORING:
            context["open_comment_form"] = OpenCommentForm()
    return render(request, "products/application_detail.html", context)


@login_required
@require_POST
def application_transition(request, public_id):
    application = selectors.get_application_for_user(request.user, public_id)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Trạng thái không hợp lệ."))
        return redirect("products:application_detail", public_id=public_id)
    try:
        services.application_transition(
            actor=request.user,
            application=application,
            to_status=form.cleaned_data["to_status"],
            note=form.cleaned_data["note"],
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request, _("Hồ sơ đã chuyển sang “%(status)s”.") % {"status": S(form.cleaned_data["to_status"]).label}
        )
    return redirect("products:application_detail", public_id=public_id)


@login_required
def document_download(request, public_id, document_id):
    document = selectors.get_document_for_user(request.user, public_id, document_id)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=download_name(document.original_name, "tai-lieu"),
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def certificate_pdf(request, public_id):
    recognition = selectors.get_recognition_for_user(request.user, public_id)
    verify_url = request.build_absolute_uri(reverse("products:verify", kwargs={"public_id": recognition.public_id}))
    pdf = render_certificate_pdf(recognition, verify_url)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"giay-chung-nhan-{recognition.certificate_number.replace('/', '-')}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def application_open_comment(request, public_id):
    application = selectors.get_application_for_user(request.user, public_id)
    form = OpenCommentForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("products:application_detail", public_id=public_id)
    try:
        services.application_open_comment(actor=request.user, application=application, **form.cleaned_data)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã công bố kết quả để lấy ý kiến."))
    return redirect("products:application_detail", public_id=public_id)
