"""Accessibility in headless Chromium: axe-core finds no serious or critical violation on the public pages,
the login page and an enterprise's application form; the API docs work under the content security policy."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.browser import session_cookie
from tests.conftest import PASSWORD
from tests.factories import ProductFactory, RecognitionRoundFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
VIEWPORTS = {"phone": (375, 812), "desktop": (1280, 900)}


def _blocking_violations(page) -> list[dict]:
    # axe is injected as a script element; the test context bypasses the CSP for it (the portal allows no
    # inline script), the CSP itself being checked by the docs test below and the portal's own browser tests.
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]


def _pages(world) -> dict[str, str]:
    return {
        "home": reverse("home"),
        "program": reverse("programs:public_detail", kwargs={"slug": world.program.slug}),
        "tasks": reverse("programs:public_tasks"),
        "registry": reverse("products:registry"),
        "directory": reverse("enterprises:directory"),
        "enterprise": reverse("enterprises:public_detail", kwargs={"public_id": world.enterprise.public_id}),
        "login": reverse("login"),
    }


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_axe_finds_no_serious_violation(browser, live_server, world, viewport):
    width, height = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN", bypass_csp=True)
    page = context.new_page()
    failures = {}
    for name, path in _pages(world).items():
        page.goto(live_server.url + path)
        violations = _blocking_violations(page)
        if violations:
            failures[name] = violations
    print(json.dumps(failures, ensure_ascii=False, indent=1))
    assert failures == {}


def test_axe_finds_no_serious_violation_on_the_application_form(browser, live_server, world):
    from tests.factories import UserFactory

    user = UserFactory(username="dn.donghieu", role="enterprise", enterprise=world.enterprise)
    RecognitionRoundFactory(program=world.program, year=2025)
    ProductFactory(enterprise=world.enterprise, name="Màng nhựa PE")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN", bypass_csp=True)
    context.add_cookies([session_cookie(user, live_server)])
    page = context.new_page()

    page.goto(live_server.url + reverse("products:application_new"))
    assert page.locator("form select").count() >= 2  # the product and the round to apply in
    violations = _blocking_violations(page)
    print(json.dumps(violations, ensure_ascii=False, indent=1))
    assert violations == []


def test_login_form_works_from_the_keyboard(browser, live_server, world):
    page = browser.new_page(locale="vi-VN")
    page.goto(live_server.url + reverse("login"))

    assert page.evaluate("document.activeElement.id") == "id_username"  # the form takes the focus
    page.keyboard.type("dn.bimat")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("button", name="Đăng xuất").is_visible()


def test_api_docs_render_under_the_csp(browser, live_server, world):
    page = browser.new_page()
    csp_errors = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and csp_errors.append(msg.text))
    page.goto(live_server.url + reverse("api:docs"))
    page.wait_for_selector(".swagger-ui .opblock", timeout=10000)

    # A list and a detail for each of the nine collections (rounds and recognitions among them); the schema
    # document is not one of its own operations.
    assert page.locator(".opblock.opblock-get").count() == 18
    assert csp_errors == []
