import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import ALL, FilterForm
from enterprises.models import Sector
from products.models import Application, Recognition, RecognitionRound
from products.selectors import overdue_condition, search_applications, search_recognitions
from programs.models import City, Program


class RegistryFilter(django_filters.FilterSet):
    """The public registry's filters: its dropdowns offer published programmes, their cities and rounds only."""

    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="search")
    city = django_filters.ModelChoiceFilter(
        label=_("Thành phố"),
        field_name="round__program__city",
        queryset=City.objects.filter(programs__in=Program.objects.published()).distinct(),
        empty_label=ALL,
    )
    program = django_filters.ModelChoiceFilter(
        label=_("Chương trình"),
        field_name="round__program",
        queryset=Program.objects.published(),
        empty_label=ALL,
    )
    round = django_filters.ModelChoiceFilter(
        label=_("Đợt xét chọn"),
        field_name="round",
        queryset=RecognitionRound.objects.filter(program__in=Program.objects.published()),
        empty_label=ALL,
    )
    sector = django_filters.ChoiceFilter(
        label=_("Ngành"), field_name="product_sector", choices=Sector.choices, empty_label=ALL
    )
    kind = django_filters.ChoiceFilter(
        label=_("Loại"), field_name="kind", choices=Recognition.Kind.choices, empty_label=ALL
    )

    class Meta:
        model = Recognition
        fields = []
        form = FilterForm

    def search(self, queryset, name, value):
        return search_recognitions(queryset, value)


class StaffApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="search")
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=Application.Status.choices, empty_label=ALL)
    round = django_filters.ModelChoiceFilter(
        label=_("Đợt xét chọn"), queryset=RecognitionRound.objects.all(), empty_label=ALL
    )
    deadline = django_filters.ChoiceFilter(
        label=_("Hạn xử lý"), choices=[("overdue", _("Quá hạn"))], empty_label=ALL, method="overdue"
    )

    class Meta:
        model = Application
        fields = []
        form = FilterForm

    def search(self, queryset, name, value):
        return search_applications(queryset, value)

    def overdue(self, queryset, name, value):
        return queryset.filter(overdue_condition(timezone.localdate())) if value == "overdue" else queryset
