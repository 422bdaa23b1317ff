"""SITE_URL, the address of every link the portal sends out (the certificate's QR code, e-mails), is https
whenever DEBUG is off: `manage.py check --deploy` refuses an http:// one; development keeps http://127.0.0.1:8000."""

import subprocess
import sys

import pytest

from portal.checks import site_url_check
from tests.security.test_deployment import ROOT, _production_env


def _check_deploy(**env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
        cwd=ROOT,
        env=_production_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("site_url", ["http://congthuong.example.vn", "http://127.0.0.1:8000", "congthuong.example.vn"])
def test_production_refuses_a_site_url_that_is_not_https(site_url):
    result = _check_deploy(SITE_URL=site_url)
    assert result.returncode != 0
    assert "portal.E001" in result.stderr and "SITE_URL must be the portal's public https address" in result.stderr


def test_production_without_site_url_is_refused_too():
    env = _production_env()
    del env["SITE_URL"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "ERROR"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "portal.E001" in result.stderr


def test_production_accepts_an_https_site_url():
    result = _check_deploy(SITE_URL="https://congthuong.example.vn")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("debug", "site_url", "refused"),
    [
        (False, "http://congthuong.example.vn", True),
        (False, "https://", True),
        (False, "https://congthuong.example.vn", False),
        (True, "http://127.0.0.1:8000", False),
    ],
)
def test_the_check_refuses_http_only_when_debug_is_off(settings, debug, site_url, refused):
    settings.DEBUG, settings.SITE_URL = debug, site_url
    assert [error.id for error in site_url_check()] == (["portal.E001"] if refused else [])


def test_development_keeps_its_local_http_address():
    env = {k: v for k, v in _production_env().items() if k not in ("DJANGO_ENV", "SITE_URL", "DEBUG")}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip() == "http://127.0.0.1:8000", result.stderr
