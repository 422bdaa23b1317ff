from django import forms
from django.contrib import admin

from core.admin import HistoryAdmin, ReadOnlyAdminMixin, year_column
from programs.models import (
    City,
    Indicator,
    IndicatorValue,
    IssuingBody,
    Program,
    Signer,
    Task,
    TaskGroup,
    TaskUpdate,
)
from programs.services import check_indicator_takes_values


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "code")
    search_fields = ("name", "short_name", "code")


class TaskGroupInline(admin.TabularInline):
    model = TaskGroup
    extra = 0
    fields = ("order", "code", "title")
    show_change_link = True


@admin.register(Program)
class ProgramAdmin(HistoryAdmin):
    list_display = (
        "short_title",
        "city",
        "kind",
        year_column(Program, "period_start"),
        year_column(Program, "period_end"),
        "status",
        "plan_number",
    )
    list_filter = ("city", "kind", "status")
    search_fields = ("title", "short_title", "plan_number", "issuer", "lead_agency")
    list_select_related = ("city",)
    prepopulated_fields = {"slug": ("short_title",)}
    inlines = [TaskGroupInline]


@admin.register(TaskGroup)
class TaskGroupAdmin(HistoryAdmin):
    list_display = ("code", "title", "program", "order")
    list_filter = ("program__city", "program")
    search_fields = ("title", "code", "program__short_title")
    list_select_related = ("program",)


class TaskUpdateInline(admin.TabularInline):
    model = TaskUpdate
    extra = 0
    fields = ("date", "status", "progress", "note", "evidence_name", "author", "created_at")
    readonly_fields = ("date", "status", "progress", "note", "evidence_name", "author", "created_at")
    can_delete = False
    ordering = ("-date", "-created_at")

    def has_add_permission(self, request, obj=None) -> bool:
        # Updates are posted from the workspace, where the task's state follows them.
        return False


@admin.register(Task)
class TaskAdmin(HistoryAdmin):
    list_display = ("title", "group", "lead_agency", "due_date", "status", "progress", "weight", "last_update_on")
    list_filter = ("status", "group__program__city", "group__program")
    search_fields = ("title", "lead_agency", "public_id")
    list_select_related = ("group",)
    date_hierarchy = "due_date"
    # The state follows the latest update, written by task_update_record only.
    readonly_fields = ("public_id", "status", "progress", "last_update_on")
    revert_allowed = False
    inlines = [TaskUpdateInline]


@admin.register(TaskUpdate)
class TaskUpdateAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    """An update is posted from the workspace (task_update_record), where the task takes its state; editing,
    adding or deleting one here would leave the task's status and progress out of step with its timeline."""

    list_display = ("task", "date", "status", "progress", "author", "evidence_name", "created_at")
    list_filter = ("status", "task__group__program__city", "date")
    search_fields = ("task__title", "note", "evidence_name", "author__username")
    list_select_related = ("task", "author")
    # The evidence file is downloaded from the workspace, after its access check; not linked from here.
    fields = ("public_id", "task", "date", "status", "progress", "note", "evidence_name", "author", "created_at")
    readonly_fields = ("public_id", "created_at")
    revert_allowed = False


class IndicatorValueForm(forms.ModelForm):
    """The admin's values obey the rule of indicator_value_record: none for an indicator counted automatically."""

    def clean(self):
        data = super().clean()
        indicator = data.get("indicator") or getattr(self.instance, "indicator", None)
        if indicator is not None:
            check_indicator_takes_values(indicator)
        return data


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    form = IndicatorValueForm
    extra = 0
    fields = ("period_label", "period_end", "value", "source", "recorded_by")
    raw_id_fields = ("recorded_by",)


@admin.register(Indicator)
class IndicatorAdmin(HistoryAdmin):
    list_display = ("name", "program", "target_kind", "target_value", "target_low", "target_high", "unit", "metric")
    list_filter = ("target_kind", "program__city", "program")
    search_fields = ("name", "code", "program__short_title")
    list_select_related = ("program",)
    inlines = [IndicatorValueInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(HistoryAdmin):
    form = IndicatorValueForm
    list_display = ("indicator", "period_label", "period_end", "value", "source", "recorded_by", "created_at")
    list_filter = ("indicator__program__city", "indicator__program")
    search_fields = ("indicator__name", "period_label", "source")
    list_select_related = ("indicator", "recorded_by")
    raw_id_fields = ("indicator", "recorded_by")


class SignerInline(admin.TabularInline):
    model = Signer
    extra = 0
    fields = ("order", "authority", "position", "full_name", "is_active")


@admin.register(IssuingBody)
class IssuingBodyAdmin(admin.ModelAdmin):
    """The bodies that issue reports: their header lines, place name and abbreviation as Decree 30 prints them,
    and who signs for them. The admin's forms validate every field through the model."""

    list_display = ("name", "city", "kind", "abbreviation", "place_name")
    list_filter = ("city", "kind")
    search_fields = ("name", "code", "abbreviation")
    list_select_related = ("city",)
    inlines = [SignerInline]


@admin.register(Signer)
class SignerAdmin(admin.ModelAdmin):
    list_display = ("full_name", "position", "authority", "body", "order", "is_active")
    list_filter = ("body", "is_active")
    search_fields = ("full_name", "position", "body__name")
    list_select_related = ("body",)
