"""A city's catalogue of key and potential product groups (HCMC: QĐ 430/QĐ-UBND, 05/02/2021), its groups and the
enterprises in each: reads for the public pages and the staff page, and the two writes staff make.

A catalogue states its size as its source says it ("155 doanh nghiệp", stated_enterprises); the members listed are
the enterprises staff have entered, each a registered enterprise, never a made-up one.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from core import permissions
from core.validation import check_fields
from enterprises.models import Enterprise
from enterprises.selectors import PUBLIC_FIELDS
from enterprises.taxcode import normalize_tax_code
from products.models import ProductCatalogue, ProductGroup, ProductGroupMember

# ---------------------------------------------------------------- reads


def public_catalogues() -> QuerySet[ProductCatalogue]:
    """Every catalogue with its city and how many groups and listed enterprises it has, in one query."""
    return (
        ProductCatalogue.objects.select_related("city")
        .annotate(
            group_count=Count("groups", distinct=True),
            member_count=Count("groups__members__enterprise", distinct=True),
        )
        .order_by("city__name", "-decision_date", "id")
    )


def _members() -> Prefetch:
    enterprise_fields = [f"enterprise__{name}" for name in PUBLIC_FIELDS]
    members = (
        ProductGroupMember.objects.select_related("enterprise")
        .only("id", "group_id", "note", "is_demo", *enterprise_fields)
        .order_by("enterprise__name", "id")
    )
    return Prefetch("members", queryset=members, to_attr="listed")


def catalogue_groups(catalogue: ProductCatalogue) -> list[ProductGroup]:
    """The catalogue's groups in order, key groups first, each with its enterprises (public fields only) as
    `group.listed`, in two queries."""
    return list(catalogue.groups.order_by("kind", "order", "id").prefetch_related(_members()))


def get_catalogue(slug: str) -> ProductCatalogue | None:
    return ProductCatalogue.objects.select_related("city").filter(slug=slug).first()


def catalogues_editable_by(user) -> QuerySet[ProductCatalogue]:
    """The catalogues whose groups `user` keeps: their city's, every one for administrators."""
    if not permissions.is_staff_member(user):
        return ProductCatalogue.objects.none()
    city_ids = permissions.editable_city_ids(user)
    queryset = ProductCatalogue.objects.select_related("city")
    return queryset if city_ids is None else queryset.filter(city_id__in=city_ids)


def enterprise_groups(enterprise: Enterprise) -> QuerySet[ProductGroupMember]:
    """The product groups an enterprise is listed in, with their catalogue, for its public page."""
    return (
        ProductGroupMember.objects.filter(enterprise=enterprise)
        .select_related("group__catalogue__city")
        .order_by("group__catalogue__title", "group__order", "id")
    )


# ---------------------------------------------------------------- writes


def _require_keeper(actor, group: ProductGroup) -> None:
    permissions.require(permissions.is_staff_member(actor))
    permissions.require_city_editor(actor, group.catalogue.city_id)


def product_group_member_add(
    *, actor, group: ProductGroup, tax_code: str, note: str = "", is_demo: bool = False
) -> ProductGroupMember:
    """List a registered enterprise (by tax code) in a group of the actor's city's catalogue."""
    _require_keeper(actor, group)
    try:
        code = normalize_tax_code(tax_code)
    except ValidationError as exc:
        raise ValidationError({"tax_code": exc.messages}) from exc
    enterprise = Enterprise.objects.filter(tax_code=code).first()
    if enterprise is None:
        raise ValidationError({"tax_code": _("Chưa có doanh nghiệp với mã số thuế này trong danh bạ.")})
    member = ProductGroupMember(group=group, enterprise=enterprise, note=(note or "").strip(), is_demo=is_demo)
    check_fields(member, "note")
    if ProductGroupMember.objects.filter(group=group, enterprise=enterprise).exists():
        raise ValidationError({"tax_code": _("Doanh nghiệp này đã có trong nhóm.")})
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as exc:  # added a moment earlier by someone else
        raise ValidationError({"tax_code": _("Doanh nghiệp này đã có trong nhóm.")}) from exc
    return member


def product_group_member_remove(*, actor, member: ProductGroupMember) -> None:
    _require_keeper(actor, member.group)
    with transaction.atomic():
        ProductGroupMember.objects.filter(pk=member.pk).delete()
