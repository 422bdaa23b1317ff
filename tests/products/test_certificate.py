"""The recognition certificate in the form of Decree 30/2020/NĐ-CP, read back from the PDF with pdfplumber and pypdf:
quốc hiệu and tiêu ngữ with a rule as long as the motto, the deciding committee in capitals, the place written in
full and the date line, the decision, the signature block, a QR link to the site's own address whatever Host
asked, one page, and a demo recognition that never looks real."""

import datetime
import io

import pdfplumber
import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from products import certificates
from programs.models import IssuingBody, Program, Signer
from programs.seed_data import HCM_RUBBER_PLASTICS
from tests.factories import (
    EnterpriseFactory,
    ProductFactory,
    ProgramFactory,
    RecognitionFactory,
    RecognitionRoundFactory,
)

SITE = "https://congthuong.example.vn"


@pytest.fixture
def hcm_committee(hcm):
    return IssuingBody.objects.create(
        city=hcm,
        kind=IssuingBody.Kind.COMMITTEE,
        code="ubnd-tphcm",
        name="Ủy ban nhân dân Thành phố Hồ Chí Minh",
        header_name="ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
        place_name="Thành phố Hồ Chí Minh",
        abbreviation="UBND",
    )


@pytest.fixture
def hanoi_committee(hanoi):
    return IssuingBody.objects.create(
        city=hanoi,
        kind=IssuingBody.Kind.COMMITTEE,
        code="ubnd-hanoi",
        name="Ủy ban nhân dân Thành phố Hà Nội",
        header_name="ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        place_name="Hà Nội",
        abbreviation="UBND",
    )


@pytest.fixture
def hcm_signer(hcm_committee):
    return Signer.objects.create(
        body=hcm_committee,
        full_name="Nguyễn Văn Thử",
        position="Phó Chủ tịch",
        authority="KT. CHỦ TỊCH",
        order=1,
    )


def _recognition(city, *, demo_on: str = "", year: int = 2024, **fields):
    program = ProgramFactory(
        city=city, issuer="UBND TPHCM", lead_agency="Sở Công Thương TPHCM", title="Chương trình cao su - nhựa"
    )
    round = RecognitionRoundFactory(program=program, year=year, status="closed", is_demo=demo_on == "round")
    enterprise = EnterpriseFactory(name="Công ty TNHH Nhựa Đồng Tiến", is_demo=demo_on == "enterprise")
    product = ProductFactory(enterprise=enterprise, name="Ống nhựa HDPE Đồng Tiến", is_demo=demo_on == "product")
    values = {
        "decision_number": "5012/QĐ-UBND",
        "decision_date": datetime.date(2024, 3, 5),
        "certificate_number": "2024/HCM-1-0001",
        "valid_from": datetime.date(2024, 3, 5),
        "valid_until": datetime.date(2027, 3, 4),
        "is_demo": demo_on == "recognition",
    }
    values.update(fields)
    return RecognitionFactory(product=product, round=round, **values)


