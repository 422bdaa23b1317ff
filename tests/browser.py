"""Headless Chromium for the browser tests: Debian's /usr/bin/chromium, launched the same way everywhere.

The `browser` fixture (tests/conftest.py) gives one per test; the journeys keep one per package
(tests/journeys/conftest.py). Both come from `chromium()`.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager

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
