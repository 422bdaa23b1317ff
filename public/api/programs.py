"""Open data, read-only: programs, task groups, tasks, indicators and their values, public fields only.

A task's notes, evidence files and authors, and an indicator value's notes and who entered it, are staff
working material and never leave the workspace. The list filters are the ones of the public pages, typed for the API (ids, `true`/`false`); what the
published schema says of pages, parameters and error answers is in public/api/open_data.py.
"""

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from programs.filters import PublicTaskFilter
from programs.models import Indicator, IndicatorValue, Program, Task, TaskGroup
from programs.selectors import indicator_row, indicators_and_context, status_of, task_count_note, value_text
from programs.standing import load_standings, program_status
from public.api.open_data import IdFilter, OpenDataViewSet, StrictBooleanFilter, documented
from public.selectors import public_programs, public_tasks

# --- Standing ---------------------------------------------------------------------------------------
# The figures of standing (progress, task counts, actuals, attainment) are those of programs/standing.py,
# loaded at once for the programmes of the objects on the page.


class StandingViewSetMixin:
    """Puts `standings` (what `standings_of` finds for the serialized objects) in the serializer context."""

    def get_serializer(self, *args, **kwargs):
        instances = args[0] if args else kwargs.get("instance")
        if instances is not None:
            many = list(instances) if kwargs.get("many") else [instances]
            kwargs["context"] = {**self.get_serializer_context(), "standings": self.standings_of(many)}
        return super().get_serializer(*args, **kwargs)

    def standings_of(self, instances: list) -> dict:
        raise NotImplementedError


def _programs_of(objects) -> list:
    return list({o.program_id: o.program for o in objects}.values())


def _progress(value) -> str | None:
    """A progress figure as the API writes it ("70.0"); None where no task has a measured progress."""
    return None if value is None else str(value)


# --- Programs --------------------------------------------------------------------------------------


class ProgramSerializer(serializers.ModelSerializer):
    city = serializers.SlugRelatedField(slug_field="code", read_only=True)
    city_name = serializers.CharField(source="city.name", read_only=True)
    fields_of_focus = serializers.ListField(source="focus_list", child=serializers.CharField(), read_only=True)
    status = serializers.SerializerMethodField(
        help_text="Trạng thái theo thời gian thực hiện: kế hoạch đã hết kỳ là đã kết thúc (completed)"
    )
    status_label = serializers.SerializerMethodField(help_text="Trạng thái, như trang chương trình ghi")
    progress = serializers.SerializerMethodField(
        help_text="Tiến độ chung có trọng số (%), tính trên các nhiệm vụ có tỷ lệ hoàn thành đo được; "
        "null: chưa có số liệu (không phải 0)"
    )
    task_count = serializers.SerializerMethodField(help_text="Số nhiệm vụ được nêu tên và theo dõi tại cổng")
    stated_task_count = serializers.SerializerMethodField(
        help_text="Số nhiệm vụ văn bản kế hoạch nêu, khi văn bản không liệt kê đủ từng nhiệm vụ; null nếu không nêu"
    )
    group_count = serializers.SerializerMethodField()
    deployed_group_count = serializers.SerializerMethodField(help_text="Số nhóm nhiệm vụ đã triển khai")

    class Meta:
        model = Program
        fields = [
            "id",
            "slug",
            "city",
            "city_name",
            "kind",
            "title",
            "short_title",
            "issuer",
            "lead_agency",
            "plan_number",
            "plan_date",
            "period_start",
            "period_end",
            "vision_year",
            "status",
            "summary",
            "fields_of_focus",
            "midterm_result",
            "source",
            "status_label",
            "progress",
            "task_count",
            "stated_task_count",
            "group_count",
            "deployed_group_count",
        ]

    def _standing(self, program):
        return self.context["standings"][program.id]

    @extend_schema_field(serializers.ChoiceField(choices=list(Program.PUBLISHED_STATUSES)))
    def get_status(self, program) -> str:
        return status_of(self._standing(program))[0]

    @extend_schema_field(serializers.CharField())
    def get_status_label(self, program) -> str:
        return status_of(self._standing(program))[1]

    @extend_schema_field(serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True))
    def get_progress(self, program) -> str | None:
        return _progress(self._standing(program).progress)

    @extend_schema_field(serializers.IntegerField())
    def get_task_count(self, program) -> int:
        return self._standing(program).task_count

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_stated_task_count(self, program) -> int | None:
        return task_count_note(self._standing(program)).stated_task_count

    @extend_schema_field(serializers.IntegerField())
    def get_group_count(self, program) -> int:
        return self._standing(program).group_count

    @extend_schema_field(serializers.IntegerField())
    def get_deployed_group_count(self, program) -> int:
        return self._standing(program).deployed_group_count


