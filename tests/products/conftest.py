"""A Hanoi-style round seen from HCMC: criteria adding up to 100, two required documents, a three-member council."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from products.models import Application
from tests.factories import ProductFactory, ProgramFactory, RecognitionRoundFactory, UserFactory
from tests.products.factories import ApplicationFactory, CouncilMemberFactory, CriterionFactory, DocumentTypeFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

CRITERIA = [
    ("Thị trường", Decimal(30)),
    ("Kinh tế - kỹ thuật", Decimal(40)),
    ("Xã hội - môi trường", Decimal(20)),
    ("Khác", Decimal(10)),
]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The cast's passwords only need to exist; the real hasher costs seconds per test.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pdf_file(name: str = "giay-phep.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@dataclass
class RoundSetup:
    round: object
    document_types: list
    criteria: list
    members: list


@pytest.fixture
def round_setup(cast, hcm):
    # The programme states a validity of three years (a decision is refused without one: products/decision.py).
    program = ProgramFactory(city=hcm, slug="cao-su-nhua-hcm", short_title="Cao su - nhựa", recognition_valid_years=3)
    round = RecognitionRoundFactory(program=program, year=2024, title="Xét chọn năm 2024")
    document_types = [
        DocumentTypeFactory(round=round, name="Giấy chứng nhận đăng ký doanh nghiệp"),
        DocumentTypeFactory(round=round, name="Báo cáo tài chính 2 năm gần nhất"),
        DocumentTypeFactory(round=round, name="Tài liệu khác", is_required=False),
    ]
    criteria = [CriterionFactory(round=round, name=name, max_points=points) for name, points in CRITERIA]
    members = [
        CouncilMemberFactory(round=round, user=cast.official, title="Chủ tịch"),
        CouncilMemberFactory(round=round, user=UserFactory(username="hoidong.2", role="official")),
        CouncilMemberFactory(round=round, user=UserFactory(username="hoidong.3", role="staff", city=hcm)),
    ]
    return RoundSetup(round=round, document_types=document_types, criteria=criteria, members=members)


@pytest.fixture
def product_a(cast):
    return ProductFactory(enterprise=cast.enterprise_a, name="Ống nhựa HDPE Đồng Tiến")


@pytest.fixture
def make_application(round_setup, product_a):
    """An application of enterprise A at any status, with what that status implies already in place."""

    def _make(status: str = Application.Status.DRAFT, **kwargs) -> Application:
        fields = {"round": round_setup.round, "product": product_a, "status": status}
        if status == Application.Status.PUBLIC_COMMENT:
            fields.update(
                comment_opens_on=datetime.date.today() - datetime.timedelta(days=20),
                comment_closes_on=datetime.date.today() - datetime.timedelta(days=1),
                score_average=Decimal("82.50"),
                score_count=3,
            )
        fields.update(kwargs)
        return ApplicationFactory(**fields)

    return _make


@pytest.fixture
def with_required_documents(round_setup):
    """Make the dossier complete: a stored PDF for every required document type of the round, and every required
    figure of its three years (tests.products.factories.fill_figures)."""
    from products.models import ApplicationDocument
    from tests.products.factories import fill_figures

    def _attach(application: Application) -> Application:
        fill_figures(application)
        for document_type in round_setup.document_types:
            if document_type.is_required:
                document = ApplicationDocument(
                    application=application,
                    document_type=document_type,
                    original_name="tai-lieu.pdf",
                    content_type="application/pdf",
                    size=len(PDF_BYTES),
                    sha256="0" * 64,
                )
                document.file.save("upload", pdf_file(), save=True)
        return application

    return _attach


# A round run the new way (published list, UBND decision): fixtures of the comment, decision and recognition tests.
from tests.products.round_flow import committee, department, published_past, scored, signer  # noqa: E402, F401
