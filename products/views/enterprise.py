"""The enterprise's side: its products, its applications, dossier documents and workflow actions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from products import selectors, services
from products.forms import ApplicationCreateForm, ApplicationEditForm, DocumentUploadForm, ProductForm
from programs.access import enterprise_required

from ._common import error_text


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
    product = selectors.get_product_for_user(request.user, public_id)
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
        {"applications": selectors.enterprise_applications(request.user)},
    )


@enterprise_required
@require_http_methods(["GET", "POST"])
def application_new(request):
    form = ApplicationCreateForm(
        request.POST or None,
        products=selectors.enterprise_products(request.user),
        rounds=selectors.open_rounds(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Đã tạo hồ sơ. Hãy bổ sung thông tin và tài liệu rồi nộp."))
            return redirect("products:application_detail", public_id=application.public_id)
    return render(request, "products/application_new.html", {"form": form})


@enterprise_required
@require_http_methods(["GET", "POST"])
def application_edit(request, public_id):
    application = selectors.get_application_for_user(request.user, public_id)
    form = ApplicationEditForm(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_update(actor=request.user, application=application, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Đã lưu thông tin hồ sơ."))
            return redirect("products:application_detail", public_id=application.public_id)
    return render(request, "products/application_edit.html", {"form": form, "application": application})


@enterprise_required
@require_POST
def document_upload(request, public_id):
    application = selectors.get_application_for_user(request.user, public_id)
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
    document = selectors.get_document_for_user(request.user, public_id, document_id)
    try:
        services.document_remove(actor=request.user, document=document)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("Đã xóa tài liệu."))
    return redirect("products:application_detail", public_id=public_id)
