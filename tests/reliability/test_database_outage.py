"""PostgreSQL restarted under the running portal: requests answer the 503 maintenance page while it is away,
and the pages come back once it is up, with no restart of the portal."""

import pytest

from tests.reliability.conftest import PROGRAM_SLUG, STAFF_PASSWORD, STAFF_USERNAME

# The database marker makes pytest-django create the migrated test database the portal's copy is made from.
pytestmark = pytest.mark.django_db

MAINTENANCE = "Hệ thống đang bảo trì"


def _count_reports(portal) -> int:
    return int(portal.shell_value("__import__('reports.models').models.Report.objects.count()"))


@pytest.fixture
def pages(portal):
    staff = portal.session(STAFF_USERNAME, STAFF_PASSWORD)
    return {
        "anonymous home": (portal.session(), "/"),
        "public registry": (portal.session(), "/san-pham/"),
        "staff workspace": (staff, "/chuong-trinh/theo-doi/"),
        "staff dashboard": (staff, f"/chuong-trinh/theo-doi/{PROGRAM_SLUG}/"),
    }


def test_postgres_restart_gives_503_then_recovers_without_restarting_the_portal(portal, throwaway_pg, pages):
    for label, (browser, path) in pages.items():
        assert browser.get(portal.base + path, timeout=10).status_code == 200, label
    staff = pages["staff workspace"][0]
    reports_before = _count_reports(portal)
    pid = portal.process.pid

    throwaway_pg.stop()
    try:
        for label, (browser, path) in pages.items():
            response = browser.get(portal.base + path, timeout=30)
            assert response.status_code == 503, label
            assert MAINTENANCE in response.text, label
            assert response.headers["Retry-After"]
        # A write attempted during the outage fails cleanly too.
        token = staff.cookies.get("csrftoken")
        attempt = staff.post(
            f"{portal.base}/bao-cao/yeu-cau/",
            data={"kind": "midterm", "program": PROGRAM_SLUG, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{portal.base}/bao-cao/"},
            allow_redirects=False,
            timeout=30,
        )
        assert attempt.status_code == 503
        health = portal.session().get(f"{portal.base}/healthz", timeout=30)
        assert health.status_code == 503
        assert health.json()["database"] != "ok"
    finally:
        throwaway_pg.start()

    for label, (browser, path) in pages.items():
        assert browser.get(portal.base + path, timeout=30).status_code == 200, label
    assert portal.process.pid == pid and portal.process.poll() is None  # the same portal process served it all
    assert _count_reports(portal) == reports_before  # the write during the outage left nothing behind
