"""The model's own rules, run from the services: the admin, imports, services and forms share one rule."""

from django.core.validators import MaxLengthValidator
from django.db import models

# Bounds of free text: a note or a reason, and a description or a dossier's section.
NOTE_MAX_LENGTH = 4000
TEXT_MAX_LENGTH = 10000


def bounded(max_length: int) -> dict:
    """Options of a TextField bounded in the model too: Django passes its max_length to the form field only."""
    return {"max_length": max_length, "validators": [MaxLengthValidator(max_length)]}


def check_fields(instance: models.Model, *names: str) -> None:
    """Run the named fields' model validation (bounds, lengths, choices, validators) on an unsaved write.

    Raises ValidationError keyed by field, with the model's messages. Fields not named are left out: a relation
    costs a query to check, and the services hold the related objects already.
    """
    exclude = {field.name for field in instance._meta.concrete_fields} - set(names)
    instance.clean_fields(exclude=exclude)
