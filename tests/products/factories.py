"""Factories for the application workflow (the shared ones live in tests/factories.py)."""

from decimal import Decimal

import factory

from products.models import Application, CouncilMember, Criterion, DocumentType
from tests.factories import ProductFactory, RecognitionRoundFactory, UserFactory


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentType

    round = factory.SubFactory(RecognitionRoundFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Tài liệu bắt buộc số {n}")
    is_required = True


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    round = factory.SubFactory(RecognitionRoundFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Tiêu chí {n}")
    max_points = Decimal(25)


class CouncilMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CouncilMember

    round = factory.SubFactory(RecognitionRoundFactory)
    user = factory.SubFactory(UserFactory, role="official")
    title = "Thành viên"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    round = factory.SubFactory(RecognitionRoundFactory)
    product = factory.SubFactory(ProductFactory)
    enterprise = factory.LazyAttribute(lambda o: o.product.enterprise)
    kind = "key"
    status = Application.Status.DRAFT
    market_summary = "Doanh thu tăng 12%/năm, xuất khẩu sang Nhật Bản."
    technical_summary = "Dây chuyền ép phun tự động, đạt ISO 9001:2015."
    social_summary = "Xử lý phế liệu nhựa tại chỗ, 120 lao động có bảo hiểm xã hội."
