"""The journeys' world: the demo data of `seed_programs` + `seed_demo`, made once per test session and loaded
into the live server's database before each journey; headless Chromium at a desktop's and a phone's width; and
the demo logins exactly as `manage.py demo_logins` prints them."""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.test import override_settings

from tests.journeys.harness import Journey

# Small enough to load in a second before each journey, large enough that every list has pages of rows.
DEMO_SIZE = ["--enterprises", "40", "--products", "20", "--task-updates", "60"]
WIDTHS = {1366: 900, 390: 844}  # viewport width -> height: a laptop, a phone
SHOTS = Path(os.environ.get("SCREENSHOT_DIR") or "/tmp/journeys-shots")


def pytest_report_header(config):
    return f"journey screenshots: {SHOTS}"


def pytest_terminal_summary(terminalreporter):
    shots = sorted(SHOTS.glob("*.png")) if SHOTS.is_dir() else []
    if shots:
        terminalreporter.write_line(f"journey screenshots ({len(shots)}) in {SHOTS}:")
        for shot in shots:
            terminalreporter.write_line(f"  {shot.name}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.journey_failed = report.failed
    return report


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """Seed the test database once, keep its rows as Django's test serialization (what `serialized_rollback`
    uses) and the seeded files, then empty the database again for the tests that follow."""
    media = tmp_path_factory.mktemp("journey-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        call_command("seed_programs", stdout=io.StringIO())
        call_command("seed_demo", *DEMO_SIZE, stdout=io.StringIO())
        printed = io.StringIO()
        call_command("demo_logins", stdout=printed)
        rows = connection.creation.serialize_db_to_string()
        call_command("flush", interactive=False, verbosity=0)
    return {"rows": rows, "media": media, "logins": _parse_demo_logins(printed.getvalue())}


def _parse_demo_logins(printed: str) -> dict[str, str]:
    """username -> password, read from the table `demo_logins` prints (header row first, then a rule)."""
    rows = [[cell.strip() for cell in line.split(" | ")] for line in printed.splitlines() if " | " in line]
    return {row[0]: row[1] for row in rows[1:]}


@pytest.fixture
def demo_site(transactional_db, live_server, demo_snapshot, settings):
    """The seeded demo data in the live server's database (emptied again after the test by transactional_db)."""
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(demo_snapshot["rows"])
    # The rows keep their ids; make each table's sequence continue after them, whatever ran in between.
    from django.apps import apps

    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
    shutil.copytree(demo_snapshot["media"], settings.MEDIA_ROOT, dirs_exist_ok=True)
    from programs.caching import expire_all_program_pages

    expire_all_program_pages()
    return live_server


@pytest.fixture(scope="session")
def chromium():
    # Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable from it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


@pytest.fixture(params=list(WIDTHS), ids=[f"{w}px" for w in WIDTHS])
def width(request):
    return request.param


@pytest.fixture
def journey(request, chromium, demo_site, demo_snapshot, width):
    """One user's story in a fresh browser: `journey.sign_in(...)`, `journey.visit(...)`, `journey.follow(...)`;
    every page reached is checked for width and accessibility; `journey.finish()` saves the final screenshot."""
    name = request.node.originalname.removeprefix("test_").replace("_", "-")
    context = chromium.new_context(
        viewport={"width": width, "height": WIDTHS[width]}, locale="vi-VN", accept_downloads=True
    )
    context.set_default_timeout(15_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    for old in SHOTS.glob(f"{name}-{width}*.png"):
        old.unlink()
    journey = Journey(
        name=name,
        width=width,
        page=context.new_page(),
        base_url=demo_site.url,
        logins=demo_snapshot["logins"],
        shots=SHOTS,
    )
    print(f"screenshots of {name} at {width}px: {SHOTS}")
    yield journey
    if getattr(request.node, "journey_failed", False) and journey.final_shot is None:
        journey.screenshot("failed")
    context.close()
