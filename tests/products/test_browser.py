"""In headless Chromium: an enterprise applies with documents, staff ask for a supplement, the enterprise resubmits."""

import pytest

from products.dossier import figure_years
from products.models import Application
from tests.conftest import PASSWORD
from tests.products.conftest import PDF_BYTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
S = Application.Status


def _login(browser, live_server, user):
    page = browser.new_context(locale="vi-VN").new_page()
    page.goto(live_server.url + "/dang-nhap/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_load_state()
    return page


def _transition(page, to_status: str, note: str = "") -> None:
    """Press the step's button on the application's page, then confirm it (writing the note) on the next page."""
    page.locator(f"form.transition[data-to='{to_status}'] button").click()
    page.wait_for_load_state()
    confirm = page.locator("form.confirm-form")
    if note:
        confirm.locator("textarea").fill(note)
    confirm.locator("button[type=submit]").click()
    page.wait_for_load_state()


def test_apply_supplement_resubmit(browser, live_server, cast, round_setup, product_a, tmp_path, screenshot_dir):
    dossier = tmp_path / "giay-chung-nhan.pdf"
    dossier.write_bytes(PDF_BYTES)

    enterprise = _login(browser, live_server, cast.enterprise_a_user)
    enterprise.goto(live_server.url + "/san-pham/cua-toi/ho-so/tao/")
    enterprise.select_option("#id_product", str(product_a.id))
    enterprise.select_option("#id_round", str(round_setup.round.id))
    enterprise.select_option("#id_kind", "key")
    enterprise.get_by_role("button", name="Tạo hồ sơ").click()
    enterprise.wait_for_load_state()
    application = Application.objects.get(product=product_a)
    detail_url = f"{live_server.url}/san-pham/ho-so/{application.public_id}/"
    assert enterprise.url == detail_url

    enterprise.get_by_role("link", name="Sửa thông tin hồ sơ").click()
    enterprise.fill("#id_market_summary", "Doanh thu 120 tỷ đồng, xuất khẩu 30%.")
    enterprise.fill("#id_technical_summary", "Dây chuyền ép đùn tự động, ISO 9001.")
    enterprise.fill("#id_social_summary", "120 lao động, tái chế 90% phế liệu.")
    # The figures of the three years before the round, written the Vietnamese way: a dossier needs them to be submitted.
    for year in figure_years(round_setup.round):
        enterprise.fill(f"[name=output_quantity_{year}]", "1.200")
        enterprise.fill(f"[name=output_unit_{year}]", "tấn")
        enterprise.fill(f"[name=revenue_{year}]", "120.000")
        enterprise.fill(f"[name=export_value_{year}]", "0")
        enterprise.fill(f"[name=workers_{year}]", "120")
    enterprise.get_by_role("button", name="Lưu").click()
    enterprise.wait_for_load_state()

    for document_type in round_setup.document_types[:2]:
        enterprise.select_option("#id_document_type", str(document_type.id))
        enterprise.set_input_files("#id_file", str(dossier))
        enterprise.get_by_role("button", name="Tải lên").click()
        enterprise.wait_for_load_state()
    assert enterprise.get_by_role("link", name="giay-chung-nhan.pdf").count() == 2

    _transition(enterprise, S.SUBMITTED)
    assert "Đã nộp" in enterprise.locator(".badge").first.inner_text()

    staff = _login(browser, live_server, cast.staff_hcm)
    staff.goto(live_server.url + "/san-pham/quan-ly/ho-so/")
    staff.get_by_role("link", name=product_a.name).click()
    staff.wait_for_load_state()
    _transition(staff, S.UNDER_REVIEW)
    _transition(staff, S.SUPPLEMENT_REQUESTED, note="Bổ sung báo cáo tài chính năm 2023 có kiểm toán.")
    assert "Yêu cầu bổ sung" in staff.locator(".badge").first.inner_text()

    enterprise.goto(detail_url)
    assert "Bổ sung báo cáo tài chính năm 2023 có kiểm toán." in enterprise.content()
    enterprise.select_option("#id_document_type", str(round_setup.document_types[2].id))
    enterprise.set_input_files("#id_file", str(dossier))
    enterprise.get_by_role("button", name="Tải lên").click()
    enterprise.wait_for_load_state()
    _transition(enterprise, S.RESUBMITTED)
    enterprise.screenshot(path=str(screenshot_dir / "application.png"), full_page=True)

    application.refresh_from_db()
    assert application.status == S.RESUBMITTED
    assert application.documents.count() == 3
    assert list(application.events.values_list("to_status", flat=True)) == [
        S.DRAFT,
        S.SUBMITTED,
        S.UNDER_REVIEW,
        S.SUPPLEMENT_REQUESTED,
        S.RESUBMITTED,
    ]