class ProgramFilter(django_filters.FilterSet):
    city = django_filters.CharFilter(field_name="city__code", help_text="Mã thành phố: hcm, hanoi")
    # Drafts are never published: their status is no value of this filter. The status filtered on is the one
    # the answers give, the status by date (programs.standing.program_status): a plan whose period is over
    # has ended whatever its stored status says.
    status = django_filters.ChoiceFilter(
        choices=[choice for choice in Program.Status.choices if choice[0] in Program.PUBLISHED_STATUSES],
        method="filter_status",
    )

    class Meta:
        model = Program
        fields = ["city", "status", "kind"]

    def filter_status(self, queryset, name, value):
        # A city's programmes are a handful: the one rule is applied to each rather than restated in SQL.
        today = timezone.localdate()
        return queryset.filter(pk__in=[p.pk for p in queryset if program_status(p, today) == value])


@documented
class ProgramViewSet(StandingViewSetMixin, OpenDataViewSet):
    """Chương trình, kế hoạch hỗ trợ phát triển công nghiệp, với tiến độ chung."""

    serializer_class = ProgramSerializer
    filterset_class = ProgramFilter
    lookup_field = "slug"

    def get_queryset(self):
        return public_programs().order_by("city__name", "period_start")

    def standings_of(self, programs):
        return load_standings(programs, with_indicators=False)


# --- Task groups and tasks ---------------------------------------------------------------------------


class TaskGroupSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    progress = serializers.SerializerMethodField(
        help_text="Tiến độ có trọng số (%) trên các nhiệm vụ có tỷ lệ đo được; null: chưa có số liệu (không phải 0)"
    )
    deployed = serializers.SerializerMethodField(help_text="Đã triển khai: mọi nhiệm vụ của nhóm đã bắt đầu")
    task_count = serializers.SerializerMethodField()

    class Meta:
        model = TaskGroup
        fields = ["id", "program", "order", "code", "title", "description", "progress", "deployed", "task_count"]

    @extend_schema_field(serializers.DecimalField(max_digits=4, decimal_places=1, allow_null=True))
    def get_progress(self, group) -> str | None:
        return _progress(self.context["standings"][group.id].progress)

    @extend_schema_field(serializers.BooleanField())
    def get_deployed(self, group) -> bool:
        return self.context["standings"][group.id].deployed

    @extend_schema_field(serializers.IntegerField())
    def get_task_count(self, group) -> int:
        return self.context["standings"][group.id].task_count


class TaskGroupFilter(django_filters.FilterSet):
    program = django_filters.CharFilter(field_name="program__slug", help_text="Mã định danh (slug) chương trình")

    class Meta:
        model = TaskGroup
        fields = ["program"]


@documented
class TaskGroupViewSet(StandingViewSetMixin, OpenDataViewSet):
    """Nhóm nhiệm vụ và giải pháp của mỗi chương trình, với tiến độ có trọng số."""

    serializer_class = TaskGroupSerializer
    filterset_class = TaskGroupFilter

    def get_queryset(self):
        return (
            TaskGroup.objects.for_published_programs()
            .select_related("program")
            .order_by("program__city__name", "program__period_start", "order")
        )

    def standings_of(self, groups):
        standings = load_standings(_programs_of(groups), with_indicators=False)
        return {g.group.id: g for standing in standings.values() for g in standing.groups}


class TaskSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(source="group.program", slug_field="slug", read_only=True)
    group = serializers.PrimaryKeyRelatedField(read_only=True)
    group_code = serializers.CharField(source="group.code", read_only=True)
    is_overdue = serializers.BooleanField(source="is_late", read_only=True)
    progress = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Tiến độ (%); null: chưa đo được tỷ lệ hoàn thành (không phải 0)",
    )

    class Meta:
        model = Task
        fields = [
            "public_id",
            "program",
            "group",
            "group_code",
            "order",
            "title",
            "description",
            "lead_agency",
            "due_date",
            "weight",
            "status",
            "progress",
            "last_update_on",
            "is_overdue",
        ]


class TaskApiFilter(PublicTaskFilter):
    """The public list's filters; programme, group and lead agency are typed values, not dropdown choices."""

    program = IdFilter(field_name="group__program", help_text="Mã số (id) chương trình")
    group = IdFilter(field_name="group", help_text="Mã số (id) nhóm nhiệm vụ")
    lead_agency = django_filters.CharFilter(field_name="lead_agency", help_text="Đơn vị chủ trì, đúng như ghi")
    overdue = StrictBooleanFilter(method="filter_overdue", help_text="Quá hạn: true hoặc false")

    def offer_programs(self, programs) -> None:
        pass  # no dropdowns: the queryset holds published programmes' tasks only


@documented
class TaskViewSet(OpenDataViewSet):
    """Nhiệm vụ cụ thể: trạng thái và tiến độ; lọc như trang danh sách nhiệm vụ công khai."""

    serializer_class = TaskSerializer
    filterset_class = TaskApiFilter
    lookup_field = "public_id"

    def get_queryset(self):
        return public_tasks()


# --- Indicators and their values ---------------------------------------------------------------------


class IndicatorValueSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(source="indicator.program", slug_field="slug", read_only=True)
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    qualifier = serializers.SerializerMethodField(
        help_text="Cách nguồn ghi số liệu: about (khoảng), over (hơn), nearly (gần), under (dưới); rỗng: chính xác"
    )
    value_display = serializers.SerializerMethodField(
        help_text="Giá trị như nguồn ghi, giữ cách ghi và đơn vị: «hơn 400 sản phẩm»"
    )

    class Meta:
        model = IndicatorValue
        fields = [
            "id",
            "program",
            "indicator",
            "period_label",
            "period_end",
            "value",
            "qualifier",
            "value_display",
            "source",
        ]

    @extend_schema_field(serializers.ChoiceField(choices=IndicatorValue.Qualifier.values))
    def get_qualifier(self, value) -> str:
        return getattr(value, "qualifier", "")

    @extend_schema_field(serializers.CharField())
    def get_value_display(self, value) -> str:
        return value_text(value)


class IndicatorSerializer(serializers.ModelSerializer):
    program = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    target = serializers.CharField(source="target_display", read_only=True, help_text="Mục tiêu như văn bản ghi")
    is_computed = serializers.BooleanField(read_only=True, help_text="Giá trị thực tế đếm tự động từ cơ sở dữ liệu")
    role = serializers.ChoiceField(
        choices=Indicator.Role.choices,
        read_only=True,
        help_text="indicator: chỉ tiêu của chương trình; context: số liệu bối cảnh về thành phố, ngành (kèm nguồn), "
        "không phải mục tiêu của chương trình",
    )
    actual = serializers.SerializerMethodField(help_text="Giá trị thực tế; null: chưa có số liệu (không phải 0)")
    actual_display = serializers.SerializerMethodField(
        help_text="Giá trị thực tế như nguồn ghi, giữ cách ghi và đơn vị («gần 5.000 doanh nghiệp»); rỗng: chưa có"
    )
    attainment = serializers.SerializerMethodField()
    values = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "id",
            "program",
            "order",
            "code",
            "name",
            "unit",
            "target_kind",
            "target_value",
            "target_low",
            "target_high",
            "target",
            "period_label",
            "role",
            "is_computed",
            "actual",
            "actual_display",
            "attainment",
            "values",
        ]

    def _standing(self, indicator):
        return self.context["standings"][indicator.id]

    @extend_schema_field(serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True))
    def get_actual(self, indicator) -> str | None:
        actual = self._standing(indicator).actual
        return None if actual is None else str(actual)

    @extend_schema_field(serializers.CharField())
    def get_actual_display(self, indicator) -> str:
        return indicator_row(self._standing(indicator)).actual_display

    @extend_schema_field(serializers.ChoiceField(choices=["below", "within", "above"], allow_null=True))
    def get_attainment(self, indicator) -> str | None:
        """A context figure is no target of the programme: never attained or missed."""
        if indicator.role == Indicator.Role.CONTEXT:
            return None
        attainment = self._standing(indicator).attainment
        return None if attainment is None else str(attainment.value)

    @extend_schema_field(IndicatorValueSerializer(many=True))
    def get_values(self, indicator):
        return IndicatorValueSerializer(self._standing(indicator).history, many=True).data


class IndicatorFilter(django_filters.FilterSet):
    program = django_filters.CharFilter(field_name="program__slug", help_text="Mã định danh (slug) chương trình")

    class Meta:
        model = Indicator
        fields = ["program", "code", "target_kind", "role"]


@documented
class IndicatorViewSet(StandingViewSetMixin, OpenDataViewSet):
    """Chỉ tiêu của mỗi chương trình: mục tiêu như văn bản ghi, giá trị thực tế, mức đạt và các giá trị."""

    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter

    def get_queryset(self):
        return (
            Indicator.objects.for_published_programs()
            .select_related("program")
            .order_by("program__city__name", "program__period_start", "order")
        )

    def standings_of(self, indicators):
        """Actual values and attainment of the indicators on the page, computed for their programs at once."""
        standings = load_standings(_programs_of(indicators), with_groups=False)
        return {
            s.indicator.id: s
            for standing in standings.values()
            for part in indicators_and_context(standing)
            for s in part
        }


class IndicatorValueFilter(django_filters.FilterSet):
    program = django_filters.CharFilter(field_name="indicator__program__slug", help_text="Mã định danh chương trình")
    indicator = django_filters.CharFilter(field_name="indicator__code", help_text="Mã chỉ tiêu")

    class Meta:
        model = IndicatorValue
        fields = ["program", "indicator"]


@documented
class IndicatorValueViewSet(OpenDataViewSet):
    """Giá trị đã ghi nhận của các chỉ tiêu theo kỳ, kèm nguồn số liệu."""

    serializer_class = IndicatorValueSerializer
    filterset_class = IndicatorValueFilter

    def get_queryset(self):
        return (
            IndicatorValue.objects.for_published_programs()
            .select_related("indicator__program")
            .order_by("indicator__program_id", "indicator__order", "period_end", "id")
        )
