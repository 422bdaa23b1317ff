"""Staff import enterprise lists from XLSX files and download the error report."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.permissions import staff_required
from enterprises import importing, selectors, services
from enterprises.forms import EnterpriseImportForm

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def import_upload(request):
    form = EnterpriseImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = services.enterprise_import(actor=request.user, file=form.cleaned_data["file"])
        if result.ok:
            messages.success(
                request,
                _("Đã nhập %(rows)s dòng: thêm mới %(created)s, cập nhật %(updated)s doanh nghiệp.")
                % {
                    "rows": result.record.row_count,
                    "created": result.record.created_count,
                    "updated": result.record.updated_count,
                },
            )
            return redirect("enterprises:import_upload")
    context = {"form": form, "result": result, "imports": selectors.recent_imports(request.user)}
    return render(request, "enterprises/import.html", context)


@staff_required
def import_template(request):
    return _xlsx_response(importing.build_template(), "mau-danh-sach-doanh-nghiep.xlsx")


@staff_required
def import_report(request, public_id):
    record = get_object_or_404(selectors.imports_for_user(request.user), public_id=public_id)
    return _xlsx_response(importing.build_error_report(record.errors), f"loi-nhap-{record.public_id}.xlsx")
