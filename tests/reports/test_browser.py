"""An official asks for the mid-term report, watches the progress bar, and downloads the PDF."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.reports.conftest import build_program

pytestmark = [pytest.mark.browser, pytest.mark.worker]


def test_official_requests_watches_and_downloads_the_midterm_report(
    live_server, start_worker, browser, hcm, cast, tmp_path
):
    # Slow enough that the progress bar is on screen before the link replaces it.
    start_worker(REPORTS_RENDER_DELAY_SECONDS=2)
    program = build_program(hcm)
    page = browser.new_page(accept_downloads=True)
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", cast.official.username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.goto(live_server.url + reverse("reports:index"))
    page.get_by_test_id(f"midterm-{program.slug}").click()
    expect(page.locator("#report-status progress")).to_be_visible(timeout=10_000)
    link = page.get_by_test_id("download-link")
    expect(link).to_be_visible(timeout=90_000)
    with page.expect_download() as download_info:
        link.click()
    target = tmp_path / "bao-cao.pdf"
    download_info.value.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
