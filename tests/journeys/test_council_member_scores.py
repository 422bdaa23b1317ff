"""The demo council member signs in, opens the HCMC round they sit on, reads a dossier's documents and saves a
full score sheet; the round's list shows the sheet done and the council's average."""

import re

import pytest
from playwright.sync_api import expect

from products.models import Application, Score

pytestmark = [pytest.mark.browser]

ROUND = re.compile(r"^Xét chọn sản phẩm công nghiệp chủ lực, tiềm năng ngành cao su - nhựa năm \d{4} \(minh họa\)$")
# Points for each criterion of the HCMC sheet, by the start of its name (maximums 35, 35, 15, 15).
POINTS = {"Thị trường": "30", "Kinh tế - kỹ thuật": "28.5", "Quy mô": "12", "Xã hội": "13"}


def test_council_member_scores(journey):
    page = journey.page
    journey.sign_in("demo.hoidong")

    journey.nav("Hội đồng xét chọn")
    # The member sits on the council of two HCMC rounds (last year's, scored and closed, and this year's); the
    # newest is listed first.
    journey.follow(page.get_by_role("link", name=ROUND).first)
    waiting = page.get_by_role("row").filter(has_text="Hội đồng đang chấm điểm").filter(has_text="Chưa chấm")
    to_score = waiting.first.get_by_role("link")
    product = to_score.inner_text()
    journey.follow(to_score)
    expect(page.get_by_role("heading", level=1)).to_have_text(product)

    documents = page.get_by_role("region", name="Tài liệu hồ sơ")
    name, content = journey.download(documents.get_by_role("link").first)
    assert name.endswith(".pdf") and content.startswith(b"%PDF")

    sheet = page.get_by_role("region", name="Chấm điểm theo tiêu chí")
    for criterion, points in POINTS.items():
        sheet.get_by_label(re.compile(f"^{re.escape(criterion)}")).fill(points)
    journey.submit(sheet.get_by_role("button", name="Lưu phiếu chấm"))

    expect(page.get_by_role("status").filter(has_text="Đã lưu phiếu chấm điểm.")).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=product, exact=True))
    expect(row).to_contain_text("Đã chấm")

    application = Application.objects.get(product__name=product)
    mine = Score.objects.filter(application=application, member__user__username="demo.hoidong")
    assert sorted(str(s.points) for s in mine) == ["12.00", "13.00", "28.50", "30.00"]
    assert application.score_average is not None
    journey.finish()
