"""The admin bases every app's admin builds on.

- Years print as written (2024), never with a thousands separator.
- A version is reverted only by whoever may change the record, and never where the record holds derived state.
- Records that only a service writes are shown, never added, changed or deleted.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


def year_column(model, field_name: str):
    """A year column or read-only field shown as written (2024): the admin prints integers with a thousands
    separator ("2.024")."""

    @admin.display(description=model._meta.get_field(field_name).verbose_name, ordering=field_name)
    def year(obj):
        value = getattr(obj, field_name)
        return None if value is None else str(value)

    year.__name__ = f"{field_name}_as_year"
    return year


class HistoryAdmin(SimpleHistoryAdmin):
    """simple_history's admin, its "Revert" held to the admin's rules. A revert saves the old version whole, and
    simple_history only hides its button from those who may not change the record: here a revert is posted only by
    those who may change it, and not at all where the record holds derived state (`revert_allowed = False`: a
    task's status follows its updates, not its history)."""

    revert_allowed = True

    def revert_disabled(self, request, obj=None) -> bool:
        return not self.revert_allowed or super().revert_disabled(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, unquote(object_id))
            if self.revert_disabled(request, obj) or not self.has_change_permission(request, obj):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdminMixin:
    """For records that only a service writes (a task's updates, council scores, workflow events): the admin
    shows them and changes nothing, since a change here would leave the state derived from them behind."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
