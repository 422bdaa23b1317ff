"""The PDF in the form of Decree 30/2020/NĐ-CP (Appendix I), read back with pdfplumber and pypdf: place name,
number line, rules, period line, recipients, signature block, page numbers, margins, fonts, and nothing else."""

import datetime
import re
from io import StringIO

import pdfplumber
import pytest
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfReader

from programs.models import City, IssuingBody, Program, Signer
from reports.models import Report
from reports.rendering import DocumentIssue, DocumentMeta, Recipient, SignatureBlock, render_report_pdf
from reports.selectors import report_data
from reports.services import report_render, report_request

MM = 72 / 25.4
A4_WIDTH, A4_HEIGHT = 210 * MM, 297 * MM
ISSUED = DocumentIssue(
    number="05/BC-SCT",
    issued_on=datetime.date(2024, 3, 5),
    signer=SignatureBlock(authority="KT. GIÁM ĐỐC", position="PHÓ GIÁM ĐỐC", full_name="Nguyễn Văn An"),
    recipients=(Recipient("Ủy ban nhân dân Thành phố Hồ Chí Minh", "để báo cáo"), Recipient("Bộ Công Thương", "")),
    verify_url="https://congthuong.example.vn/bao-cao/xac-minh/3f6c1c1e/",
    sections={"kinh_phi": "Kinh phí thực hiện năm 2023 do ngân sách thành phố bảo đảm."},
)


def _meta() -> DocumentMeta:
    return DocumentMeta(
        generated_at=timezone.now(),
        requested_by="lanhdao",
        template_version="test",
        fingerprint="ab" * 32,
        data_version="db/1/42",
    )


def _render(tmp_path, data, document=None, name="report.pdf"):
    path = tmp_path / name
    path.write_bytes(render_report_pdf(data, _meta(), document).content)
    return path


@pytest.fixture
def hcm_data(seeded):
    return report_data(
        kind=Report.Kind.MIDTERM,
        program_id=seeded.id,
        period_start=datetime.date(2020, 1, 1),
        period_end=datetime.date(2023, 12, 31),
    )


@pytest.fixture
def issued_pdf(hcm_data, tmp_path):
    return _render(tmp_path, hcm_data, ISSUED, "issued.pdf")


@pytest.fixture
def draft_pdf(hcm_data, tmp_path):
    return _render(tmp_path, hcm_data, None, "draft.pdf")


