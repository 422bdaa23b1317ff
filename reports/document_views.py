"""A report's document: its draft (read by workspace readers, edited by the staff of its city), its DOCX, its
issue; and the public verification page of issued documents (no login). The rules are in reports/issuance.py and
core/permissions.py; a report outside the user's scope answers 404, as a missing one does."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.clientip import client_ip
from core.permissions import can_issue_report, staff_required, workspace_required
from reports import issuance
from reports.document_forms import DraftForm, IssueForm, VerifyForm
from reports.docx import draft_docx
from reports.selectors import reports_visible_to


def _report(request, public_id):
    return get_object_or_404(reports_visible_to(request.user), public_id=public_id)


def _document(report):
    document = issuance.document_for_report(report)
    if document is None:
        raise Http404
    return document


def _detail(request, report, document, *, draft_form=None, issue_form=None, status=200):
    outline = issuance.document_outline(report)
    body = document.body or issuance.issuing_body_for(report)
    signers = issuance.active_signers(body)
    may_issue = can_issue_report(request.user, report)
    context = {
        "report": report,
        "document": document,
        "body": body,
        "may_issue": may_issue,
        "draft_form": draft_form or DraftForm(document=document, data=outline),
        "issue_form": issue_form or IssueForm(signers=signers),
        "has_signers": signers.exists(),
        "refusal": _refusal(report),
        "verify_url": issuance.verify_url(document) if document.is_issued else "",
    }
    return render(request, "reports/documents/detail.html", context, status=status)


def _refusal(report) -> str:
    """Why the report cannot be issued as it stands, shown beside the issue button ("" when it can). Demo records
    found in the data itself are refused at issue, when the data is read."""
    try:
        issuance.refuse_demo(report, {})
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


@require_POST
@staff_required
def document_open(request, public_id):
    report = _report(request, public_id)
    try:
        _document, created = issuance.document_open_draft(user=request.user, report=report)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("reports:status", public_id=report.public_id)
    if created:
        messages.success(request, _("Đã tạo dự thảo văn bản từ số liệu của báo cáo."))
    return redirect("reports:document", public_id=report.public_id)


@require_http_methods(["GET", "POST"])
@never_cache
@workspace_required
def document_detail(request, public_id):
    report = _report(request, public_id)
    document = _document(report)
    if request.method == "GET":
        return _detail(request, report, document)
    if not can_issue_report(request.user, report):
        raise PermissionDenied
    form = DraftForm(request.POST, document=document, data=issuance.document_outline(report))
    if form.is_valid():
        try:
            issuance.document_update(
                user=request.user,
                document=document,
                sections=form.sections(),
                recipients=form.recipient_list(),
                filing_unit=form.cleaned_data["filing_unit"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Đã lưu dự thảo."))
            return redirect("reports:document", public_id=report.public_id)
    return _detail(request, report, document, draft_form=form, status=400)


@require_POST
@staff_required
def document_issue(request, public_id):
    report = _report(request, public_id)
    document = _document(report)
    if not can_issue_report(request.user, report):
        raise PermissionDenied
    body = document.body or issuance.issuing_body_for(report)
    form = IssueForm(request.POST, signers=issuance.active_signers(body))
    if form.is_valid():
        try:
            issuance.document_issue(user=request.user, document=document, signer_id=form.cleaned_data["signer"].pk)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            document.refresh_from_db()
            messages.success(request, _("Đã ban hành văn bản số %(number)s.") % {"number": document.number})
            return redirect("reports:document", public_id=report.public_id)
    return _detail(request, report, document, issue_form=form, status=400)


@require_GET
@workspace_required
def document_docx(request, public_id):
    report = _report(request, public_id)
    document = _document(report)
    content = draft_docx(document=document, data=issuance.document_report_data(report), today=timezone.localdate())
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    name = f"du-thao-bao-cao-{report.public_id.hex[:8]}.docx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ---------------------------------------------------------------------------------------------------------
# Public verification
# ---------------------------------------------------------------------------------------------------------


@require_GET
def verify(request):
    """Find an issued report by its number (body, year, number); an unknown number is an answer, not an error."""
    form = VerifyForm(request.GET or None)
    documents, status = None, 200
    if form.is_bound and form.is_valid():
        try:
            issuance.verify_lookup_take(address=client_ip(request))
        except ValidationError as exc:
            form.add_error(None, exc)
            status = 429
        else:
            sequence, abbreviation = form.cleaned_data["number"]
            documents = list(
                issuance.documents_by_number(
                    year=form.cleaned_data["year"],
                    sequence=sequence,
                    abbreviation=abbreviation,
                    body=form.cleaned_data["body"],
                )
            )
    return render(
        request,
        "reports/documents/verify.html",
        {"form": form, "documents": documents, "searched": documents is not None},
        status=status,
    )


@require_GET
def verify_document(request, token):
    document = issuance.document_for_token(token)
    if document is None:
        raise Http404
    return render(request, "reports/documents/verify_document.html", {"document": document})


@require_GET
def verify_download(request, token):
    document = issuance.document_for_token(token)
    if document is None or not document.file:
        raise Http404
    try:
        handle = document.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = "bao-cao-" + document.number.replace("/", "-").lower() + f"-{document.year}.pdf"
    return FileResponse(handle, as_attachment=True, filename=name, content_type="application/pdf")
