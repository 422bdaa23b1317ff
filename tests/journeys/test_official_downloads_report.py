"""The official signs in, asks for the mid-term report of the HCMC rubber and plastics programme on the reports
page, and downloads its PDF (Celery runs eagerly here; tests/reports/test_browser.py drives a real worker)."""

import pytest

from reports.models import Report

pytestmark = [pytest.mark.browser]

PROGRAM = "Chương trình hỗ trợ phát triển Doanh Nghiệp sản phẩm nhựa, cao su giai đoạn 2020 - 2030"


def test_official_downloads_the_midterm_report(journey):
    page = journey.page
    journey.sign_in("demo.lanhdao")

    journey.nav("Báo cáo")
    program_row = page.get_by_role("row").filter(has=page.get_by_role("link", name=PROGRAM, exact=True))
    journey.submit(program_row.get_by_role("button", name="Tạo báo cáo giữa nhiệm kỳ"))

    name, pdf = journey.download(page.get_by_role("link", name="Tải báo cáo (PDF)"))

    assert pdf.startswith(b"%PDF") and name.startswith("bao-cao-midterm-") and name.endswith(".pdf")
    report = Report.objects.get(kind=Report.Kind.MIDTERM)
    assert report.status == Report.Status.DONE and report.requested_by.username == "demo.lanhdao"
    assert report.program.title == PROGRAM
    journey.finish()
