"""Who may read or change which enterprise.

Administrators and officials read every enterprise; department staff read and change those of their own
city (through the province, see core.provinces); an enterprise user reaches only the enterprise
their verified account is linked to. Changes by officials are never allowed.
"""

from django.db.models import Q

from core.provinces import canonical_province, provinces_for_city


def managed_provinces(user) -> list[str] | None:
    """Provinces whose enterprises `user` may change: None means all of them, [] none."""
    if not (user.is_authenticated and user.is_active):
        return []
    if user.is_admin_role:
        return None
    if user.is_department_staff and user.city_id:
        return provinces_for_city(user.city.code)
    return []


def can_manage_province(user, province: str) -> bool:
    provinces = managed_provinces(user)
    return provinces is None or canonical_province(province) in provinces


def can_manage_enterprise(user, enterprise) -> bool:
    return can_manage_province(user, enterprise.province)


def readable_enterprise_filter(user) -> Q | None:
    """The filter for enterprises `user` may read in full (private fields included); None = nothing."""
    if not (user.is_authenticated and user.is_active):
        return None
    if user.is_admin_role or user.is_official:
        return Q()
    if user.is_department_staff:
        return Q(province__in=managed_provinces(user))
    if user.is_enterprise_user and user.enterprise_id:
        return Q(pk=user.enterprise_id)
    return None


def is_reviewer(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_admin_role or user.is_department_staff)
