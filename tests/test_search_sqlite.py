"""Search answers the same on the embedded SQLite database (`make run`) as on PostgreSQL.

Every list matches words with the same LIKE patterns on both (core/text.py); this runs the search tests of
every app once more, in a separate process with no DATABASE_URL, so on SQLite. Run them there by hand with
`env -u DATABASE_URL -u REDIS_URL -u CELERY_BROKER_URL .venv/bin/python -m pytest tests -k test_search`.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parent.parent
SEARCH_TESTS = sorted(str(path.relative_to(BASE_DIR)) for path in (BASE_DIR / "tests").glob("*/test_search.py"))


@pytest.mark.skipif(connection.vendor == "sqlite", reason="the suite runs on SQLite already: the search tests with it")
def test_search_tests_pass_on_sqlite(tmp_path):
    assert len(SEARCH_TESTS) >= 3, SEARCH_TESTS
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}}
    env |= {"PORTAL_DATA_DIR": str(tmp_path), "DJANGO_ENV": "development"}
    vendor = _run(env, "manage.py", "shell", "-c", "from django.db import connection; print(connection.vendor)")
    assert vendor.stdout.strip().endswith("sqlite"), vendor.stdout
    result = _run(env, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SEARCH_TESTS)
    assert result.returncode == 0, f"search tests failed on SQLite:\n{result.stdout[-6000:]}\n{result.stderr[-2000:]}"
    assert " passed" in result.stdout


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600)
