"""The cast every permission test reuses, and the switches for real services."""

from dataclasses import dataclass

import pytest

from tests.factories import CityFactory, EnterpriseFactory, UserFactory

PASSWORD = "mat-khau-thu-nghiem-2024"


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language(settings):
    """A request in English (a cookie, Accept-Language) leaves its language active in the thread after the
    response, as LocaleMiddleware does not reset it: put the default back so the next test starts in Vietnamese."""
    from django.utils import translation

    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _eager_celery(request):
    """Tasks run in-process unless the test is about the real worker (marked `worker`)."""
    from portal.celery import app

    eager = request.node.get_closest_marker("worker") is None
    previous = app.conf.task_always_eager
    app.conf.task_always_eager = eager
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def hcm(db):
    return CityFactory(code="hcm", name="TP Hồ Chí Minh", short_name="TPHCM")


@pytest.fixture
def hanoi(db):
    return CityFactory(code="hanoi", name="Hà Nội", short_name="Hà Nội")


@dataclass
class Cast:
    staff_hcm: object
    staff_hanoi: object
    official: object
    enterprise_a_user: object
    enterprise_b_user: object
    admin: object
    enterprise_a: object
    enterprise_b: object


@pytest.fixture
def cast(db, hcm, hanoi):
    enterprise_a = EnterpriseFactory(name="Công ty TNHH Nhựa Đồng Tiến")
    enterprise_b = EnterpriseFactory(name="Công ty CP Cao su Sài Gòn")
    return Cast(
        staff_hcm=UserFactory(username="canbo.hcm", role="staff", city=hcm, first_name="Lan"),
        staff_hanoi=UserFactory(username="canbo.hanoi", role="staff", city=hanoi, first_name="Minh"),
        official=UserFactory(username="lanhdao", role="official"),
        enterprise_a_user=UserFactory(username="dn.a", role="enterprise", enterprise=enterprise_a),
        enterprise_b_user=UserFactory(username="dn.b", role="enterprise", enterprise=enterprise_b),
        admin=UserFactory(username="quantri", role="admin", is_staff=True, is_superuser=True),
        enterprise_a=enterprise_a,
        enterprise_b=enterprise_b,
    )


@pytest.fixture
def login(client):
    """Log the test client in as a user of the cast: `login(cast.staff_hcm)`."""

    def _login(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


@pytest.fixture(scope="session", autouse=True)
def _close_stray_connections(django_db_setup, django_db_blocker):
    """Threads of the live server and of concurrency tests may leave sessions open on the test database;
    close them before pytest-django drops it, so the drop does not fail."""
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture
def browser():
    """Headless Chromium for tests marked `browser` (live_server + transactional_db)."""
    from tests.browser import chromium

    with chromium() as launched:
        yield launched


@pytest.fixture
def screenshot_dir(tmp_path):
    from tests.browser import screenshot_folder

    return screenshot_folder(tmp_path)
