"""Open data, read-only: the public fields of enterprises, filtered as in the directory.

Contact email and phone, the representative, staff notes, figures behind the SME size and the accounts
that claimed an enterprise are private: the selector never loads them and the serializer never names them.
"""

from rest_framework import serializers, viewsets

from enterprises.filters import PublicEnterpriseFilter
from enterprises.models import Certification, Enterprise
from enterprises.selectors import PUBLIC_FIELDS, public_directory


class CertificationSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Certification
        fields = ["standard", "name"]


class PublicEnterpriseSerializer(serializers.ModelSerializer):
    certifications = CertificationSerializer(many=True, read_only=True)

    class Meta:
        model = Enterprise
        # The directory's public fields (the integer id aside), and nothing else.
        fields = [name for name in PUBLIC_FIELDS if name != "id"] + ["certifications"]


class PublicEnterpriseViewSet(viewsets.ReadOnlyModelViewSet):
    """Doanh nghiệp tham gia các chương trình: chỉ các trường công khai."""

    serializer_class = PublicEnterpriseSerializer
    filterset_class = PublicEnterpriseFilter
    lookup_field = "public_id"

    def get_queryset(self):
        return public_directory()
