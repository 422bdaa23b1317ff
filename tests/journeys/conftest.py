"""The journeys' world: the demo data of `seed_programs` + `seed_demo`, made once per test session and put in the
live server's database before each journey (tests/journeys/snapshot.py); headless Chromium at a laptop's and a
phone's width; and the demo logins exactly as `manage.py demo_logins` prints them.

The seeding happens in the test database only: `demo_snapshot` refuses any other."""

import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.backends.base.creation import TEST_DATABASE_PREFIX
from django.test import override_settings

from tests.browser import chromium as launch_chromium
from tests.journeys.harness import Journey
from tests.journeys.snapshot import TableSnapshot

# Small, so that seeding takes seconds; large enough that every list has rows and pages.
DEMO_SIZE = ["--enterprises", "40", "--products", "20", "--task-updates", "60"]
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the demo passwords are hashed, and checked, fast
WIDTHS = {1366: 900, 390: 844}  # viewport width -> height: a laptop, a phone
SHOTS = Path(os.environ.get("SCREENSHOT_DIR") or "/tmp/journeys-shots")
_saved: list[Path] = []


def pytest_report_header(config):
    return f"journey screenshots: {SHOTS}"


def pytest_terminal_summary(terminalreporter):
    if _saved:
        terminalreporter.write_sep("-", f"journey screenshots in {SHOTS}")
        for shot in _saved:
            terminalreporter.write_line(f"  {shot.name}")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.journey_failed = report.failed
    return report


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """Seed the test database once and keep a copy of its rows and of the seeded files; then put back the rows
    it had before, for the tests that follow."""
    from portal.celery import app

    media = tmp_path_factory.mktemp("journey-media")
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True  # as in every test: the dossiers' e-mail tasks run here, not on a broker
    try:
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS):
            if connection.vendor != "postgresql":
                pytest.skip("the journeys' snapshot of the seeded database needs PostgreSQL (make test uses it)")
            # pytest-django sets up the test database only for a session with a test that asks for one.
            assert connection.settings_dict["NAME"].startswith(TEST_DATABASE_PREFIX), "not the test database"
            before = TableSnapshot("before")
            if before.left_behind():
                before.restore()  # an interrupted session's journey rows go: the tests after must not see them
            before.take()
            call_command("seed_programs", stdout=io.StringIO())
            call_command("seed_demo", *DEMO_SIZE, stdout=io.StringIO())
            printed = io.StringIO()
            call_command("demo_logins", stdout=printed)
            demo = TableSnapshot("demo").take()
            before.restore()
    finally:
        app.conf.task_always_eager = eager
    yield {"demo": demo, "before": before, "media": media, "logins": _parse_demo_logins(printed.getvalue())}
    with django_db_blocker.unblock():
        demo.drop()
        before.drop()


def _parse_demo_logins(printed: str) -> dict[str, str]:
    """username -> password, read from the table `demo_logins` prints (header row first, then a rule)."""
    rows = [[cell.strip() for cell in line.split(" | ")] for line in printed.splitlines() if " | " in line]
    return {row[0]: row[1] for row in rows[1:]}


@pytest.fixture
def demo_site(transactional_db, live_server, demo_snapshot, settings):
    """The live server over the demo data; the test reads the database too. transactional_db empties the tables
    afterwards, as after every live-server test."""
    settings.PASSWORD_HASHERS = FAST_HASHERS
    shutil.copytree(demo_snapshot["media"], settings.MEDIA_ROOT, dirs_exist_ok=True)
    demo_snapshot["demo"].restore()
    return live_server


@pytest.fixture(scope="package")
def chromium():
    """One browser for all the journeys; each journey opens its own context."""
    with launch_chromium() as browser:
        yield browser


@pytest.fixture(params=list(WIDTHS), ids=[f"{w}px" for w in WIDTHS])
def width(request):
    return request.param


@pytest.fixture
def journey(request, chromium, demo_site, demo_snapshot, width):
    """One user's story in a fresh browser: `journey.sign_in(...)`, `journey.nav(...)`, `journey.follow(...)`;
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
    _saved.extend(journey.saved)
    context.close()
