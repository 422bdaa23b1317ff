"""django-axes locks a username out from one address after repeated failures, with a cool-off."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD


@pytest.fixture
def axes_limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    return 3


def _attempt(client, username, password, ip="10.0.0.5"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_repeated_failures_lock_out_the_username_from_that_address(client, cast, axes_limit):
    for _ in range(axes_limit - 1):
        assert _attempt(client, "canbo.hcm", "sai-mat-khau-123").status_code == 200
    # The failure that reaches the limit locks the pair out; from then on even the right password fails.
    assert _attempt(client, "canbo.hcm", "sai-mat-khau-123").status_code == 429
    locked = _attempt(client, "canbo.hcm", PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_is_per_username_and_address(client, cast, axes_limit):
    for _ in range(axes_limit):
        _attempt(client, "canbo.hcm", "sai-mat-khau-123")
    # Same user from another address, and another user from the same address, still log in.
    assert _attempt(client, "canbo.hcm", PASSWORD, ip="10.0.0.6").status_code == 302
    client.logout()
    assert _attempt(client, "canbo.hanoi", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_success_before_the_limit_resets_the_counter(client, cast, axes_limit):
    for _ in range(axes_limit - 1):
        _attempt(client, "canbo.hcm", "sai-mat-khau-123")
    assert _attempt(client, "canbo.hcm", PASSWORD).status_code == 302
    client.logout()
    for _ in range(axes_limit - 1):
        _attempt(client, "canbo.hcm", "sai-mat-khau-123")
    assert _attempt(client, "canbo.hcm", PASSWORD).status_code == 302


def test_sessions_expire_and_passwords_are_validated(settings):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    assert settings.SESSION_COOKIE_AGE <= 8 * 3600
    for weak in ["12345678901", "password123", "abc"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
