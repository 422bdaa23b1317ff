"""Staff of the city keep the enterprises listed in each group of its catalogue (products/catalogue.py)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_http_methods, require_POST

from core.confirm import is_confirmed, render_confirmation
from core.permissions import staff_required
from enterprises.views.errors import add_service_errors
from products import catalogue
from products.models import ProductGroupMember


class GroupMemberAddForm(forms.Form):
    tax_code = forms.CharField(
        label=_l("Mã số thuế doanh nghiệp"), max_length=20, help_text=_l("Doanh nghiệp phải có trong danh bạ.")
    )
    note = forms.CharField(label=_l("Ghi chú"), max_length=300, required=False)


@staff_required
def catalogue_manage_list(request):
    return render(
        request, "products/catalogue_manage_list.html", {"catalogues": catalogue.catalogues_editable_by(request.user)}
    )


@staff_required
@require_http_methods(["GET", "POST"])
def catalogue_manage(request, slug):
    record = get_object_or_404(catalogue.catalogues_editable_by(request.user), slug=slug)
    groups = catalogue.catalogue_groups(record)
    posted_group = None
    if request.method == "POST":
        posted_group = get_object_or_404(record.groups, pk=request.POST.get("group") or 0)
    for group in groups:
        bound = posted_group is not None and group.pk == posted_group.pk
        group.add_form = GroupMemberAddForm(request.POST if bound else None, prefix=f"g{group.pk}")
        if bound and group.add_form.is_valid():
            try:
                member = catalogue.product_group_member_add(
                    actor=request.user, group=posted_group, **group.add_form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(group.add_form, exc)
            else:
                messages.success(
                    request,
                    _("Đã thêm %(name)s vào nhóm %(group)s.") % {"name": member.enterprise.name, "group": group.name},
                )
                return redirect("products:catalogue_manage", slug=record.slug)
    return render(request, "products/catalogue_manage.html", {"catalogue": record, "groups": groups})


@staff_required
@require_POST
def catalogue_member_remove(request, member_id: int):
    editable = catalogue.catalogues_editable_by(request.user)
    member = get_object_or_404(
        ProductGroupMember.objects.select_related("group__catalogue", "enterprise").filter(
            group__catalogue__in=editable
        ),
        pk=member_id,
    )
    back = reverse("products:catalogue_manage", kwargs={"slug": member.group.catalogue.slug})
    if not is_confirmed(request):
        return render_confirmation(
            request,
            title=_("Bỏ doanh nghiệp khỏi nhóm"),
            subject=member.enterprise.name,
            summary=[(_("Nhóm"), member.group.name)],
            consequences=[_("Doanh nghiệp không còn hiện trong nhóm này trên trang công khai của danh mục.")],
            confirm_label=_("Bỏ khỏi nhóm"),
            cancel_url=back,
            danger=True,
        )
    catalogue.product_group_member_remove(actor=request.user, member=member)
    messages.success(
        request, _("Đã bỏ %(name)s khỏi nhóm %(group)s.") % {"name": member.enterprise.name, "group": member.group.name}
    )
    return redirect(back)
