"""Choice labels at the cost of one dictionary lookup, for every model with choices.

A model that mixes in ChoiceLabelsMixin shows get_FOO_display() exactly as Django does (the stored value when it
is none of the choices), reading the label from a dictionary built once per field, from stored value to the
still lazy label, so the label follows the active language of each request.
"""

from django.utils.encoding import force_str

_CHOICE_LABELS: dict = {}


class ChoiceLabelsMixin:
    """get_FOO_display() at the cost of one dictionary lookup.

    Django's version rebuilds a dictionary of the field's choices on every call, hashing each lazy label, which
    translates it: on a list page of thirty enterprises, two thousand translations for sixty labels. Here the
    dictionary, from stored value to (still lazy) label, is built once per field.
    """

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        labels = _CHOICE_LABELS.get(field)
        if labels is None:
            labels = _CHOICE_LABELS[field] = dict(field.flatchoices)
        try:
            label = labels.get(value, value)
        except TypeError:  # a value that cannot be a key: Django's way
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)
