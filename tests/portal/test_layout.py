"""The portal's main pages on a 390 px phone, for every role: nothing makes the page wider than the screen.

Tables wider than a phone scroll inside their frame (`.table-wrap`), long words wrap, and a visually hidden
label inside a scrolling table does not widen the page. Each page is also opened at 1366 px.
"""

import datetime

import pytest

from products.models import Application
from programs.models import Task
from tests.browser import session_cookie
from tests.factories import (
    ProductFactory,
    ProgramFactory,
    RecognitionFactory,
    RecognitionRoundFactory,
    TaskFactory,
    TaskGroupFactory,
)
from tests.products.factories import ApplicationFactory, CouncilMemberFactory, CriterionFactory, DocumentTypeFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

S = Application.Status
PHONE, DESKTOP = 390, 1366
LONG_TITLE = (
    "Kết nối, hỗ trợ doanh nghiệp công nghiệp hỗ trợ trở thành nhà cung ứng sản phẩm cho khách hàng trong và "
    "ngoài nước, tham gia chuỗi giá trị toàn cầu của các tập đoàn đa quốc gia"
)
# One unbroken word longer than a phone is wide: it must wrap, not push the page sideways.
LONG_WORD = "ỐngNhựaHDPEGânXoắnHaiLớpPE100SDR11ChịuÁpLựcCaoDùngChoHệThốngCấpThoátNước"


@pytest.fixture
def world(cast, hcm, hanoi):
    cast.enterprise_a.website = "https://www.congty-nhua-dong-tien-san-xuat-ong-nhua-hdpe-chat-luong-cao.com.vn/"
    cast.enterprise_a.save()
    program = ProgramFactory(city=hcm, slug="cao-su-nhua", short_title="Cao su - nhựa", title=LONG_TITLE)
    hanoi_program = ProgramFactory(city=hanoi, slug="cnht-ha-noi", short_title="CNHT Hà Nội")
    for target, count in ((program, 6), (hanoi_program, 4)):
        group = TaskGroupFactory(program=target, title=LONG_TITLE)
        for n in range(count):
            TaskFactory(
                group=group,
                title=f"{LONG_TITLE} ({n + 1})",
                lead_agency="Sở Công Thương phối hợp Hiệp hội Nhựa Thành phố",
                status=Task.Status.IN_PROGRESS,
                progress=40,
                due_date=datetime.date(2024, 12, 31),
            )
    round = RecognitionRoundFactory(program=program, year=2026, title="Xét chọn sản phẩm công nghiệp chủ lực 2026")
    for n in range(2):
        DocumentTypeFactory(round=round, name=f"Giấy chứng nhận đăng ký doanh nghiệp bản sao có chứng thực {n}")
    for n, points in enumerate((30, 40, 20, 10)):
        CriterionFactory(round=round, name=f"Tiêu chí {n + 1}", max_points=points)
    CouncilMemberFactory(round=round, user=cast.official, title="Chủ tịch hội đồng")
    statuses = [S.DRAFT, S.SUBMITTED, S.SUPPLEMENT_REQUESTED, S.COUNCIL_SCORING, S.PUBLIC_COMMENT]
    applications = {}
    for n, status in enumerate(statuses):
        product = ProductFactory(enterprise=cast.enterprise_a, name=f"{LONG_WORD} {n}")
        extra = {}
        if status == S.PUBLIC_COMMENT:
            today = datetime.date.today()
            extra = {"comment_opens_on": today, "comment_closes_on": today + datetime.timedelta(days=10)}
        applications[status] = ApplicationFactory(round=round, product=product, status=status, **extra)
    applications[S.SUPPLEMENT_REQUESTED].events.create(
        from_status=S.UNDER_REVIEW, to_status=S.SUPPLEMENT_REQUESTED, actor=cast.staff_hcm, note=LONG_WORD
    )
    past_round = RecognitionRoundFactory(program=program, year=2023, status="closed")
    for n in range(5):
        RecognitionFactory(product=ProductFactory(name=f"{LONG_WORD} {n}"), round=past_round)
    return {
        "program": program,
        "round": round,
        "applications": applications,
        "task": program.groups.get().tasks.first(),
    }


