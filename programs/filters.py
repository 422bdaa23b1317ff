"""Filters of the tasks list (django-filter); the same filtered rows feed the CSV and XLSX exports."""

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import ALL, FilterForm, VietnameseOrderingFilter
from programs.models import Program, Task, TaskGroup
from programs.selectors import search_tasks


def lead_agency_choices(tasks) -> list[tuple[str, str]]:
    agencies = tasks.exclude(lead_agency="").order_by("lead_agency").values_list("lead_agency", flat=True)
    return [(a, a) for a in agencies.distinct()]


class TaskFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="filter_text")
    program = django_filters.ModelChoiceFilter(
        label=_("Chương trình"), field_name="group__program", queryset=Program.objects.all(), empty_label=ALL
    )
    group = django_filters.ModelChoiceFilter(
        label=_("Nhóm nhiệm vụ"),
        queryset=TaskGroup.objects.select_related("program").order_by("program", "order"),
        empty_label=ALL,
    )
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=Task.Status.choices, empty_label=ALL)
    # Its choices are the agencies of the programmes the list offers (`programs()`), set for each list.
    lead_agency = django_filters.ChoiceFilter(label=_("Đơn vị chủ trì"), choices=list, empty_label=ALL)
    overdue = django_filters.BooleanFilter(
        label=_("Quá hạn"),
        method="filter_overdue",
        widget=django_filters.widgets.BooleanWidget(),
    )
    due = django_filters.DateFromToRangeFilter(
        label=_("Hạn hoàn thành (từ – đến)"),
        field_name="due_date",
        widget=django_filters.widgets.DateRangeWidget(attrs={"type": "date"}),
    )
    sort = VietnameseOrderingFilter(
        label=_("Sắp xếp"),
        empty_label=_("Mặc định"),
        fields=(
            ("due_date", "due_date"),
            ("progress", "progress"),
            ("status", "status"),
            ("title", "title"),
            ("last_update_on", "last_update_on"),
            ("lead_agency", "lead_agency"),
        ),
        field_labels={
            "due_date": _("Hạn hoàn thành"),
            "progress": _("Tiến độ"),
            "status": _("Trạng thái"),
            "title": _("Tên nhiệm vụ"),
            "last_update_on": _("Cập nhật lần cuối"),
            "lead_agency": _("Đơn vị chủ trì"),
        },
    )

    class Meta:
        model = Task
        fields = []
        form = FilterForm

    @staticmethod
    def programs():
        """The programmes whose names, groups and lead agencies the dropdowns offer: all, in the workspace."""
        return Program.objects.all()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.offer_programs(self.programs())
        # Two programs both have a group "1": show which program a group belongs to.
        self.form.fields["group"].label_from_instance = lambda g: f"{g.program} — {g.code}. {g.title}"
        self.form.fields["overdue"].widget.choices = [("", _("Tất cả")), ("true", _("Có")), ("false", _("Không"))]
        # The field's <label> cannot point at two inputs: each date input carries its own accessible name.
        start, end = self.form.fields["due"].widget.widgets
        start.attrs["aria-label"] = _("Hạn hoàn thành từ ngày")
        end.attrs["aria-label"] = _("Hạn hoàn thành đến ngày")

    def offer_programs(self, programs) -> None:
        """The dropdowns offer these programmes, their groups and lead agencies; a choice outside them is refused."""
        self.filters["program"].queryset = programs
        self.filters["group"].queryset = self.filters["group"].queryset.filter(program__in=programs)
        tasks = Task.objects.filter(group__program__in=programs)
        self.filters["lead_agency"].extra["choices"] = lambda: lead_agency_choices(tasks)

    def filter_text(self, queryset, name, value):
        return search_tasks(queryset, value)

    def filter_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        late = Q(due_date__lt=timezone.localdate()) & ~Q(status=Task.Status.DONE)
        return queryset.filter(late) if value else queryset.exclude(late)


class PublicTaskFilter(TaskFilter):
    """The public tasks list: its dropdowns offer published programmes, their groups and agencies only."""

    @staticmethod
    def programs():
        return Program.objects.published()
