"""The official signs in, asks for the mid-term report of the HCMC rubber and plastics programme on the reports
page, and downloads its PDF (Celery runs eagerly here; tests/reports/test_browser.py drives a real worker)."""

import pytest

from reports.models import Report

pytestmark = [pytest.mark.browser]

PROGRAM = "Chương trình hỗ trợ phát triển Doanh Nghiệp sản phẩm nhựa, cao su giai đoạn 2020 - 2030"


def test_official_downloads_the_midterm_report(journey, tmp_path):
    page = journey.page
    journey.sign_in("demo.lanhdao")

    journey.nav("Báo cáo")
    program_row = page.get_by_role("row").filter(has=page.get_by_role("link", name=PROGRAM, exact=True))
    journey.submit(program_row.get_by_role("button", name="Tạo báo cáo giữa nhiệm kỳ"))

    download_link = page.get_by_role("link", name="Tải báo cáo (PDF)")
    with page.expect_download() as download:
        download_link.click()
    pdf = tmp_path / download.value.suggested_filename
    download.value.save_as(pdf)

    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf.name.startswith("bao-cao-midterm-")
    report = Report.objects.get(kind=Report.Kind.MIDTERM)
    assert report.status == Report.Status.DONE and report.requested_by.username == "demo.lanhdao"
    assert report.program.title == PROGRAM
    journey.finish()
