"""HCMC staff sign in, find a newly submitted dossier, take it in for review, read its documents and send it to
the selection council."""

import pytest
from playwright.sync_api import expect

from products.models import Application

pytestmark = [pytest.mark.browser]

S = Application.Status


def test_staff_review_and_send_to_council(journey):
    page = journey.page
    journey.sign_in("demo.canbo.hcm")

    journey.nav("Hồ sơ xét chọn")
    filters = page.get_by_role("search")
    filters.get_by_label("Trạng thái").select_option(label="Đã nộp")
    journey.submit(filters.get_by_role("button", name="Lọc"))
    first = page.get_by_role("row").filter(has_text="Đã nộp").first.get_by_role("link")
    product = first.inner_text()
    journey.follow(first)
    expect(page.get_by_role("heading", level=1)).to_have_text(product)

    journey.take_step("Tiếp nhận và thẩm định")
    status = page.locator("main header .status-line .badge")
    expect(status).to_have_text("Đang thẩm định")
    documents = page.get_by_role("region", name="Tài liệu hồ sơ")
    name, content = journey.download(documents.get_by_role("link").first)
    assert name.endswith(".pdf") and content.startswith(b"%PDF")

    journey.take_step("Chuyển hội đồng chấm điểm")
    expect(status).to_have_text("Hội đồng đang chấm điểm")

    application = Application.objects.get(product__name=product)
    assert application.status == S.COUNCIL_SCORING
    assert list(application.events.values_list("to_status", flat=True))[-2:] == [S.UNDER_REVIEW, S.COUNCIL_SCORING]
    assert application.events.last().actor.username == "demo.canbo.hcm"
    journey.finish()