def _pages(world) -> dict[str, list[tuple[str, str]]]:
    apps, round = world["applications"], world["round"]
    return {
        "anonymous": [
            ("home", "/"),
            ("registry", "/san-pham/"),
            ("directory", "/doanh-nghiep/"),
            ("public-tasks", "/chuong-trinh/nhiem-vu/"),
            ("program", f"/chuong-trinh/{world['program'].slug}/"),
            ("public-comments", "/san-pham/lay-y-kien/"),
            ("public-comment", f"/san-pham/lay-y-kien/{apps[S.PUBLIC_COMMENT].public_id}/"),
        ],
        "staff_hcm": [
            ("tasks", "/chuong-trinh/theo-doi/nhiem-vu/"),
            ("task", f"/chuong-trinh/theo-doi/nhiem-vu/{world['task'].public_id}/"),
            ("overview", "/chuong-trinh/theo-doi/"),
            ("dashboard", f"/chuong-trinh/theo-doi/{world['program'].slug}/"),
            ("applications", "/san-pham/quan-ly/ho-so/"),
            ("round", f"/san-pham/quan-ly/dot/{round.id}/"),
            ("application", f"/san-pham/ho-so/{apps[S.SUBMITTED].public_id}/"),
            ("enterprises", "/doanh-nghiep/quan-ly/"),
            ("enterprise", f"/doanh-nghiep/quan-ly/{world['applications'][S.DRAFT].enterprise.public_id}/"),
            ("verify-accounts", "/doanh-nghiep/tai-khoan-cho-xac-minh/"),
            ("reports", "/bao-cao/"),
        ],
        "enterprise_a_user": [
            ("my-applications", "/san-pham/cua-toi/ho-so/"),
            ("my-products", "/san-pham/cua-toi/san-pham/"),
            ("new-application", "/san-pham/cua-toi/ho-so/tao/"),
            ("draft", f"/san-pham/ho-so/{apps[S.DRAFT].public_id}/"),
            ("supplement", f"/san-pham/ho-so/{apps[S.SUPPLEMENT_REQUESTED].public_id}/"),
            ("profile", "/doanh-nghiep/ho-so/"),
        ],
        "official": [
            ("council-rounds", "/san-pham/hoi-dong/"),
            ("council-round", f"/san-pham/hoi-dong/dot/{round.id}/"),
            ("council-score", f"/san-pham/hoi-dong/dot/{round.id}/ho-so/{apps[S.COUNCIL_SCORING].public_id}/"),
            ("reports", "/bao-cao/"),
        ],
    }


def _too_wide(browser, live_server, user, pages, width, screenshot_dir, role) -> list[str]:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="vi-VN")
    if user is not None:
        context.add_cookies([session_cookie(user, live_server)])
    page = context.new_page()
    problems = []
    for name, path in pages:
        response = page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(screenshot_dir / f"layout-{role}-{name}-{width}.png"), full_page=True)
        scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if response.status != 200:
            problems.append(f"{path}: {response.status}")
        elif scroll_width > inner_width:
            problems.append(f"{path}: {scroll_width} px wide on a {inner_width} px screen")
    context.close()
    return problems


@pytest.mark.parametrize("role", ["anonymous", "staff_hcm", "enterprise_a_user", "official"])
def test_main_pages_fit_a_phone(browser, live_server, cast, world, screenshot_dir, role):
    user = None if role == "anonymous" else getattr(cast, role)
    pages = _pages(world)[role]
    assert _too_wide(browser, live_server, user, pages, PHONE, screenshot_dir, role) == []
    assert _too_wide(browser, live_server, user, pages, DESKTOP, screenshot_dir, role) == []


def test_a_wide_table_scrolls_inside_its_frame_not_the_page(browser, live_server, cast, world):
    context = browser.new_context(viewport={"width": PHONE, "height": 900}, locale="vi-VN")
    context.add_cookies([session_cookie(cast.staff_hcm, live_server)])
    page = context.new_page()
    page.goto(live_server.url + "/chuong-trinh/theo-doi/nhiem-vu/")
    frame = page.locator(".table-wrap").first
    scroll_width, client_width = frame.evaluate("el => [el.scrollWidth, el.clientWidth]")
    assert scroll_width > client_width  # the table is wider than the phone...
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE  # ...and only its frame scrolls
    assert frame.get_attribute("tabindex") == "0"  # so a keyboard can scroll it too
    # The task's name keeps room for several words a line instead of one word per line.
    first_cell = page.locator(".task-table tbody td").first
    assert first_cell.evaluate("el => el.getBoundingClientRect().width") >= 180
    context.close()


def test_a_confirmation_page_fits_a_phone(browser, live_server, cast, world):
    context = browser.new_context(viewport={"width": PHONE, "height": 900}, locale="vi-VN")
    context.add_cookies([session_cookie(cast.enterprise_a_user, live_server)])
    page = context.new_page()
    draft = world["applications"][S.DRAFT]
    page.goto(f"{live_server.url}/san-pham/ho-so/{draft.public_id}/")
    page.locator(f"form.transition[data-to='{S.WITHDRAWN}'] button").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Rút hồ sơ"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE
    draft.refresh_from_db()
    assert draft.status == S.DRAFT  # nothing happened yet
    page.get_by_role("button", name="Rút hồ sơ").click()
    page.wait_for_load_state()
    draft.refresh_from_db()
    assert draft.status == S.WITHDRAWN
    context.close()
