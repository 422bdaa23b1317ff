"""A world built once per module (inside a transaction rolled back at the end) for the long tables."""

import pytest
from django.db import transaction
from django.test import override_settings

from tests.security.world import build_world

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def world_media(tmp_path_factory):
    return tmp_path_factory.mktemp("world-media")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, world_media):
    """Each test runs in a savepoint inside this transaction, so what one test writes the next does not see."""
    fast = override_settings(MEDIA_ROOT=world_media, PASSWORD_HASHERS=FAST_HASHERS)
    with django_db_blocker.unblock(), fast, transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)
