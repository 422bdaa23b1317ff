"""Pages every party to an application reaches through the same scoped lookup: the dossier, its documents,
its workflow actions and its certificate."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core import permissions
from core.confirm import is_confirmed, render_confirmation
from core.uploads import download_name
from products import dossier, selectors, services, workflow
from products.certificates import render_certificate_pdf
from products.forms import (
    ApplicationEditForm,
    ConflictRecordForm,
    DocumentUploadForm,
    TransitionForm,
)
from products.models import Application, ApplicationDocument

from ._common import error_text

S = Application.Status


def _offered_actions(user, application: Application) -> dict[str, workflow.Action]:
    """The workflow steps this user is offered on the application's page, by target status. A refusal of a
    published result waits, like the round's decision, for the end of its public comment."""
    role = services.role_of(user, application)
    actions = dict(workflow.actions_for(application.status, role)) if role else {}
    if not services.decision_allowed(application, timezone.localdate()):
        actions.pop(S.REJECTED, None)
    return actions


def application_summary(application: Application) -> list[tuple[str, object]]:
    """What a confirmation page repeats about the application it acts on."""
    return [
        (_("Sản phẩm"), application.product.name),
        (_("Doanh nghiệp"), application.enterprise.name),
        (_("Đợt xét chọn"), f"{application.round.title} — {application.round.program.city.name}"),
        (_("Trạng thái hiện tại"), application.get_status_display()),
    ]


def application_or_404(user, public_id) -> Application:
    """The dossier if `user` may open it; 404 otherwise, exactly as for a missing id."""
    return get_object_or_404(selectors.applications_for_user(user), public_id=public_id)


def document_or_404(user, public_id, document_id) -> ApplicationDocument:
    return get_object_or_404(application_or_404(user, public_id).documents, public_id=document_id)


def _latest_event(events, *statuses):
    return next((event for event in reversed(events) if event.to_status in statuses), None)


@login_required
def application_detail(request, public_id):
    application = application_or_404(request.user, public_id)
    role = services.role_of(request.user, application)
    events = list(selectors.application_events(application))
    context = {
        "application": application,
        "role": role,
        "slots": selectors.document_slots(application),
        "events": events,
        # Read first on the page: what the enterprise is asked to supplement, or why the dossier ended.
        "status_event": _latest_event(events, application.status),
        "supplement_request": _latest_event(events, S.SUPPLEMENT_REQUESTED)
        if application.status in (S.SUPPLEMENT_REQUESTED, S.RESUBMITTED)
        else None,
        "transitions": list(_offered_actions(request.user, application).items()),
        "recognition": getattr(application, "recognition", None) if application.status == S.RECOGNISED else None,
        # The dossier's figures by year, its certifications, and whether its stage is overdue (products/dossier.py).
        "figure_rows": _figure_rows(application),
        "certifications": _claimed_certifications(application),
        "overdue": dossier.is_overdue(application, timezone.localdate()),
    }
    if role == workflow.ENTERPRISE and application.is_editable_by_enterprise:
        context["upload_form"] = DocumentUploadForm(round=application.round)
        context["edit_form"] = ApplicationEditForm(instance=application)
        context["missing"] = dossier.dossier_missing(application)
    if role == workflow.STAFF:
        context["comments"] = selectors.application_comments(application)
        context["conflicts"] = selectors.application_conflicts(application)
        if services.scoring_closed(application):
            context["conflict_record_form"] = ConflictRecordForm(round=application.round)
    return render(request, "products/application_detail.html", context)


def _figure_rows(application: Application) -> list[tuple[int, object]]:
    figures = dossier.figures_by_year(application)
    return [(year, figures.get(year)) for year in dossier.figure_years(application.round)]


def _claimed_certifications(application: Application) -> list[dossier.CertificationChoice]:
    claimed = set(application.certifications.values_list("pk", flat=True))
    return [c for c in dossier.certification_choices(application, timezone.localdate()) if c.id in claimed]


def _step_form(to_status: str, action: workflow.Action, data=None, note: str = "") -> TransitionForm:
    """The transition form as its confirmation page shows it: the note named for the step, and required
    where the workflow asks for a reason."""
    form = TransitionForm(data, initial={"to_status": to_status, "note": note})
    form.fields["to_status"].widget = forms.HiddenInput()
    form.fields["note"].label = action.note_label
    form.fields["note"].required = to_status in workflow.NOTE_REQUIRED
    return form


def _confirm_step(request, application: Application, action: workflow.Action, form=None, extra_summary=()):
    return render_confirmation(
        request,
        title=action.label,
        subject=application.product.name,
        summary=[*application_summary(application), *extra_summary],
        consequences=[action.consequence],
        confirm_label=action.label,
        cancel_url=reverse("products:application_detail", kwargs={"public_id": application.public_id}),
        form=form,
        danger=action.danger,
    )


@login_required
@require_POST
def application_transition(request, public_id):
    """A workflow step. A step offered to the user is confirmed first; any other is left to the service,
    which refuses it with its reason."""
    application = application_or_404(request.user, public_id)
    to_status = request.POST.get("to_status", "")
    action = _offered_actions(request.user, application).get(to_status)
    if action is not None:
        if not is_confirmed(request):
            form = _step_form(to_status, action, note=request.POST.get("note", ""))
            return _confirm_step(request, application, action, form)
        form = _step_form(to_status, action, data=request.POST)
        if not form.is_valid():
            return _confirm_step(request, application, action, form)
    else:
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
    document = document_or_404(request.user, public_id, document_id)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as error:
        # The row outlived its file (a restore without media, a storage clean-up): not found, not a crash.
        raise Http404 from error
    response = FileResponse(
        handle,
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
    recognition = get_object_or_404(selectors.recognitions_for_user(request.user), public_id=public_id)
    # The QR code leads to settings.SITE_URL, whatever Host this request came with (products/certificates.py).
    pdf = render_certificate_pdf(recognition)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"giay-chung-nhan-{recognition.certificate_number.replace('/', '-')}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def application_open_comment(request, public_id):
    """The former per-dossier publication, replaced by the round's (one list, one deadline): the staff are sent to
    the round's comment page, where the whole result is published; anyone else back to the dossier."""
    application = application_or_404(request.user, public_id)
    if permissions.can_edit_round(request.user, application.round):
        messages.info(
            request,
            _(
                "Kết quả được công bố cho cả đợt xét chọn với một hạn góp ý, không theo từng hồ sơ: công bố ở trang này."
            ),
        )
        return redirect("products:round_comments", round_id=application.round_id)
    messages.error(request, _("Kết quả được công bố cho cả đợt xét chọn, không theo từng hồ sơ."))
    return redirect("products:application_detail", public_id=public_id)
