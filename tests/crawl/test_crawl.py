"""Every demo login (and an anonymous visitor) walks the seeded portal, on the test database and on SQLite.

Over `seed_programs` + `seed_demo` (small sizes), each role follows every same-site link and submits every GET form
it finds, bounded (tests/crawl/crawler.py), and fails on any 5xx, a raw template tag, a year printed with a
thousands separator, or Vietnamese interface text on the English page. The pages crawled per role are written to
test-artifacts/crawl/<database>-<role>.txt.
"""

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import override_settings

from tests.crawl import portal_site
from tests.crawl.crawler import Finding, RoleCrawl, distinct_findings

ROLES = [portal_site.ANONYMOUS, *(login.username for login in portal_site.demo_logins())]
ARTIFACTS = portal_site.ROOT / "test-artifacts" / "crawl"


def write_pages(database: str, role: str, pages, broken_links) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{database}-{role}.txt"
    lines = [f"{status} {url}" for url, status in pages]
    lines += [f"broken link {status} {url} (on {referrer})" for url, referrer, status in broken_links]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def assert_clean(database: str, role: str, pages, findings: list[Finding], broken_links) -> None:
    path = write_pages(database, role, pages, broken_links)
    assert len(pages) > 3, f"{role} reached only {pages}"
    distinct = distinct_findings(findings)
    report = "\n".join(
        f"  {f.kind} [{f.language or '-'}] {f.url}: {f.detail}" + (f" (×{n})" if n > 1 else "") for f, n in distinct
    )
    assert not distinct, f"{role} on {database}: {len(distinct)} problems over {len(pages)} pages ({path}):\n{report}"


@dataclass
class SeededSite:
    language_check: object
    media_root: Path


@pytest.fixture(scope="module")
def seeded_test_database(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data, seeded once for the module in a transaction that is rolled back at its end."""
    media_root = tmp_path_factory.mktemp("crawl-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            portal_site.seed()
            yield SeededSite(portal_site.language_check(), media_root)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.parametrize("role", ROLES)
def test_crawl_on_the_test_database(role, seeded_test_database, db, settings):
    settings.MEDIA_ROOT = seeded_test_database.media_root  # where the seeded dossiers' files are
    result: RoleCrawl = portal_site.crawl_role(role, seeded_test_database.language_check)
    assert_clean(connection.vendor, role, result.pages, result.findings, result.broken_links)


@pytest.fixture(scope="module")
def sqlite_crawl(tmp_path_factory):
    """The same crawl in a program of its own, on a fresh embedded SQLite database (the `make run` default)."""
    data = tmp_path_factory.mktemp("crawl-sqlite")
    out = data / "crawl.json"
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}}
    env |= {"PORTAL_DATA_DIR": str(data), "DJANGO_ENV": "development", "DEBUG": "false"}
    run = subprocess.run(
        [sys.executable, "-m", "tests.crawl.portal_site", "--seed", "--out", str(out)],
        cwd=portal_site.ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, f"the SQLite crawl failed:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    results = json.loads(out.read_text(encoding="utf-8"))
    assert results["vendor"] == "sqlite"
    return results["roles"]


@pytest.mark.parametrize("role", ROLES)
def test_crawl_on_sqlite(role, sqlite_crawl):
    assert role in sqlite_crawl, f"{role} was not crawled"
    result = sqlite_crawl[role]
    assert "error" not in result, f"{role} could not walk the portal:\n{result.get('error')}"
    findings = [Finding(**f) for f in result["finding_list"]]
    pages = [tuple(p) for p in result["page_list"]]
    assert_clean("sqlite", role, pages, findings, [tuple(b) for b in result["broken_links"]])
