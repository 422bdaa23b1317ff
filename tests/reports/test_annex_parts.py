"""The annex PDF is laid out part by part (reports.annexes.render_annex_pdf) and reads as one document: page
numbers from page 2 and row numbers carry on across the parts, and the provenance is in its metadata."""

import datetime
import io
import re

from django.utils import timezone
from pypdf import PdfReader

from reports import annexes
from reports.rendering import DocumentMeta

ISSUER = {
    "parent_lines": ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ HÀ NỘI"],
    "header": "SỞ CÔNG THƯƠNG",
    "place": "Hà Nội",
    "abbreviation": "SCT",
    "name": "Sở Công Thương Thành phố Hà Nội",
}


def _data(enterprises: int, products: int) -> dict:
    return {
        "kind": "progress",
        "has_demo": False,
        "period": {"start": None, "end": None},
        "program": {"title": "Kế hoạch thử"},
        "issuer": ISSUER,
        "enterprises": [
            {
                "name": f"Công ty TNHH Số {n:05d}",
                "tax_code": "0101234567",
                "province": "Hà Nội",
                "enrolled_on": datetime.date(2021, 3, 1),
                "participations": 1,
            }
            for n in range(1, enterprises + 1)
        ],
        "recognitions": {
            "items": [
                {
                    "product": f"Sản phẩm số {n}",
                    "kind_label": "Sản phẩm công nghiệp chủ lực",
                    "enterprise": "Công ty TNHH Số 00001",
                    "decision_number": "12/QĐ-UBND",
                    "decision_date": datetime.date(2022, 5, 4),
                    "is_first_time": True,
                }
                for n in range(1, products + 1)
            ]
        },
    }


def _meta() -> DocumentMeta:
    return DocumentMeta(
        generated_at=timezone.now(), requested_by="", template_version="t", fingerprint="ab" * 32, data_version="v9"
    )


def test_parts_read_as_one_document(monkeypatch):
    monkeypatch.setattr(annexes, "CHUNK_ROWS", 60)
    rendered = annexes.render_annex_pdf(_data(150, 70), _meta())
    reader = PdfReader(io.BytesIO(rendered.content))
    assert rendered.page_count == len(reader.pages) > 5
    lines = [page.extract_text().split("\n") for page in reader.pages]
    # Page numbers: none on page 1, then 2, 3, … at the top of every page, across the parts.
    assert not any(line.strip() == "1" for line in lines[0])
    for number, page in enumerate(lines[1:], start=2):
        assert str(number) in [line.strip() for line in page], number
    text = "\n".join("\n".join(page) for page in lines)
    # Row numbers carry on across the parts: 1–150 for the enterprises, then 1–70 for the products (the list
    # markers, which the text layer gives apart from their rows), never restarting at 1 within an annex.
    markers = [int(m) for m in re.findall(r"^(\d+)\. ?$", text, flags=re.MULTILINE)]
    assert markers == list(range(1, 151)) + list(range(1, 71))
    assert "Phụ lục I (tiếp theo)" in text and "PHỤ LỤC II" in text
    assert "Công ty TNHH Số 00150" in text and "Sản phẩm số 70" in text
    # The header is on the first page only; the provenance is in the metadata.
    assert text.count("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") == 1
    assert reader.metadata["/PortalDataVersion"] == "v9"
    assert reader.metadata["/PortalFingerprint"] == "ab" * 32


def test_an_empty_register_still_has_both_annexes():
    rendered = annexes.render_annex_pdf(_data(0, 0), _meta())
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(rendered.content)).pages)
    assert "Chưa có doanh nghiệp đăng ký tham gia" in text
    assert "Chưa có sản phẩm được công nhận" in text
