"""/healthz answers 200 when the database and the broker are reachable, 503 when the broker is not."""

import os
import socket

import pytest
from django.urls import reverse

from portal.celery import app

pytestmark = pytest.mark.django_db

BROKER_URL = os.environ.get("CELERY_BROKER_URL") or "redis://127.0.0.1:6379/5"


@pytest.fixture
def broker(settings, monkeypatch):
    """Point Django's setting and the Celery app at a broker URL for one test.

    Celery reads the CELERY_BROKER_URL environment variable before its own configuration, so that moves too.
    """
    previous = app.conf.broker_url

    def _use(url):
        settings.CELERY_BROKER_URL = url
        monkeypatch.setenv("CELERY_BROKER_URL", url)
        app.conf.broker_url = url

    yield _use
    app.conf.broker_url = previous


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_is_ok_with_database_and_broker(client, broker):
    broker(BROKER_URL)

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_reports_503_when_the_broker_is_away(client, broker):
    broker(f"redis://127.0.0.1:{closed_port()}/0")

    response = client.get(reverse("healthz"))

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"] == "ok"
    assert body["broker"] != "ok"
