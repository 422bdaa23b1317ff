"""Password spraying: a few wrong passwords on each of many accounts from one address. Axes' lock on a
username + address never trips; the address has a limit of its own (portal/lockout.py)."""

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.50"


@pytest.fixture
def limits(settings):
    settings.AXES_FAILURE_LIMIT = 5
    settings.AXES_ADDRESS_FAILURE_LIMIT = 12
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings


@pytest.fixture
def accounts(db, hcm, limits):
    return [UserFactory(username=f"canbo.{n}", role="staff", city=hcm, password=PASSWORD) for n in range(6)]


def _attempt(client, username, password, ip):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def _spray(client, usernames, per_user):
    """Wrong passwords, fewer per account than axes' own limit; returns the statuses."""
    return [
        _attempt(client, username, f"sai-mat-khau-{n}", ATTACKER).status_code
        for username in usernames
        for n in range(per_user)
    ]


def test_many_usernames_from_one_address_end_locked(client, accounts):
    # 5 usernames × 3 wrong passwords: never 5 on one account, 15 from the address (limit 12).
    statuses = _spray(client, [user.username for user in accounts[:5]], 3)

    assert statuses[:11] == [200] * 11
    assert set(statuses[11:]) == {429}
    # From then on the address is refused even with a correct password of an account it never tried.
    refused = _attempt(client, accounts[5].username, PASSWORD, ATTACKER)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session
    html = refused.content.decode()
    assert "Đăng nhập từ địa chỉ mạng này đã bị tạm khóa sau 12 lần đăng nhập sai với nhiều tài khoản." in html


def test_a_correct_user_from_another_address_still_signs_in(client, accounts):
    _spray(client, [user.username for user in accounts[:5]], 3)

    assert _attempt(client, accounts[0].username, PASSWORD, "198.51.100.20").status_code == 302


def test_the_address_limit_counts_only_within_the_cool_off(client, accounts):
    import datetime

    from axes.models import AccessAttempt

    _spray(client, [user.username for user in accounts[:5]], 3)
    AccessAttempt.objects.update(attempt_time=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))

    assert _attempt(client, accounts[5].username, PASSWORD, ATTACKER).status_code == 302


def test_an_office_behind_one_address_is_not_locked_by_a_few_typos(client, accounts):
    # Below the address limit, other colleagues behind the same address sign in as before.
    _spray(client, [user.username for user in accounts[:3]], 2)

    assert _attempt(client, accounts[5].username, PASSWORD, ATTACKER).status_code == 302
