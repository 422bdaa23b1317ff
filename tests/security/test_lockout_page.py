"""The lockout answers in Vietnamese with 429, and behind the documented proxy setting it follows the client's
forwarded address, not the proxy's. (Counting, per-pair scope and reset live in test_login_protection.py.)"""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"


@pytest.fixture
def axes_limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return 3


def _attempt(client, username, password, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def test_lockout_page_is_the_portals_own_in_vietnamese(client, cast, axes_limit, settings):
    for _ in range(axes_limit):
        response = _attempt(client, "canbo.hcm", "sai-mat-khau-123", REMOTE_ADDR="10.0.0.5")
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Tạm khóa đăng nhập" in html
    assert f"sau {axes_limit} lần đăng nhập sai" in html
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    assert f"Vui lòng thử lại sau {minutes} phút" in html
    assert "Account locked" not in html  # axes' English default


def test_behind_the_proxy_lockout_follows_the_forwarded_address(client, cast, axes_limit, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    attacker = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    colleague = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    for _ in range(axes_limit):
        _attempt(client, "canbo.hcm", "sai-mat-khau-123", **attacker)
    assert _attempt(client, "canbo.hcm", PASSWORD, **attacker).status_code == 429
    # Another client behind the same proxy is not locked out with the attacker.
    assert _attempt(client, "canbo.hcm", PASSWORD, **colleague).status_code == 302


def test_without_the_proxy_setting_every_client_behind_the_proxy_shares_one_address(client, cast, axes_limit):
    """Why the setting is documented: left at REMOTE_ADDR, the proxy's address is the one that is locked."""
    for _ in range(axes_limit):
        _attempt(client, "canbo.hcm", "sai-mat-khau-123", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.5")
    locked = _attempt(client, "canbo.hcm", PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert locked.status_code == 429


def test_the_cool_off_ends_the_lockout(client, cast, axes_limit, settings):
    import datetime

    from axes.models import AccessAttempt

    for _ in range(axes_limit):
        _attempt(client, "canbo.hcm", "sai-mat-khau-123", REMOTE_ADDR="10.0.0.5")
    assert _attempt(client, "canbo.hcm", PASSWORD, REMOTE_ADDR="10.0.0.5").status_code == 429
    # Age the failures past the cool-off instead of waiting for it.
    past = datetime.timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)
    for attempt in AccessAttempt.objects.all():
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=attempt.attempt_time - past)
    assert _attempt(client, "canbo.hcm", PASSWORD, REMOTE_ADDR="10.0.0.5").status_code == 302


def test_an_idle_session_expires(client, cast, settings):
    """Sessions are dated: the cookie carries a max-age no longer than the configured working day."""
    response = _attempt(client, "canbo.hcm", PASSWORD, REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert int(cookie["max-age"]) == settings.SESSION_COOKIE_AGE <= 8 * 3600
    assert cookie["httponly"]
    assert client.session.get_expiry_age() <= 8 * 3600


def test_lockout_page_in_english(client, cast, axes_limit):
    client.cookies["django_language"] = "en"
    for _ in range(axes_limit):
        response = _attempt(client, "canbo.hcm", "sai-mat-khau-123", REMOTE_ADDR="10.0.0.8")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sign-in temporarily locked" in html
    assert f"after {axes_limit} failed sign-in attempts" in html
