"""Recognition decisions: first-time or renewal from history, numbers, the registry, indicators, certificates."""

import datetime
import io
from decimal import Decimal

import pytest
from pypdf import PdfReader

from core.pdf import PdfFetcher
from products import services
from products.certificates import render_certificate_pdf
from products.models import Application, Recognition
from programs.metrics import compute_metrics
from tests.factories import ProductFactory, RecognitionFactory, RecognitionRoundFactory
from tests.products.factories import ApplicationFactory

S = Application.Status
TODAY = datetime.date.today()


def _decide(cast, application):
    return services.application_decide(
        actor=cast.staff_hcm, application=application, decision_number="2468/QĐ-UBND", decision_date=TODAY
    )


def test_a_product_never_recognised_before_is_first_time(cast, make_application):
    recognition = _decide(cast, make_application(S.PUBLIC_COMMENT))
    assert recognition.is_first_time is True
    assert recognition.kind == "key"
    assert recognition.decision_number == "2468/QĐ-UBND"
    assert recognition.valid_from == TODAY
    assert recognition.valid_until == TODAY.replace(year=TODAY.year + 3)


def test_a_product_recognised_in_an_earlier_round_is_a_renewal(cast, make_application, round_setup, product_a):
    earlier = RecognitionRoundFactory(program=round_setup.round.program, year=2021)
    RecognitionFactory(product=product_a, round=earlier)

    recognition = _decide(cast, make_application(S.PUBLIC_COMMENT))

    assert recognition.is_first_time is False


def test_another_products_history_does_not_make_a_renewal(cast, make_application, round_setup):
    earlier = RecognitionRoundFactory(program=round_setup.round.program, year=2021)
    RecognitionFactory(product=ProductFactory(enterprise=cast.enterprise_a), round=earlier)
    assert _decide(cast, make_application(S.PUBLIC_COMMENT)).is_first_time is True


def test_certificate_numbers_are_unique_within_a_round(cast, make_application, round_setup):
    first = _decide(cast, make_application(S.PUBLIC_COMMENT))
    other = ApplicationFactory(
        round=round_setup.round,
        product=ProductFactory(enterprise=cast.enterprise_b),
        status=S.PUBLIC_COMMENT,
        comment_opens_on=TODAY - datetime.timedelta(days=10),
        comment_closes_on=TODAY - datetime.timedelta(days=1),
        score_average=Decimal(90),
        score_count=3,
    )
    second = _decide(cast, other)
    assert first.certificate_number != second.certificate_number
    assert first.certificate_number.startswith("2024/HCM-")


def test_round_decision_recognises_passed_and_rejects_failed_at_once(cast, make_application, round_setup, signer):
    passed = make_application(S.PUBLIC_COMMENT)
    failed = ApplicationFactory(
        round=round_setup.round,
        product=ProductFactory(enterprise=cast.enterprise_b),
        status=S.PUBLIC_COMMENT,
        comment_opens_on=TODAY - datetime.timedelta(days=10),
        comment_closes_on=TODAY - datetime.timedelta(days=1),
        score_average=Decimal("65.5"),
        score_count=3,
    )
    program_id = round_setup.round.program_id
    # Nothing recognised yet: the programme is absent from the count (its indicator reads "Chưa có số liệu").
    assert ("recognised_products", program_id) not in compute_metrics({("recognised_products", program_id)})

    outcome = services.round_decide(
        actor=cast.staff_hcm, round=round_setup.round, decision_number="77/QĐ-UBND", decision_date=TODAY, signer=signer
    )

    assert [r.application for r in outcome.recognised] == [passed]
    assert outcome.rejected == [failed]
    # The program's computed indicators read the new recognitions at once.
    metrics = compute_metrics({("recognised_products", program_id), ("first_time_recognitions", program_id)})
    assert metrics[("recognised_products", program_id)] == 1
    assert metrics[("first_time_recognitions", program_id)] == 1


def test_registry_lists_the_new_recognition(cast, client, make_application):
    _decide(cast, make_application(S.PUBLIC_COMMENT))
    response = client.get("/san-pham/", {"q": "ong nhua dong tien"})
    assert response.status_code == 200
    assert "Ống nhựa HDPE Đồng Tiến" in response.content.decode()


def test_certificate_pdf_carries_the_verification_link(cast, make_application, settings):
    settings.SITE_URL = "https://congthuong.example.vn"
    recognition = _decide(cast, make_application(S.PUBLIC_COMMENT))

    pdf = render_certificate_pdf(recognition)

    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert recognition.certificate_number in text
    assert f"https://congthuong.example.vn/san-pham/xac-minh/{recognition.public_id}/" in text.replace("\n", "")


def test_certificate_download_and_public_verification(cast, login, make_application):
    recognition = _decide(cast, make_application(S.PUBLIC_COMMENT))
    client = login(cast.enterprise_a_user)
    response = client.get(f"/san-pham/chung-nhan/{recognition.public_id}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert login(cast.enterprise_b_user).get(f"/san-pham/chung-nhan/{recognition.public_id}/pdf/").status_code == 404

    client.logout()
    page = client.get(f"/san-pham/xac-minh/{recognition.public_id}/").content.decode()
    assert "Giấy chứng nhận hợp lệ" in page and recognition.certificate_number in page
    by_number = client.get("/san-pham/xac-minh/", {"number": recognition.certificate_number}).content.decode()
    assert "Giấy chứng nhận hợp lệ" in by_number
    unknown = client.get("/san-pham/xac-minh/", {"number": "KHONG-CO"}).content.decode()
    assert "Không tìm thấy" in unknown


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest", "file:///etc/passwd", "https://example.com/a.png"])
def test_the_certificate_fetcher_refuses_everything_but_data_uris(url):
    with pytest.raises(ValueError, match="disallowed"):
        PdfFetcher().fetch(url)


def test_the_certificate_fetcher_reads_data_uris():
    response = PdfFetcher().fetch("data:text/plain;base64,eGlu")
    assert response.read() == b"xin"


def test_recognition_is_recorded_once(cast, make_application):
    application = make_application(S.PUBLIC_COMMENT)
    _decide(cast, application)
    assert Recognition.objects.filter(application=application).count() == 1
