"""Template helpers of the staff workspace: {% load workspace %}."""

from django import template

from core import permissions

register = template.Library()


@register.filter
def can_edit_city(user, city_id) -> bool:
    """Whether the user may change programs of that city: {% if user|can_edit_city:program.city_id %}."""
    return permissions.can_edit_city(user, city_id)
