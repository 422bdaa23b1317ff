"""Staff load a programme's past decision lists from XLSX (products/history.py)."""

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods

from core.permissions import staff_required
from products import history
from products.forms import CHOOSE

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_SHOWN = 200


class RecognitionImportForm(forms.Form):
    program = forms.ModelChoiceField(label=_l("Chương trình"), queryset=None, empty_label=CHOOSE)
    file = forms.FileField(
        label=_l("Tệp Excel (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX_TYPE}),
    )

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def recognition_import(request):
    programs = history.importable_programs(request.user)
    form = RecognitionImportForm(request.POST or None, request.FILES or None, programs=programs)
    result = None
    if request.method == "POST" and form.is_valid():
        result = history.recognition_list_import(
            actor=request.user, program=form.cleaned_data["program"], file=form.cleaned_data["file"]
        )
        if result.ok:
            messages.success(
                request,
                _("Đã nhập %(rows)s sản phẩm được công nhận: %(rounds)s đợt mới, %(products)s sản phẩm mới.")
                % {
                    "rows": result.record.row_count,
                    "rounds": result.rounds_created,
                    "products": result.products_created,
                },
            )
            return redirect("products:recognition_import")
    context = {
        "form": form,
        "result": result,
        "errors_shown": ERRORS_SHOWN,
        "imports": history.recent_imports(request.user),
    }
    return render(request, "products/history_import.html", context)


@staff_required
def recognition_import_template(request):
    return _xlsx(history.build_template(), "mau-danh-sach-cong-nhan.xlsx")
