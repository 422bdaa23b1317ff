import django_filters
from django.utils.translation import gettext_lazy as _

from enterprises.models import Sector
from products.models import Application, Recognition, RecognitionRound
from products.selectors import search_applications, search_recognitions
from programs.filters import FilterForm
from programs.models import City, Program


class RegistryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="search")
    city = django_filters.ModelChoiceFilter(
        label=_("Thành phố"), field_name="round__program__city", queryset=City.objects.all()
    )
    program = django_filters.ModelChoiceFilter(
        label=_("Chương trình"), field_name="round__program", queryset=Program.objects.all()
    )
    round = django_filters.ModelChoiceFilter(
        label=_("Đợt xét chọn"), field_name="round", queryset=RecognitionRound.objects.all()
    )
    sector = django_filters.ChoiceFilter(label=_("Ngành"), field_name="product__sector", choices=Sector.choices)
    kind = django_filters.ChoiceFilter(label=_("Loại"), field_name="kind", choices=Recognition.Kind.choices)

    class Meta:
        model = Recognition
        fields = []
        form = FilterForm

    def search(self, queryset, name, value):
        return search_recognitions(queryset, value)


class StaffApplicationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm kiếm"), method="search")
    status = django_filters.ChoiceFilter(label=_("Trạng thái"), choices=Application.Status.choices)
    round = django_filters.ModelChoiceFilter(label=_("Đợt xét chọn"), queryset=RecognitionRound.objects.all())

    class Meta:
        model = Application
        fields = []
        form = FilterForm

    def search(self, queryset, name, value):
        return search_applications(queryset, value)
