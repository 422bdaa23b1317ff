"""Filters for the enterprise lists (django-filter)."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.filters import ALL, FilterForm
from core.provinces import PROVINCE_CITY
from enterprises.models import Enrollment, Enterprise, Sector
from enterprises.selectors import search_enterprises
from enterprises.sme import SmeSize
from programs.models import Program

PROVINCE_CHOICES = [(name, name) for name in PROVINCE_CITY]


class PublicEnterpriseFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Tìm theo tên, mã số thuế, quận/huyện"), method="filter_search")
    province = django_filters.ChoiceFilter(label=_("Tỉnh/thành phố"), choices=PROVINCE_CHOICES, empty_label=ALL)
    sector = django_filters.ChoiceFilter(label=_("Ngành chính"), choices=Sector.choices, empty_label=ALL)
    sme_size = django_filters.ChoiceFilter(label=_("Quy mô"), choices=SmeSize.choices, empty_label=ALL)

    class Meta:
        model = Enterprise
        fields = ["q", "province", "sector", "sme_size"]
        form = FilterForm

    def filter_search(self, queryset, name, value):
        return search_enterprises(queryset, value)


class StaffEnterpriseFilter(PublicEnterpriseFilter):
    ownership = django_filters.ChoiceFilter(
        label=_("Loại hình sở hữu"), choices=Enterprise.Ownership.choices, empty_label=ALL
    )
    program = django_filters.ModelChoiceFilter(
        label=_("Tham gia chương trình"), queryset=Program.objects.all(), method="filter_program", empty_label=ALL
    )

    class Meta(PublicEnterpriseFilter.Meta):
        fields = ["q", "province", "sector", "sme_size", "ownership", "program"]

    def filter_program(self, queryset, name, value):
        enrolled = Enrollment.objects.filter(enterprise=OuterRef("pk"), program=value)
        return queryset.filter(Exists(enrolled))
