"""Posting an admin change form as the admin's own page would: every field and inline as the page shows them."""

from django.forms.models import BaseModelFormSet


def _field_data(form) -> dict:
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        elif hasattr(value, "isoformat"):
            data[bound.html_name] = value.isoformat()
        else:
            data[bound.html_name] = str(value)
    return data


def admin_form_data(response, **changes) -> dict:
    """The data of the admin add/change page in `response` (its model form and every inline formset), with
    `changes` applied to the main form's fields."""
    adminform = response.context["adminform"]
    data = _field_data(adminform.form)
    # simple_history's version page has no inlines.
    inlines = response.context.get("inline_admin_formsets", [])
    for inline in inlines:
        formset = inline.formset
        data.update(_field_data(formset.management_form))
        for form in formset.forms:
            data.update(_field_data(form))
            if isinstance(formset, BaseModelFormSet) and form.instance.pk:
                data[form.add_prefix(formset.model._meta.pk.name)] = str(form.instance.pk)
    data.update({name: str(value) for name, value in changes.items()})
    return data
