"""Redis down under the running portal: pages are still served, a report request is kept as a pending row
(sent by the sweeper once the broker is back), and /healthz says the broker is away."""

import ast

import pytest
import redis

from tests.reliability.conftest import PROGRAM_SLUG, STAFF_PASSWORD, STAFF_USERNAME

pytestmark = pytest.mark.django_db

PAGES = ["/", "/san-pham/", "/doanh-nghiep/", "/chuong-trinh/theo-doi/", f"/chuong-trinh/theo-doi/{PROGRAM_SLUG}/"]


def _report_statuses(portal) -> list[str]:
    statuses = portal.shell_value(
        "list(__import__('reports.models').models.Report.objects.order_by('id').values_list('status', flat=True))"
    )
    return ast.literal_eval(statuses)


def test_pages_served_and_reports_kept_while_redis_is_down(portal, throwaway_redis):
    staff = portal.session(STAFF_USERNAME, STAFF_PASSWORD)
    assert portal.session().get(f"{portal.base}/healthz", timeout=10).status_code == 200
    before = _report_statuses(portal)

    throwaway_redis.stop()
    try:
        for path in PAGES:
            assert staff.get(portal.base + path, timeout=30).status_code == 200, path
        # The open-data API counts anonymous callers in the cache (Redis): it still answers.
        assert portal.session().get(f"{portal.base}/api/v1/programs/", timeout=30).status_code == 200
        # Signing in needs no Redis either (sessions and lockout counters live in the database).
        assert portal.session(STAFF_USERNAME, STAFF_PASSWORD).get(f"{portal.base}/", timeout=30).status_code == 200
        requested = portal.csrf_post(
            staff, "/bao-cao/yeu-cau/", {"kind": "midterm", "program": PROGRAM_SLUG}, "/bao-cao/"
        )
        assert requested.status_code == 302, requested.text[:500]
        assert staff.get(portal.base + requested.headers["Location"], timeout=30).status_code == 200
        health = portal.session().get(f"{portal.base}/healthz", timeout=30)
        assert health.status_code == 503
        assert health.json()["broker"] != "ok"
    finally:
        throwaway_redis.start()

    after = _report_statuses(portal)
    assert after == [*before, "pending"]  # the request is kept, not lost and not failed
    # Once the broker is back the sweeper sends it: the job is on the queue.
    sweep = portal.shell_value("__import__('reports.services').services.report_sweep(pending_grace_seconds=0)")
    assert "'sent': 1" in sweep
    assert redis.Redis.from_url(throwaway_redis.url(0)).llen("celery") == 1
    assert portal.session().get(f"{portal.base}/healthz", timeout=10).status_code == 200
