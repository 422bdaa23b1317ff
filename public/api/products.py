"""Open data, read-only: the registry of recognised products, filtered as on the registry page.

Applications (drafts, dossiers, scores, comments) are never exposed; only decided recognitions are.
"""

from rest_framework import serializers

from products.filters import RegistryFilter
from products.models import Recognition
from products.selectors import registry_recognitions
from public.api.open_data import IdFilter, OpenDataViewSet, documented


class RecognisedProductSerializer(serializers.ModelSerializer):
    # Name, sector and enterprise as recognised: a later rename of the product or enterprise changes none of them.
    product = serializers.CharField(source="product_name", read_only=True)
    sector = serializers.CharField(source="product_sector", read_only=True)
    enterprise = serializers.UUIDField(source="product.enterprise.public_id", read_only=True)
    enterprise_name = serializers.CharField(read_only=True)
    district = serializers.CharField(source="enterprise_district", read_only=True)
    province = serializers.CharField(source="enterprise_province", read_only=True)
    program = serializers.SlugRelatedField(source="round.program", slug_field="slug", read_only=True)
    city = serializers.CharField(source="round.program.city.code", read_only=True)
    year = serializers.IntegerField(source="round.year", read_only=True)

    class Meta:
        model = Recognition
        fields = [
            "public_id",
            "product",
            "sector",
            "enterprise",
            "enterprise_name",
            "district",
            "province",
            "program",
            "city",
            "year",
            "kind",
            "is_first_time",
            "decision_number",
            "decision_date",
            "certificate_number",
            "valid_from",
            "valid_until",
        ]


class RegistryApiFilter(RegistryFilter):
    """The registry page's filters, with city, programme and round as ids rather than dropdown choices."""

    city = IdFilter(field_name="round__program__city", help_text="Mã số (id) thành phố")
    program = IdFilter(field_name="round__program", help_text="Mã số (id) chương trình")
    round = IdFilter(field_name="round", help_text="Mã số (id) đợt xét chọn")


@documented
class RecognisedProductViewSet(OpenDataViewSet):
    """Sản phẩm công nghiệp chủ lực, tiềm năng đã được công nhận, kèm giấy chứng nhận."""

    serializer_class = RecognisedProductSerializer
    filterset_class = RegistryApiFilter
    lookup_field = "public_id"

    def get_queryset(self):
        return registry_recognitions()