def _pdf(recognition) -> bytes:
    return certificates.render_certificate_pdf(recognition)


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def _watermark(pdf: bytes) -> str:
    """The large slanted text across the page (the watermark), spaces aside; "" when there is none."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        slanted = [c for c in page.chars if abs(c["matrix"][1]) > 0.01 and c["size"] >= 40]
        centre = [c for c in slanted if page.width * 0.1 < c["x0"] < page.width * 0.9]
        assert len(centre) == len(slanted)
        return "".join(c["text"] for c in slanted if c["text"].strip())


def _page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _link_uris(pdf: bytes) -> list[str]:
    uris = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


def _regions(pdf: bytes) -> dict[str, list[str]]:
    """The lines of each part of the page: the issuer's header (top left), the national title (top right), the
    text between, the verification column (bottom left) and the signature block (bottom right)."""
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        w, h = page.width, page.height
        boxes = {
            "issuer": (0, 0, w * 0.45, h * 0.25),
            "national": (w * 0.45, 0, w, h * 0.25),
            "body": (0, h * 0.25, w, h * 0.65),
            "verify": (0, h * 0.65, w * 0.5, h),
            "signature": (w * 0.5, h * 0.65, w, h),
        }
        return {
            name: [" ".join(line.split()) for line in (page.crop(box).extract_text() or "").splitlines()]
            for name, box in boxes.items()
        }


def test_the_certificate_is_in_decree_30_form(settings, hcm, hcm_committee, hcm_signer):
    settings.SITE_URL = SITE
    pdf = _pdf(_recognition(hcm))
    parts = _regions(pdf)
    text = _text(pdf)

    assert _page_count(pdf) == 1
    # The committee that made the decision heads the certificate, in capitals; never the department.
    assert parts["issuer"][:2] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH"]
    assert "Sở Công Thương" not in text and "SỞ CÔNG THƯƠNG" not in text and "TPHCM" not in text
    assert parts["issuer"][2] == "Số: 2024/HCM-1-0001"
    # Quốc hiệu, tiêu ngữ, and the place written in full with the date line as Decree 30 writes it.
    assert parts["national"] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Thành phố Hồ Chí Minh, ngày 05 tháng 3 năm 2024",
    ]
    assert "TP. Hồ Chí Minh" not in text and "TP Hồ Chí Minh" not in text
    body = "\n".join(parts["body"])
    assert (
        "Căn cứ Quyết định số 5012/QĐ-UBND ngày 05 tháng 3 năm 2024 của Ủy ban nhân dân Thành phố Hồ Chí Minh" in body
    )
    assert "GIẤY CHỨNG NHẬN" in parts["body"]
    assert "Ống nhựa HDPE Đồng Tiến" in body and "của Công ty TNHH Nhựa Đồng Tiến" in body
    assert "ĐẠT SẢN PHẨM CÔNG NGHIỆP CHỦ LỰC NĂM 2024" in body
    assert "hiệu lực từ ngày 05 tháng 3 năm 2024 đến ngày 04 tháng 3 năm 2027" in body
    # On behalf of the committee, for the chair: the deputy chair, then the signer's full name.
    assert parts["signature"] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Thử"]
    assert "DỮ LIỆU MINH HỌA" not in text and _watermark(pdf) == ""


def test_the_motto_rule_is_as_long_as_the_motto_and_the_page_is_set_in_a_times_metric_serif(hcm, hcm_committee):
    pdf = _pdf(_recognition(hcm))
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        page = document.pages[0]
        words = page.extract_words(keep_blank_chars=True, use_text_flow=True)
        motto = next(w for w in words if "Độc lập - Tự do - Hạnh phúc" in w["text"])
        fonts = {char["fontname"].split("+")[-1] for char in page.chars}
        # The rule is the motto box's bottom border (a line or the box's path): it ends just under the motto's
        # letters and spans them exactly.
        shapes = [*page.lines, *page.rects]
        under = [
            s
            for s in shapes
            if 0 <= s["bottom"] - motto["bottom"] <= 4 and s["x1"] > motto["x0"] and s["x0"] < motto["x1"]
        ]
        assert under, "no rule under the motto"
        rule = under[0]
        assert abs(rule["x0"] - motto["x0"]) < 2 and abs(rule["x1"] - motto["x1"]) < 2
        assert page.width > page.height  # A4 landscape
        assert round(page.width * 25.4 / 72) == 297 and round(page.height * 25.4 / 72) == 210
    # Only the certificate's own faces, Liberation Serif from static/reports/fonts (metric-compatible with Times New
    # Roman): had a file failed to load, the text would be set in a system fallback font.
    assert fonts == {"Certificate-Serif", "Certificate-Serif-Bold", "Certificate-Serif-Italic"}, fonts


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2024, 3, 5), "Hà Nội, ngày 05 tháng 3 năm 2024"),
        (datetime.date(2024, 1, 9), "Hà Nội, ngày 09 tháng 01 năm 2024"),
        (datetime.date(2023, 2, 28), "Hà Nội, ngày 28 tháng 02 năm 2023"),
        (datetime.date(2023, 11, 24), "Hà Nội, ngày 24 tháng 11 năm 2023"),
    ],
)
def test_the_date_line_pads_days_below_10_and_months_1_and_2(day, expected):
    assert certificates.date_line("Hà Nội", day) == expected


def test_a_hanoi_certificate_names_the_hanoi_committee_and_hanoi(hanoi, hanoi_committee):
    recognition = _recognition(hanoi, decision_date=datetime.date(2023, 1, 7), certificate_number="2023/HANOI-9-0004")
    parts = _regions(_pdf(recognition))
    assert parts["issuer"][:2] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"]
    assert parts["national"][2] == "Hà Nội, ngày 07 tháng 01 năm 2023"


def test_without_a_configured_signer_the_block_keeps_the_authority_and_leaves_the_name_blank(hcm, hcm_committee):
    Signer.objects.create(body=hcm_committee, full_name="Trần Thị Nghỉ", position="Phó Chủ tịch", is_active=False)
    parts = _regions(_pdf(_recognition(hcm)))
    assert parts["signature"] == ["TM. ỦY BAN NHÂN DÂN"]


def test_the_qr_link_leads_to_site_url_whatever_host_the_request_named(
    settings, client, login, cast, hcm, hcm_committee
):
    settings.SITE_URL = SITE + "/"
    settings.ALLOWED_HOSTS = ["portal-noi-bo.local", "testserver"]
    recognition = _recognition(hcm)
    recognition.product.enterprise = cast.enterprise_a
    recognition.product.save()
    expected = f"{SITE}/san-pham/xac-minh/{recognition.public_id}/"

    response = login(cast.enterprise_a_user).get(
        reverse("products:certificate_pdf", kwargs={"public_id": recognition.public_id}),
        HTTP_HOST="portal-noi-bo.local",
    )

    assert response.status_code == 200
    pdf = response.content
    assert set(_link_uris(pdf)) == {expected}  # one link, whose box may wrap onto two lines
    assert expected in _text(pdf).replace("\n", "")
    assert "portal-noi-bo.local" not in _text(pdf)
    assert certificates.certificate_context(recognition)["qr"] == certificates.qr_data_uri(expected)


@pytest.mark.parametrize("demo_on", ["recognition", "round", "product", "enterprise"])
def test_a_demo_certificate_carries_the_watermark_and_says_so(hcm, hcm_committee, demo_on):
    pdf = _pdf(_recognition(hcm, demo_on=demo_on))
    text = _text(pdf)
    assert _page_count(pdf) == 1
    assert "DỮ LIỆU MINH HỌA — giấy chứng nhận mẫu" in text
    assert _watermark(pdf) == "DỮLIỆUMINHHỌA"
    assert "không có giá trị pháp lý" in text


def test_a_demo_certificate_can_still_be_downloaded(login, cast, hcm, hcm_committee):
    recognition = _recognition(hcm, demo_on="recognition")
    recognition.product.enterprise = cast.enterprise_a
    recognition.product.save()
    response = login(cast.enterprise_a_user).get(
        reverse("products:certificate_pdf", kwargs={"public_id": recognition.public_id})
    )
    assert response.status_code == 200
    assert "DỮ LIỆU MINH HỌA" in _text(response.content)


def test_an_english_reader_gets_the_vietnamese_certificate(client, login, cast, hcm, hcm_committee):
    recognition = _recognition(hcm)
    recognition.product.enterprise = cast.enterprise_a
    recognition.product.save()
    user_client = login(cast.enterprise_a_user)
    user_client.cookies["django_language"] = "en"
    response = user_client.get(
        reverse("products:certificate_pdf", kwargs={"public_id": recognition.public_id}),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    text = _text(response.content)
    assert "GIẤY CHỨNG NHẬN" in text and "CERTIFICATE" not in text


def test_a_long_product_and_enterprise_name_stays_on_one_page(hcm, hcm_committee, hcm_signer):
    recognition = _recognition(
        hcm,
        product_name="Hạt nhựa tái sinh PET, PP, HDPE đạt tiêu chuẩn tiếp xúc thực phẩm dùng cho bao bì xuất khẩu " * 2,
        enterprise_name="Công ty Cổ phần Sản xuất Thương mại Dịch vụ Xuất nhập khẩu Nhựa và Cao su Kỹ thuật Sài Gòn",
        enterprise_district="Huyện Bình Chánh",
        enterprise_province="Thành phố Hồ Chí Minh",
    )
    assert _page_count(_pdf(recognition)) == 1


def test_a_certificate_on_the_seeded_programmes_is_headed_by_the_seeded_committee(cast):
    call_command("seed_programs", stdout=io.StringIO())
    program = Program.objects.get(slug=HCM_RUBBER_PLASTICS)
    round = RecognitionRoundFactory(program=program, year=2024, status="closed")
    recognition = RecognitionFactory(
        round=round,
        product=ProductFactory(enterprise=cast.enterprise_a),
        decision_date=datetime.date(2024, 2, 9),
        valid_from=datetime.date(2024, 2, 9),
    )
    issuer = certificates.certificate_issuer(recognition)
    assert issuer.header_lines == ("ỦY BAN NHÂN DÂN", "THÀNH PHỐ HỒ CHÍ MINH")
    assert issuer.signature.authority_lines == ("TM. ỦY BAN NHÂN DÂN",)
    html = certificates.certificate_html(recognition)
    assert "Thành phố Hồ Chí Minh, ngày 09 tháng 02 năm 2024" in html
    assert "Sở Công Thương" not in html


def test_the_verification_page_of_a_demo_certificate_never_calls_it_valid(client, hcm, hcm_committee):
    real, demo = _recognition(hcm), _recognition(hcm, demo_on="enterprise", certificate_number="2024/HCM-1-0002")
    real_page = client.get(reverse("products:verify", kwargs={"public_id": real.public_id})).content.decode()
    assert "Giấy chứng nhận hợp lệ" in real_page and "Dữ liệu minh họa" not in real_page
    demo_page = client.get(reverse("products:verify", kwargs={"public_id": demo.public_id})).content.decode()
    assert "Dữ liệu minh họa — không phải giấy chứng nhận thật" in demo_page
    assert "Giấy chứng nhận hợp lệ" not in demo_page and demo.certificate_number in demo_page
    by_number = client.get(reverse("products:verify_search"), {"number": demo.certificate_number}).content.decode()
    assert "không phải giấy chứng nhận thật" in by_number
