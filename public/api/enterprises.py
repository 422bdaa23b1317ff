"""Open data, read-only: the public fields of enterprises, filtered as in the directory.

Contact email and phone, the representative, staff notes, figures behind the SME size and the accounts
that claimed an enterprise are private: the selector never loads them and the serializer never names them.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from enterprises.filters import PublicEnterpriseFilter
from enterprises.models import Certification, Enterprise
from enterprises.selectors import PUBLIC_FIELDS
from public.api.open_data import OpenDataViewSet, documented
from public.selectors import public_directory


class CertificationSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Certification
        fields = ["standard", "name"]


class PublicEnterpriseSerializer(serializers.ModelSerializer):
    certifications = CertificationSerializer(many=True, read_only=True)
    recognised_products = serializers.SerializerMethodField(help_text="Sản phẩm của doanh nghiệp đã được công nhận")

    class Meta:
        model = Enterprise
        # The directory's public fields (the integer id aside), and nothing else.
        fields = [name for name in PUBLIC_FIELDS if name != "id"] + ["certifications", "recognised_products"]

    # A prefetched list (to_attr), not a model field: its schema type is stated, or the deploy check warns.
    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_recognised_products(self, enterprise) -> list[str]:
        return [product.certified_name for product in enterprise.recognised_products]


@documented
class PublicEnterpriseViewSet(OpenDataViewSet):
    """Doanh nghiệp tham gia các chương trình: chỉ các trường công khai."""

    serializer_class = PublicEnterpriseSerializer
    filterset_class = PublicEnterpriseFilter
    lookup_field = "public_id"

    def get_queryset(self):
        return public_directory()
