"""What every list's filters share (django-filter): the form, its empty choice, and sort labels.

- Every filter form renders with one Jinja2 renderer (core/jinja2 holds django-filter's date range widget).
- Every select offers "Tất cả" (ALL) as its empty choice: no filter on that field.
- Sort labels stay lazy, so each request reads them in its own language.
"""

import django_filters
from django import forms
from django.forms.renderers import Jinja2
from django.forms.utils import pretty_name
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# One renderer for every filter form: it builds its Jinja2 environment once, on first use.
_FILTER_FORM_RENDERER = Jinja2()

# The empty choice of every filter's select: no filter on that field.
ALL = _("Tất cả")


class FilterForm(forms.Form):
    """The form of every list's filters. Its selects (provinces, sectors, programs, groups, sort keys...) have
    dozens of options, and Django's template engine renders each option through a template of its own: the
    filter form cost more than the rest of a list page. Jinja2 renders the same widget templates (Django ships
    them for it; core/jinja2 holds django-filter's date range) several times faster. The admin keeps
    Django's renderer: its widgets have Django templates only."""

    default_renderer = _FILTER_FORM_RENDERER


def _descending_label(label) -> str:
    return gettext("%s (giảm dần)") % label


_descending = lazy(_descending_label, str)


class VietnameseOrderingFilter(django_filters.OrderingFilter):
    """django-filter formats the descending labels once, when the filter set class is built, in the language of
    that moment; these stay lazy, so each request reads them in its own language."""

    def build_choices(self, fields, labels):
        ascending = [(param, labels.get(field, _(pretty_name(param)))) for field, param in fields.items()]
        descending = [(f"-{param}", labels.get(f"-{param}", _descending(label))) for param, label in ascending]
        return [choice for pair in zip(ascending, descending, strict=True) for choice in pair]
