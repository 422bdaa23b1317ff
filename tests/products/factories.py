"""Factories for the application workflow (the shared ones live in tests/factories.py)."""

from decimal import Decimal

import factory

from products.models import Application, ApplicationFigure, CouncilMember, Criterion, DocumentType
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


def fill_figures(application: Application, **overrides) -> list[ApplicationFigure]:
    """Give the dossier every required figure of its three years (the three before its round's year), growing a
    little each year; `overrides` replace a field in every year. Labour productivity is left to the service's
    rule (revenue ÷ workers), computed here the same way."""
    from products.dossier import figure_years, labour_productivity

    figures = []
    for n, year in enumerate(figure_years(application.round)):
        values = {
            "output_quantity": Decimal(1200 + 100 * n),
            "output_unit": "tấn",
            "revenue": Decimal(48000 + 4000 * n),
            "export_value": Decimal(900 + 50 * n),
            "workers": 120 + 5 * n,
            **overrides,
        }
        values["labour_productivity"] = labour_productivity(values["revenue"], values["workers"])
        figure, _created = ApplicationFigure.objects.update_or_create(
            application=application, year=year, defaults=values
        )
        figures.append(figure)
    return figures
