"""Headless Chromium for the browser tests: Debian's /usr/bin/chromium, launched the same way everywhere.

The `browser` fixture (tests/conftest.py) gives one per test; the journeys keep one per package
(tests/journeys/conftest.py). Both come from `chromium()`.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

EXECUTABLE = "/usr/bin/chromium"
ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking")


@contextmanager
def chromium() -> Iterator:
    """A launched playwright Browser, closed at the end of the block."""
    # Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable from it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=EXECUTABLE, args=list(ARGS))
        try:
            yield browser
        finally:
            browser.close()


def session_cookie(user, live_server) -> dict:
    """The cookie of a session signed in as `user`, for a browser context on the live server (no login form)."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }


def screenshot_folder(tmp_path: Path) -> Path:
    """SCREENSHOT_DIR keeps the pictures for a human to look at; by default they go away with the test."""
    directory = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
    directory.mkdir(parents=True, exist_ok=True)
    return directory
