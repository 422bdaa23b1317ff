"""The HCMC demo enterprise signs in, completes its draft dossier in the open round (adds the missing required
document) and submits it; then answers the department's supplement request on another dossier and submits the
supplement."""

import re

import pytest
from playwright.sync_api import expect

from products.models import Application

pytestmark = [pytest.mark.browser]

S = Application.Status
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
FINANCIAL_REPORT = "Báo cáo tài chính và số liệu sản xuất, kinh doanh 3 năm gần nhất"


def _open_dossier(journey, status_label: str) -> str:
    """From the enterprise's list of dossiers, open the one in the given status; returns the product's name."""
    page = journey.page
    journey.nav("Hồ sơ đăng ký")
    row = page.get_by_role("row").filter(has_text=status_label)
    expect(row).to_have_count(1)
    link = row.get_by_role("link")
    product = link.inner_text()
    journey.follow(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(product)
    return product


def _upload(journey, document_type: str, file_name: str) -> None:
    form = journey.page.locator("#upload-form")
    # Each type is listed with its limits ("… (PDF; tối đa 10 MB)"): the person picks it by its name.
    choice = form.get_by_label("Loại tài liệu")
    choice.select_option(choice.locator("option", has_text=document_type).first.get_attribute("value"))
    form.get_by_label("Tệp").set_input_files(files=[{"name": file_name, "mimeType": "application/pdf", "buffer": PDF}])
    journey.submit(form.get_by_role("button", name="Tải lên"))
    expect(journey.page.get_by_role("link", name=file_name)).to_be_visible()


def _status_line(journey):
    return journey.page.locator("main header .status-line .badge")


def test_enterprise_applies_and_supplements(journey):
    page = journey.page
    journey.sign_in("demo.doanhnghiep.hcm")

    # The draft: the page says what is still missing before it can be submitted.
    draft = _open_dossier(journey, "Bản nháp")
    next_steps = page.get_by_role("region", name="Việc cần làm tiếp")
    # The checklist names each missing item: here the one document left (the demo draft has its figures).
    checklist = next_steps.get_by_role("list", name="Hồ sơ đã đủ chưa")
    expect(checklist.get_by_role("listitem")).to_have_text([f"Tài liệu: {FINANCIAL_REPORT}"])
    _upload(journey, FINANCIAL_REPORT, "bao-cao-tai-chinh-2023-2025.pdf")
    expect(next_steps).to_contain_text("Đã có đủ tài liệu và số liệu bắt buộc: hồ sơ nộp được.")
    journey.take_step("Nộp hồ sơ")
    expect(_status_line(journey)).to_have_text("Đã nộp")

    # The supplement request: its reason is the first thing on the dossier's page.
    supplemented = _open_dossier(journey, "Yêu cầu bổ sung")
    request = page.get_by_role("region", name="Sở Công Thương yêu cầu bổ sung hồ sơ")
    expect(request).to_contain_text(re.compile(r"Đề nghị bổ sung báo cáo tài chính năm \d{4} đã được kiểm toán"))
    _upload(journey, FINANCIAL_REPORT, "bao-cao-tai-chinh-da-kiem-toan.pdf")
    journey.take_step("Nộp hồ sơ bổ sung")
    expect(_status_line(journey)).to_have_text("Đã nộp bổ sung")

    journey.nav("Hồ sơ đăng ký")
    mine = Application.objects.filter(enterprise__users__username="demo.doanhnghiep.hcm")
    assert mine.get(product__name=draft).status == S.SUBMITTED
    assert mine.get(product__name=supplemented).status == S.RESUBMITTED
    assert (
        mine.get(product__name=supplemented)
        .documents.filter(original_name="bao-cao-tai-chinh-da-kiem-toan.pdf")
        .exists()
    )
    journey.finish()
