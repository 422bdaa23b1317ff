"""`make run` works with no configuration: the embedded SQLite database migrates, seeds and serves the home page."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

HOME_CHECK = """
from django.test import Client
from programs.models import Program
from enterprises.models import Enterprise

response = Client().get("/")
assert response.status_code == 200, response.status_code
html = response.content.decode()
programs = list(Program.objects.all())
assert len(programs) == 3, len(programs)
for p in programs:
    assert p.title in html or p.short_title in html, p.slug
assert Enterprise.objects.filter(is_demo=True).count() == 50
print("home-ok", connection_vendor)
"""


def run_manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}"
    return result


def test_embedded_sqlite_migrates_seeds_and_renders_home(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"}}
    env |= {"PORTAL_DATA_DIR": str(tmp_path), "DJANGO_ENV": "development"}
    run_manage(env, "migrate", "--noinput", "-v0")
    run_manage(env, "seed_programs")
    run_manage(env, "seed_demo", "--enterprises", "50", "--products", "20")
    logins = run_manage(env, "demo_logins")
    assert "demo.canbo.hcm" in logins.stdout
    check = "from django.db import connection\nconnection_vendor = connection.vendor\n" + HOME_CHECK
    result = run_manage(env, "shell", "-c", check)
    assert "home-ok sqlite" in result.stdout
    assert (tmp_path / "portal.sqlite3").exists()
