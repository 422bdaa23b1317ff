"""A staff member posts a task update with evidence in headless Chromium and sees the progress move."""

import pytest
from django.urls import reverse

from programs.models import TaskUpdate
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def browser_page(browser):
    return browser.new_page()


def test_staff_posts_update_with_evidence_and_sees_progress_change(live_server, browser_page, cast, hcm_task):
    page = browser_page
    task_url = reverse("programs:task_detail", args=[hcm_task.public_id])
    page.goto(f"{live_server.url}{reverse('login')}?next={task_url}")
    page.fill("input[name=username]", cast.staff_hcm.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{task_url}")

    progress = page.locator("#task-state progress")
    assert progress.get_attribute("value") == "0"
    page.wait_for_function("() => window.htmx !== undefined")

    page.fill("#id_date", "2023-04-15")
    page.select_option("#id_status", "in_progress")
    page.fill("#id_progress", "65")
    page.fill("#id_note", "Đã tổ chức 2 lớp đào tạo kỹ thuật")
    page.set_input_files("#id_evidence", files=[{"name": "bien-ban.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    with page.expect_response(lambda r: "cap-nhat" in r.url and r.request.method == "POST") as posted:
        page.click("#task-panel button[type=submit]")
    assert posted.value.request.headers.get("hx-request") == "true", "the form was sent by htmx"

    page.wait_for_selector("#task-state progress[value='65']")
    assert page.url.endswith(task_url), "no full page navigation"
    assert "65%" in page.locator("#task-state .progress-value").inner_text()
    assert "bien-ban.pdf" in page.locator(".timeline").inner_text()
    update = TaskUpdate.objects.get()
    assert update.author == cast.staff_hcm and update.evidence_content_type == "application/pdf"


PHONE = {"width": 390, "height": 844}


def test_a_seeded_programme_page_reads_on_a_phone_without_invented_figures(live_server, browser, screenshot_dir):
    """The HCMC programme's public page at 390 px: nothing wider than the screen, each group deployed without a
    drawn bar or a percentage, the context figures apart from the chỉ tiêu."""
    import io

    from django.core.management import call_command

    from programs.models import Program

    call_command("seed_programs", stdout=io.StringIO())
    program = next(p for p in Program.objects.filter(city__code="hcm") if p.groups.count() == 9)
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    page = context.new_page()
    page.goto(live_server.url + reverse("programs:public_detail", kwargs={"slug": program.slug}))

    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert "{#" not in page.content() and "{%" not in page.content()
    cards = page.locator(".group-card")
    assert cards.count() == 9
    for n in range(9):
        card = cards.nth(n)
        assert card.locator("progress").count() == 0
        text = card.inner_text()
        assert "Đã triển khai" in text and "%" not in text
        box = card.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    stats = page.locator(".stat-grid").inner_text()
    assert "Chưa có số liệu" in stats and "0%" not in stats
    indicators = page.locator("#indicators-title + *").inner_text()
    if page.locator("#context-title").count():
        context_text = page.locator(".context-figures").inner_text()
        assert "Số liệu bối cảnh" in context_text
        assert not any(line and line in indicators for line in page.locator(".context-figure h3").all_inner_texts())
    page.screenshot(path=str(screenshot_dir / "chuong-trinh-hcm-390px.png"), full_page=True)
