"""The draft as DOCX (python-docx): the same header and sections as the portal's draft."""

import io

import pytest
from django.urls import reverse
from docx import Document

from reports import issuance, narrative
from tests.reports.test_issuance import body, report  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _text(content: bytes) -> str:
    word = Document(io.BytesIO(content))
    cells = [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in word.paragraphs] + cells)


def test_the_draft_exports_with_its_header_and_sections(login, cast, report, body):  # noqa: F811
    document, _ = issuance.document_open_draft(user=cast.staff_hcm, report=report)
    issuance.document_update(user=cast.staff_hcm, document=document, sections={"kien_nghi": "Kiến nghị sửa tay."},
                             filing_unit="QLCN")  # fmt: skip
    response = login(cast.official).get(reverse("reports:document_docx", kwargs={"public_id": report.public_id}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    text = _text(response.content)
    for expected in ("ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", "SỞ CÔNG THƯƠNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "/BC-SCT", "Thành phố Hồ Chí Minh, ngày", "BÁO CÁO",
                     "Kiến nghị sửa tay.", narrative.NO_BUDGET, "Nơi nhận:", "UBND Thành phố (để báo cáo);",
                     "Lưu: VT, QLCN."):  # fmt: skip
        assert expected in text, expected
    for key, label in narrative.section_labels(issuance.document_report_data(report)).items():
        assert label in text, key


def test_enterprises_and_anonymous_get_no_docx(client, login, cast, report, body):  # noqa: F811
    issuance.document_open_draft(user=cast.staff_hcm, report=report)
    url = reverse("reports:document_docx", kwargs={"public_id": report.public_id})
    assert client.get(url).status_code == 302
    assert login(cast.enterprise_a_user).get(url).status_code == 403