def _flat(path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def _lines(page, *, tolerance=2.0, side: str = "") -> list[dict]:
    """The page's text lines: words grouped by their top, with the line's extent and its words; `side` "left" or
    "right" keeps the words of that half of the page (the two columns of the header and of the closing block)."""
    words = page.extract_words(extra_attrs=["fontname", "size"])
    if side == "left":
        words = [w for w in words if w["x1"] < A4_WIDTH / 2 + 10]
    elif side == "right":
        words = [w for w in words if w["x0"] > A4_WIDTH / 2 - 20]
    lines: list[dict] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        for line in lines:
            if abs(line["top"] - word["top"]) <= tolerance:
                line["words"].append(word)
                line["x0"], line["x1"] = min(line["x0"], word["x0"]), max(line["x1"], word["x1"])
                break
        else:
            lines.append({"top": word["top"], "x0": word["x0"], "x1": word["x1"], "words": [word]})
    for line in lines:
        line["words"].sort(key=lambda w: w["x0"])
        line["text"] = " ".join(w["text"] for w in line["words"])
    return lines


def _line_with(page, text: str) -> dict:
    return next(line for line in _lines(page) if text in line["text"])


def _rules(page) -> list[dict]:
    """Horizontal rules drawn on the page (thin rectangles or lines), as pdfplumber reads them."""
    thin = [r for r in page.rects if r["height"] < 2 and r["width"] > 5]
    return thin + [ln for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.5 and ln["x1"] - ln["x0"] > 5]


# --- Header --------------------------------------------------------------------------------------------------


def test_header_parent_body_above_the_issuing_body_with_a_short_rule(issued_pdf):
    with pdfplumber.open(issued_pdf) as pdf:
        page = pdf.pages[0]
        parent = _line_with(page, "ỦY BAN NHÂN DÂN")
        city = _line_with(page, "THÀNH PHỐ HỒ CHÍ MINH")
        own = _line_with(page, "SỞ CÔNG THƯƠNG")
        assert parent["top"] < city["top"] < own["top"]
        own_words = [w for w in own["words"] if w["x1"] < A4_WIDTH / 2]
        own_x0, own_x1 = own_words[0]["x0"], own_words[-1]["x1"]
        assert all("Bold" in w["fontname"] for w in own_words)
        below = [r for r in _rules(page) if 0 < r["top"] - own["top"] < 25 and r["x1"] < A4_WIDTH / 2]
        assert below, "a rule under the issuing body"
        ratio = (below[0]["x1"] - below[0]["x0"]) / (own_x1 - own_x0)
        assert 1 / 3 <= ratio <= 1 / 2


def test_motto_rule_is_exactly_as_long_as_the_motto(issued_pdf):
    with pdfplumber.open(issued_pdf) as pdf:
        page = pdf.pages[0]
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in _line_with(page, "CỘNG HÒA")["text"]
        motto = _line_with(page, "Độc lập")
        words = [w for w in motto["words"] if w["x0"] > A4_WIDTH / 2 - 60]
        assert " ".join(w["text"] for w in words) == "Độc lập - Tự do - Hạnh phúc"
        x0, x1 = words[0]["x0"], words[-1]["x1"]
        # The rule is the motto's own bottom border: its edge spans the motto, no more and no less.
        edges = [e for e in page.edges if e["orientation"] == "h" and 0 < e["top"] - motto["top"] < 25]
        assert any(abs(e["x0"] - x0) < 1.0 and abs(e["x1"] - x1) < 1.0 for e in edges)


def test_number_line_from_the_register_and_dotted_on_a_draft(issued_pdf, draft_pdf):
    assert "Số: 05/BC-SCT" in _flat(issued_pdf)
    assert "Số: ………/BC-SCT" in _flat(draft_pdf)


@pytest.mark.parametrize(
    ("issued_on", "expected"),
    [
        (datetime.date(2024, 3, 5), "Thành phố Hồ Chí Minh, ngày 05 tháng 3 năm 2024"),
        (datetime.date(2024, 1, 9), "Thành phố Hồ Chí Minh, ngày 09 tháng 01 năm 2024"),
        (datetime.date(2024, 11, 22), "Thành phố Hồ Chí Minh, ngày 22 tháng 11 năm 2024"),
    ],
)
def test_place_named_after_a_person_is_written_in_full_on_one_line(hcm_data, tmp_path, issued_on, expected):
    document = DocumentIssue(number="01/BC-SCT", issued_on=issued_on)
    path = _render(tmp_path, hcm_data, document)
    with pdfplumber.open(path) as pdf:
        line = _line_with(pdf.pages[0], "ngày")["text"]
    assert expected in line and "TP." not in line


def test_kind_subject_and_a_rule_of_a_third_to_a_half_of_the_subject_line(issued_pdf):
    with pdfplumber.open(issued_pdf) as pdf:
        page = pdf.pages[0]
        lines = _lines(page)
        kind = next(i for i, line in enumerate(lines) if line["text"] == "BÁO CÁO")
        period = next(i for i, line in enumerate(lines) if line["text"].startswith("(Giai đoạn"))
        subject = lines[kind + 1 : period]
        assert subject and subject[0]["text"].startswith("Sơ kết giữa kỳ thực hiện")
        assert all(w["size"] == pytest.approx(14, abs=0.1) and "Bold" in w["fontname"] for w in subject[0]["words"])
        width = max(line["x1"] - line["x0"] for line in subject)
        rules = [r for r in _rules(page) if subject[-1]["top"] < r["top"] < lines[period]["top"]]
        assert len(rules) == 1
        ratio = (rules[0]["x1"] - rules[0]["x0"]) / width
        assert 1 / 3 <= ratio <= 1 / 2
        # Centred under the subject.
        centre = (rules[0]["x0"] + rules[0]["x1"]) / 2
        assert abs(centre - (subject[0]["x0"] + subject[0]["x1"]) / 2) < 3


def test_midterm_states_its_period(issued_pdf):
    assert "(Giai đoạn từ ngày 01/01/2020 đến ngày 31/12/2023)" in _flat(issued_pdf)


# --- End of the document -------------------------------------------------------------------------------------


def test_recipients_with_their_purpose_and_the_filing_line_last(issued_pdf):
    with pdfplumber.open(issued_pdf) as pdf:
        page = pdf.pages[-1]
        lines = _lines(page, side="left")
        start = next(i for i, line in enumerate(lines) if line["text"].startswith("Nơi nhận:"))
        items = []
        for line in lines[start + 1 :]:
            if line["text"].startswith("- "):
                items.append(line["text"])
            elif items and not items[-1].endswith((";", ".")):
                items[-1] += " " + line["text"]  # a long recipient wraps onto the next line
    assert items[0] == "- Ủy ban nhân dân Thành phố Hồ Chí Minh (để báo cáo);"
    assert items[1] == "- Bộ Công Thương;"
    assert re.fullmatch(r"- Lưu: VT, \w+\.", items[-1])


def test_signature_block_authority_position_space_and_full_name(issued_pdf):
    with pdfplumber.open(issued_pdf) as pdf:
        page = pdf.pages[-1]
        right = _lines(page, side="right")
        authority = next(line for line in right if line["text"] == "KT. GIÁM ĐỐC")
        position = next(line for line in right if line["text"] == "PHÓ GIÁM ĐỐC")
        name = next(line for line in right if line["text"] == "Nguyễn Văn An")
    assert authority["top"] < position["top"] < name["top"]
    assert name["top"] - position["top"] > 20 * MM  # room for the digital signature
    assert all("Bold" in w["fontname"] for w in authority["words"] + position["words"] + name["words"])


def test_draft_signature_block_leaves_the_signer_to_the_issue(seeded, tmp_path):
    # The signer is chosen from the body's signers when the document is issued; a draft names nobody.
    body = IssuingBody.objects.get(city=seeded.city, kind=IssuingBody.Kind.DEPARTMENT)
    Signer.objects.create(body=body, full_name="Trần Thị Bình", position="PHÓ GIÁM ĐỐC", authority="KT. GIÁM ĐỐC")
    data = report_data(kind=Report.Kind.PROGRESS, program_id=seeded.id, period_start=datetime.date(2023, 1, 1),
                       period_end=datetime.date(2023, 12, 31))  # fmt: skip
    path = _render(tmp_path, data)
    with pdfplumber.open(path) as pdf:
        right = [line["text"] for line in _lines(pdf.pages[-1], side="right")]
    assert "GIÁM ĐỐC" in right
    assert "Trần Thị Bình" not in _flat(path)


def test_qr_code_and_address_on_the_last_page_only_when_issued(issued_pdf, draft_pdf):
    with pdfplumber.open(issued_pdf) as pdf:
        last = pdf.pages[-1]
        assert ISSUED.verify_url in " ".join(last.extract_text().split()).replace(" ", "") or ISSUED.verify_url in (
            last.extract_text().replace("\n", "")
        )
        # The QR code is a vector image (SVG): its modules are filled squares beside the address.
        assert len([r for r in last.rects if r["width"] == pytest.approx(r["height"], abs=0.1)]) > 50
        assert all(ISSUED.verify_url not in page.extract_text() for page in pdf.pages[:-1])
    assert "xac-minh" not in _flat(draft_pdf)


# --- Nothing else on the page --------------------------------------------------------------------------------


def test_no_machine_footer_and_no_hash_in_the_body_provenance_in_the_metadata(issued_pdf):
    text = _flat(issued_pdf)
    for machine in ("SHA-256", "ab" * 32, "Tạo tự động", "mẫu test", "mã dữ liệu", "lanhdao", "Phiên bản mẫu"):
        assert machine not in text
    with pdfplumber.open(issued_pdf) as pdf:
        for page in pdf.pages:
            assert not [w for w in page.extract_words() if w["bottom"] > A4_HEIGHT - 20 * MM]
    metadata = PdfReader(issued_pdf).metadata
    assert metadata["/PortalFingerprint"] == "ab" * 32
    assert metadata["/PortalTemplateVersion"] == "test"
    assert metadata["/PortalDataVersion"] == "db/1/42"
    assert metadata["/PortalGeneratedAt"]


def test_page_numbers_from_page_two_centred_at_the_top(issued_pdf):
    with pdfplumber.open(issued_pdf) as pdf:
        assert len(pdf.pages) >= 3
        for number, page in enumerate(pdf.pages, start=1):
            top_band = [w for w in page.extract_words() if w["bottom"] < 20 * MM]
            if number == 1:
                assert top_band == []
                continue
            assert [w["text"] for w in top_band] == [str(number)]
            centre = (top_band[0]["x0"] + top_band[0]["x1"]) / 2
            text_centre = (32 * MM + A4_WIDTH - 17 * MM) / 2  # centred over the text block
            assert abs(centre - text_centre) < 2


def test_a4_margins_from_the_text_positions(issued_pdf):
    rightmost = 0.0
    with pdfplumber.open(issued_pdf) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            assert (page.width, page.height) == pytest.approx((A4_WIDTH, A4_HEIGHT), abs=0.5)
            words = [w for w in page.extract_words() if w["top"] > 20 * MM]  # below the page number
            assert words
            assert min(w["x0"] for w in words) >= 30 * MM, number
            assert A4_WIDTH - max(w["x1"] for w in words) >= 15 * MM, number
            assert min(w["top"] for w in words) >= 20 * MM, number
            assert A4_HEIGHT - max(w["bottom"] for w in words) >= 20 * MM, number
            rightmost = max(rightmost, max(w["x1"] for w in words))
        assert A4_WIDTH - rightmost <= 20 * MM  # justified text reaches the right margin of 15–20 mm
        first = pdf.pages[0].extract_words()
        assert min(w["x0"] for w in first) <= 35 * MM  # the left margin is 30–35 mm, not more
        assert min(w["top"] for w in first) <= 25 * MM  # the top margin is 20–25 mm


def test_body_is_the_embedded_serif_at_13_pt(issued_pdf):
    with pdfplumber.open(issued_pdf) as pdf:
        page = pdf.pages[0]
        body = _line_with(page, "Căn cứ")
        assert {round(w["size"], 1) for w in body["words"]} == {13.0}
        fonts = {w["fontname"].split("+")[-1] for p in pdf.pages for w in p.extract_words(extra_attrs=["fontname"])}
    assert fonts <= {"Report-Serif", "Report-Serif-Bold", "Report-Serif-Italic", "Report-Serif-Bold-Italic"}
    # Report Serif is Liberation Serif, metric-compatible with Times New Roman, embedded (static/reports/fonts).
    for page in PdfReader(issued_pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor


def test_a_filled_section_replaces_its_default(issued_pdf, draft_pdf):
    assert "Kinh phí thực hiện năm 2023 do ngân sách thành phố bảo đảm." in _flat(issued_pdf)
    assert "Chưa có số liệu về kinh phí." in _flat(draft_pdf)


def test_midterm_body_follows_the_usual_structure(draft_pdf):
    text = _flat(draft_pdf)
    headings = [
        "I. CĂN CỨ",
        "II. CÔNG TÁC CHỈ ĐẠO, TRIỂN KHAI",
        "III. KẾT QUẢ THỰC HIỆN",
        "IV. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU",
        "V. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
        "VI. KINH PHÍ THỰC HIỆN",
        "VII. KIẾN NGHỊ, ĐỀ XUẤT",
        "VIII. PHỤ LỤC KÈM THEO",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    assert "Phụ lục I" in text and "Phụ lục II" in text


# --- The summary report --------------------------------------------------------------------------------------


def test_summary_report_is_issued_by_the_citys_department(seeded, tmp_path):
    hanoi = City.objects.get(code="hanoi")
    report, _ = report_request(user=None, kind=Report.Kind.SUMMARY, city=hanoi, enqueue=False)
    report_render(report_id=report.id)
    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.error
    with pdfplumber.open(report.file.path) as pdf:
        page = pdf.pages[0]
        left = [line["text"] for line in _lines(page, side="left")][:4]
    assert left[:3] == ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI", "SỞ CÔNG THƯƠNG"]
    text = _flat(report.file.path)
    assert "BỘ CÔNG THƯƠNG" not in text.split("CỘNG HÒA")[0]
    assert "CỔNG THEO DÕI" not in text
    assert "Hà Nội, ngày" in text
    assert Program.objects.filter(city=hanoi).count() == 2
    # One row per programme of the city, each with its period and its status by date (both plans have ended).
    assert "2021 · đã kết thúc" in text and "2022 · đã kết thúc" in text
    assert "cao su - nhựa" not in text  # the other city's programme is not in it


def test_make_report_writes_the_summary_of_one_city(seeded, tmp_path):
    out = tmp_path / "tong-hop.pdf"
    call_command("make_report", "--kind", "summary", "--city", "hcm", "--out", str(out), stdout=StringIO())
    assert "Sở Công Thương Thành phố Hồ Chí Minh" in _flat(out)
