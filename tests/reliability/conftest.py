"""Session fixtures for the fault tests: my own PostgreSQL and Redis, and the portal running against them."""

import os
import subprocess
import tempfile

import pytest

from tests.reliability.servers import ROOT, Portal, ThrowawayPostgres, ThrowawayRedis

STAFF_USERNAME = "canbo.hcm"
STAFF_PASSWORD = "mat-khau-thu-nghiem-2024"
PROGRAM_SLUG = "nhua-cao-su-hcm"

SEED = f"""
from tests.factories import CityFactory, ProgramFactory, TaskFactory, TaskGroupFactory, UserFactory
hcm = CityFactory(code="hcm")
program = ProgramFactory(city=hcm, slug="{PROGRAM_SLUG}")
TaskFactory(group=TaskGroupFactory(program=program))
UserFactory(username="{STAFF_USERNAME}", role="staff", city=hcm)
"""


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def throwaway_pg():
    server = ThrowawayPostgres().init()
    yield server
    server.destroy()


@pytest.fixture(scope="session")
def throwaway_redis():
    server = ThrowawayRedis().start()
    yield server
    server.destroy()


@pytest.fixture(scope="session")
def portal(throwaway_pg, throwaway_redis, django_db_setup, django_db_blocker):
    """The portal under gunicorn on a copy of the migrated test database, with its broker and cache on my Redis."""
    from django.db import connection

    with django_db_blocker.unblock():
        source = connection.settings_dict
    subprocess.run(
        ["createdb", "-h", "127.0.0.1", "-p", str(throwaway_pg.port), "-U", "postgres", "portal"], check=True
    )
    dump = subprocess.run(
        ["pg_dump", "-Fc", "-h", source["HOST"] or "127.0.0.1", "-p", str(source["PORT"] or 5432),
         "-U", source["USER"], source["NAME"]],
        check=True, capture_output=True, env={**os.environ, "PGPASSWORD": source.get("PASSWORD") or ""},
    )  # fmt: skip
    subprocess.run(
        ["pg_restore", "--no-owner", "-h", "127.0.0.1", "-p", str(throwaway_pg.port), "-U", "postgres", "-d", "portal"],
        input=dump.stdout, check=True, capture_output=True,
    )  # fmt: skip
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": throwaway_pg.url("portal"),
        "CELERY_BROKER_URL": throwaway_redis.url(0),
        "REDIS_URL": throwaway_redis.url(1),
        "MEDIA_ROOT": tempfile.mkdtemp(prefix="portal-media-"),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "PYTHONPATH": str(ROOT),
    }
    server = Portal(env)
    server.manage("shell", "-c", SEED)
    server.start()
    yield server
    server.stop()
