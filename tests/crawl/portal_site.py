"""The crawl of the portal in-process: Django's test client as the fetcher, the database as the data index.

Used by tests/crawl/test_crawl.py on the test database (PostgreSQL), and run as a program on a fresh SQLite file:

    python -m tests.crawl.portal_site --seed --out crawl.json    # PORTAL_DATA_DIR set, DATABASE_URL unset
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
import traceback
from dataclasses import asdict
from pathlib import Path

from tests.crawl.crawler import (
    Answer,
    Catalogue,
    DataIndex,
    LanguageCheck,
    RoleCrawl,
    crawl,
    parse_html,
    read_msgids,
)

ROOT = Path(__file__).resolve().parents[2]
ANONYMOUS = "anonymous"
HOST = "testserver"
# Small demo data: every kind of page exists, and a crawl of every role stays well under a few minutes.
DEMO_SIZE = {"enterprises": 60, "products": 30, "task_updates": 100}
MAX_PAGES = 120


class ClientFetcher:
    """Fetches through django.test.Client; a view's exception becomes its 500 answer, with the error kept."""

    def __init__(self, client):
        self.client = client

    def get(self, url: str, *, language: str) -> Answer:
        from django.conf import settings

        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = self.client.get(url)
        # The client closes the response itself (for a streamed one, once it is read to the end).
        body = b"".join(response.streaming_content) if response.streaming else response.content
        error = ""
        if getattr(response, "exc_info", None):
            _type, exc, tb = response.exc_info
            frames = [f for f in traceback.extract_tb(tb) if str(ROOT) in f.filename and "/.venv/" not in f.filename]
            where = f" at {Path(frames[-1].filename).relative_to(ROOT)}:{frames[-1].lineno}" if frames else ""
            error = f"{type(exc).__name__}: {exc}{where}"[:300]
        return Answer(url, response.status_code, response.get("Content-Type", ""), body, response.get("Location", ""),
                      error)  # fmt: skip


def sign_in(client, username: str, password: str) -> str:
    """Sign in through the login form, as a person would; returns the page the portal sends the user to."""
    page = client.get("/dang-nhap/")
    assert page.status_code == 200, page.status_code
    form = next(f for f in parse_html(page.content.decode()).forms if any(c.type == "password" for c in f.controls))
    fields = {c.name: c.value for c in form.controls if c.type == "hidden"}
    user_field = next(c.name for c in form.controls if c.type in ("text", "email") and c.name != "next")
    fields |= {user_field: username, "password": password}
    answer = client.post(form.action or "/dang-nhap/", fields)
    assert answer.status_code == 302, f"{username} could not sign in ({answer.status_code})"
    return answer["Location"]


def catalogue_paths() -> list[Path]:
    from django.apps import apps
    from django.conf import settings

    folders = [Path(p) for p in settings.LOCALE_PATHS]
    folders += [Path(a.path) / "locale" for a in apps.get_app_configs() if Path(a.path).is_relative_to(ROOT)]
    return sorted(p for folder in folders for p in folder.glob("*/LC_MESSAGES/django.po"))


def data_values() -> set[str]:
    """Every string stored by the portal's models (history copies left out): the data a page may show as is."""
    from django.apps import apps
    from django.db import models

    values: set[str] = set()
    for model in apps.get_models():
        if model.__name__.startswith("Historical") or model._meta.proxy:
            continue
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField) and f.name != "password"
        ]
        for name in names:
            values.update(v for v in model._default_manager.values_list(name, flat=True).distinct() if v)
    return values


def language_check() -> LanguageCheck:
    return LanguageCheck(Catalogue(read_msgids(catalogue_paths())), DataIndex(data_values()))


def demo_logins():
    from demo.management.commands.seed_demo import DEMO_LOGINS

    return DEMO_LOGINS


def crawl_role(username: str, check: LanguageCheck, *, max_pages: int = MAX_PAGES) -> RoleCrawl:
    from django.test import Client

    client = Client(raise_request_exception=False)
    start = ["/"]
    if username != ANONYMOUS:
        password = next(d.password for d in demo_logins() if d.username == username)
        start = [sign_in(client, username, password), "/"]
    else:
        start.append("/dang-nhap/")
    return crawl(ClientFetcher(client), role=username, host=HOST, start=start, language_check=check,
                 max_pages=max_pages)  # fmt: skip


def seed() -> None:
    from django.core.management import call_command

    quiet = io.StringIO()
    call_command("seed_programs", stdout=quiet)
    call_command("seed_demo", stdout=quiet, **DEMO_SIZE)


def result_json(result: RoleCrawl, seconds: float) -> dict:
    return {
        **result.summary(),
        "seconds": round(seconds, 1),
        "page_list": result.pages,
        "finding_list": [asdict(f) for f in result.findings],
        "broken_links": result.broken_links,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", action="store_true", help="migrate and seed the database first")
    parser.add_argument("--out", required=True, help="where to write the results (JSON)")
    parser.add_argument("--roles", nargs="*", help="usernames (and `anonymous`); all demo logins by default")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if args.seed:
        call_command("migrate", "--noinput", verbosity=0)
        seed()
    check = language_check()
    roles = args.roles or [ANONYMOUS, *(d.username for d in demo_logins())]
    results = {"vendor": connection.vendor, "roles": {}}
    for role in roles:
        started = time.monotonic()
        try:
            results["roles"][role] = result_json(crawl_role(role, check), time.monotonic() - started)
        except Exception:  # one role that cannot walk (cannot sign in) must not hide the others' findings
            results["roles"][role] = {"role": role, "error": traceback.format_exc()}
        print(json.dumps({k: v for k, v in results["roles"][role].items() if not k.endswith("_list")}), flush=True)
    Path(args.out).write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
