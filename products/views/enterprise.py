"""The enterprise's side: its products, its applications, dossier documents and workflow actions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.confirm import is_confirmed, render_confirmation
from core.permissions import enterprise_required
from products import dossier, selectors, services
from products.forms import (
    ApplicationCreateForm,
    ApplicationEditForm,
    CertificationsForm,
    DocumentUploadForm,
    FiguresForm,
    ProductForm,
)

from ._common import error_text
from .shared import application_or_404, application_summary, document_or_404


@enterprise_required
def my_products(request):
    return render(request, "products/my_products.html", {"products": selectors.enterprise_products(request.user)})


@enterprise_required
@require_http_methods(["GET", "POST"])
def product_new(request):
    form = ProductForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.product_create(actor=request.user, enterprise=request.user.enterprise, **form.cleaned_data)
        messages.success(request, _("Đã thêm sản phẩm."))
        return redirect("products:my_products")
    return render(request, "products/product_form.html", {"form": form})


@enterprise_required
@require_http_methods(["GET", "POST"])
def product_edit(request, public_id):
    product = get_object_or_404(selectors.products_for_user(request.user), public_id=public_id)
    form = ProductForm(request.POST or None, instance=product)
    if request.method == "POST" and form.is_valid():
        services.product_update(actor=request.user, product=product, **form.cleaned_data)
        messages.success(request, _("Đã cập nhật sản phẩm."))
        return redirect("products:my_products")
    return render(request, "products/product_form.html", {"form": form, "product": product})


@enterprise_required
def my_applications(request):
    return render(
        request,
        "products/my_applications.html",
        {
            "applications": selectors.enterprise_applications(request.user),
            # For the empty list: which round takes dossiers now, and whether a product is there to enter.
            "open_rounds": selectors.open_rounds_for(request.user.enterprise),
            "has_products": selectors.enterprise_products(request.user).exists(),
        },
    )


@enterprise_required
@require_http_methods(["GET", "POST"])
def application_new(request):
    products, rounds = selectors.enterprise_products(request.user), selectors.open_rounds_for(request.user.enterprise)
    form = ApplicationCreateForm(request.POST or None, products=products, rounds=rounds)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Đã tạo hồ sơ. Hãy bổ sung thông tin và tài liệu rồi nộp."))
            return redirect("products:application_detail", public_id=application.public_id)
    return render(request, "products/application_new.html", {"form": form, "products": products, "rounds": rounds})


@enterprise_required
@require_http_methods(["GET", "POST"])
def application_edit(request, public_id):
    """The dossier's information: kind and notes, the figures of its three years, its certifications."""
    application = application_or_404(request.user, public_id)
    data = request.POST or None
    form = ApplicationEditForm(data, instance=application)
    figures_form = FiguresForm(
        data, years=dossier.figure_years(application.round), figures=dossier.figures_by_year(application)
    )
    certifications_form = CertificationsForm(
        data,
        choices=dossier.certification_choices(application, timezone.localdate()),
        initial={"certifications": [str(pk) for pk in application.certifications.values_list("pk", flat=True)]},
    )
    forms_valid = request.method == "POST" and all(
        [form.is_valid(), figures_form.is_valid(), certifications_form.is_valid()]
    )
    if forms_valid:
        try:
            dossier.dossier_update(
                actor=request.user,
                application=application,
                **form.cleaned_data,
                figures=figures_form.rows(),
                certifications=certifications_form.ids(),
            )
        except ValidationError as exc:
            _show_errors(exc, form, figures_form)
        else:
            messages.success(request, _("Đã lưu thông tin hồ sơ."))
            return redirect("products:application_detail", public_id=application.public_id)
    return render(
        request,
        "products/application_edit.html",
        {
            "form": form,
            "figures_form": figures_form,
            "certifications_form": certifications_form,
            "application": application,
        },
    )


def _show_errors(exc: ValidationError, form, figures_form) -> None:
    """A service's refusal next to the field it names (a year's figure, a section), or above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, error_text(exc))
        return
    for key, messages_ in exc.message_dict.items():
        if key in figures_form.fields:
            figures_form.add_error(key, messages_)
        elif key in form.fields:
            form.add_error(key, messages_)
        else:
            form.add_error(None, " ".join(messages_))


@enterprise_required
@require_POST
def document_upload(request, public_id):
    application = application_or_404(request.user, public_id)
    form = DocumentUploadForm(request.POST, request.FILES, round=application.round)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("products:application_detail", public_id=application.public_id)
    try:
        services.document_add(actor=request.user, application=application, **form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, _("Tệp bị từ chối: %(reason)s") % {"reason": error_text(exc)})
    else:
        messages.success(request, _("Đã tải lên tài liệu."))
    return redirect("products:application_detail", public_id=application.public_id)


@enterprise_required
@require_POST
def document_delete(request, public_id, document_id):
    document = document_or_404(request.user, public_id, document_id)
    if not is_confirmed(request):
        application = document.application
        return render_confirmation(
            request,
            title=_("Xóa tài liệu"),
            subject=document.original_name,
            summary=[
                (_("Tệp"), document.original_name),
                (_("Loại tài liệu"), document.document_type.name),
                *application_summary(application)[:3],
            ],
            consequences=[
                _("Tệp bị xóa khỏi hồ sơ và khỏi kho lưu trữ của cổng. Không thể hoàn tác."),
                _("Muốn có lại tệp này trong hồ sơ, bạn phải tải lên lần nữa."),
            ],
            confirm_label=_("Xóa tài liệu"),
            cancel_url=reverse("products:application_detail", kwargs={"public_id": application.public_id}),
            danger=True,
        )
    try:
        services.document_remove(actor=request.user, document=document)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã xóa tài liệu."))
    return redirect("products:application_detail", public_id=public_id)
