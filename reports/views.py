"""Report pages: parse the request, call the services, render. Who may see what is core/permissions.py, applied
by the selectors' scoped querysets; a report outside the user's scope answers 404, as a missing one does."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from core.listing import paginate
from core.permissions import can_issue_report, workspace_required
from reports import services
from reports.forms import ReportRequestForm
from reports.models import Report
from reports.selectors import (
    program_archive,
    program_report_index,
    programs_for_reports,
    reports_visible_to,
    summary_archive,
)

ARCHIVE_PAGE_SIZE = 25


def _index_context(form: ReportRequestForm) -> dict:
    return {
        "programs": program_report_index(),
        "summaries": list(summary_archive()[:10]),
        "form": form,
        "kinds": Report.Kind,
    }


@require_GET
@workspace_required
def index(request):
    return render(request, "reports/index.html", _index_context(ReportRequestForm()))


@require_GET
@workspace_required
def archive(request, slug: str):
    program = get_object_or_404(programs_for_reports(request.user), slug=slug)
    page_obj = paginate(request, program_archive(program), ARCHIVE_PAGE_SIZE)
    form = ReportRequestForm(initial={"program": program.slug, "kind": Report.Kind.MIDTERM})
    return render(request, "reports/archive.html", {"program": program, "page_obj": page_obj, "form": form})


@require_POST
@workspace_required
def request_report(request):
    form = ReportRequestForm(request.POST)
    if form.is_valid():
        try:
            report, created = services.report_request(
                user=request.user,
                kind=form.cleaned_data["kind"],
                program=form.cleaned_data["program"],
                city=form.cleaned_data["city"],
                period=form.cleaned_data["period"],
                include_demo=form.cleaned_data["include_demo"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if not created:
                messages.info(request, _("Dữ liệu không thay đổi kể từ lần tạo trước: dùng lại báo cáo đã có."))
            return redirect("reports:status", public_id=report.public_id)
    return render(request, "reports/index.html", _index_context(form), status=400)


@require_GET
@never_cache
@login_required
def status(request, public_id):
    """The job page; with htmx it answers only the progress fragment, which stops polling once finished."""
    report = get_object_or_404(reports_visible_to(request.user), public_id=public_id)
    if request.headers.get("HX-Request"):
        return render(request, "reports/_status.html", {"report": report})
    return render(
        request, "reports/status.html", {"report": report, "can_issue": can_issue_report(request.user, report)}
    )


def _download_name(report: Report) -> str:
    target = report.program.slug if report.program else "tong-hop"
    # The local day, as the document's date line writes it (finished_at is stored in UTC).
    day = timezone.localdate(report.finished_at).isoformat() if report.finished_at else ""
    return f"bao-cao-{report.kind}-{target}-{day}.pdf"


@require_GET
@login_required
def download(request, public_id):
    report = get_object_or_404(reports_visible_to(request.user), public_id=public_id)
    if report.status != Report.Status.DONE or not report.file:
        raise Http404
    try:
        handle = report.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=_download_name(report), content_type="application/pdf")


_ANNEXES = {
    "pdf": ("annex_pdf", "pdf", "application/pdf"),
    "xlsx": ("annex_xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


@require_GET
@login_required
def download_annex(request, public_id, fmt: str):
    """The report's annexes (Phụ lục I and II), as PDF or XLSX."""
    report = get_object_or_404(reports_visible_to(request.user), public_id=public_id)
    if fmt not in _ANNEXES or report.status != Report.Status.DONE:
        raise Http404
    field_name, extension, content_type = _ANNEXES[fmt]
    file = getattr(report, field_name)
    if not file:
        raise Http404
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    name = _download_name(report).removesuffix(".pdf") + f"-phu-luc.{extension}"
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)


@require_POST
@workspace_required
def retry(request, public_id):
    report = get_object_or_404(reports_visible_to(request.user), public_id=public_id)
    try:
        services.report_retry(user=request.user, report=report)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã đưa báo cáo vào hàng đợi để tạo lại."))
    return redirect("reports:status", public_id=report.public_id)
