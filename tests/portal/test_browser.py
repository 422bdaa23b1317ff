"""The home page in headless Chromium: no horizontal scrolling on a phone or a desktop, no CSP violations."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {"phone": (375, 812), "desktop": (1280, 900)}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_home_fits_the_screen(browser, live_server, three_programs, screenshot_dir, viewport):
    width, height = VIEWPORTS[viewport]
    page = browser.new_page(viewport={"width": width, "height": height}, locale="vi-VN")
    csp_violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and csp_violations.append(msg.text))

    page.goto(live_server.url + "/")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(screenshot_dir / f"home-{viewport}.png"), full_page=True)

    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width
    assert csp_violations == []
    assert page.evaluate("document.fonts.check('16px \"Be Vietnam Pro\"', 'Chương trình')")
    assert page.locator(".program-card").count() == 3


def test_phone_menu_opens_with_the_toggle(browser, live_server, db):
    page = browser.new_page(viewport={"width": 375, "height": 700}, locale="vi-VN")
    page.goto(live_server.url + "/")
    toggle = page.get_by_role("button", name="Danh mục")

    assert page.locator("#site-nav").is_hidden()
    toggle.click()
    assert page.locator("#site-nav").is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
