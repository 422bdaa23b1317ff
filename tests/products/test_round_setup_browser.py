"""In headless Chromium: a staff user with no admin rights sets up a round (sheet with a sub-criterion, a document,
a council with a chair, an assignment) and opens it with a call that the public site then shows."""

import datetime

import pytest

from products.models import RecognitionRound
from tests.conftest import PASSWORD
from tests.factories import ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(browser, live_server, user):
    page = browser.new_context(locale="vi-VN").new_page()
    page.goto(live_server.url + "/dang-nhap/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_load_state()
    return page


def _submit(page, name):
    page.get_by_role("button", name=name, exact=True).click()
    page.wait_for_load_state()


def test_staff_set_up_and_open_a_round(browser, live_server, cast, hcm, screenshot_dir):
    program = ProgramFactory(city=hcm, short_title="Chủ lực HCM", recognition_valid_years=3)
    chair = UserFactory(username="chu.tich", role="official", last_name="Nguyễn Văn", first_name="An")
    member = UserFactory(username="thanh.vien", role="staff", city=hcm, last_name="Trần Thị", first_name="Bình")
    today = datetime.date.today()
    page = _login(browser, live_server, cast.staff_hcm)

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Đợt xét chọn", exact=True).click()
    page.get_by_role("link", name="Tạo đợt mới").click()
    page.select_option("#id_program", str(program.id))
    page.fill("#id_year", "2025")
    page.fill("#id_title", "Xét chọn sản phẩm chủ lực năm 2025")
    _submit(page, "Tạo đợt")
    round = RecognitionRound.objects.get(program=program)
    page.screenshot(path=str(screenshot_dir / "round-setup.png"), full_page=True)

    page.get_by_role("link", name="Phiếu chấm điểm").click()
    for name, points in (("Thị trường", "40"), ("Kỹ thuật", "60")):
        page.fill("#id_name", name)
        page.fill("#id_max_points", points)
        _submit(page, "Thêm tiêu chí")
    page.select_option("#id_parent", label="Thị trường")
    page.fill("#id_name", "Xuất khẩu")
    page.fill("#id_max_points", "40")
    page.select_option("#id_suggest_metric", "export_value")
    page.fill("#id_suggest_bands", "0; 0\n1.000; 20\n5.000; 40")
    _submit(page, "Thêm tiêu chí")
    assert "Phiếu chấm hợp lệ" in page.content()
    page.screenshot(path=str(screenshot_dir / "round-criteria.png"), full_page=True)

    page.get_by_role("link", name="Tài liệu hồ sơ").click()
    page.fill("#id_name", "Giấy chứng nhận đăng ký doanh nghiệp")
    page.fill("#id_allowed_extensions", "pdf, jpg")
    _submit(page, "Thêm loại tài liệu")

    page.get_by_role("link", name="Hội đồng", exact=True).click()
    for user, role, agency in ((chair, "chair", "Sở Công Thương"), (member, "member", "Sở Tài chính")):
        page.select_option("#id_user", str(user.id))
        page.select_option("#id_role", role)
        page.fill("#id_agency", agency)
        _submit(page, "Thêm thành viên")
    page.screenshot(path=str(screenshot_dir / "round-council.png"), full_page=True)

    page.get_by_role("link", name="Phân công chấm điểm", exact=True).click()
    page.get_by_label("Kỹ thuật — Trần Thị Bình").check()
    _submit(page, "Lưu phân công")
    assert round.criteria.get(name="Kỹ thuật").assignments.get().member.user == member
    page.screenshot(path=str(screenshot_dir / "round-assignments.png"), full_page=True)

    page.get_by_role("link", name="Nhận hồ sơ", exact=True).click()
    page.fill("#id_call_number", "15/TB-SCT")
    page.fill("#id_call_date", today.isoformat())
    page.fill("#id_opens_on", today.isoformat())
    page.fill("#id_closes_on", (today + datetime.timedelta(days=30)).isoformat())
    page.fill("#id_call_text", "Sở Công Thương mời doanh nghiệp nộp hồ sơ xét chọn.")
    _submit(page, "Mở nhận hồ sơ")
    page.locator("form.confirm-form button[type=submit]").click()
    page.wait_for_load_state()
    round.refresh_from_db()
    assert round.status == RecognitionRound.Status.OPEN
    page.screenshot(path=str(screenshot_dir / "round-lifecycle.png"), full_page=True)

    visitor = browser.new_context(locale="vi-VN").new_page()
    visitor.goto(live_server.url + "/xet-chon/")
    visitor.get_by_role("link", name="Xét chọn sản phẩm chủ lực năm 2025").click()
    visitor.wait_for_load_state()
    text = visitor.content()
    assert "15/TB-SCT" in text and "Xuất khẩu" in text and "pdf, jpg" in text
    visitor.screenshot(path=str(screenshot_dir / "round-call.png"), full_page=True)
