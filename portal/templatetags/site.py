"""The site layout's links and assets (base.html): the same few URLs and static paths on every page."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

from portal import roles

register = template.Library()


@lru_cache(maxsize=512)
def _reverse(name: str, urlconf: str, prefix: str) -> str:
    try:
        return reverse(name, urlconf=urlconf)
    except NoReverseMatch:
        return ""


@register.simple_tag
def site_url(name: str) -> str:
    """`{% url name %}` for a URL without arguments, resolved once per URL configuration and script prefix
    rather than on every page (reversing is a good part of rendering the layout); "" for a name that is not
    wired, as `{% url name as var %}` gives."""
    return _reverse(name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@lru_cache(maxsize=256)
def _static(path: str, storage: str, static_url: str) -> str:
    return static(path)


@register.simple_tag
def site_static(path: str) -> str:
    """`{% static path %}`, computed once per storage and STATIC_URL rather than on every page."""
    return _static(path, settings.STORAGES["staticfiles"]["BACKEND"], settings.STATIC_URL)


@register.simple_tag(takes_context=True)
def shows_council_area(context) -> bool:
    """Whether the navigation offers the council area to the signed-in user (portal/roles.py): no query."""
    request = context.get("request")
    return request is not None and roles.shows_council_area(request)
