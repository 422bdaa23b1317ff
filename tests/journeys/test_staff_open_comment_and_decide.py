"""HCMC staff sign in, publish a dossier the council has finished scoring for public comment, then decide the
round: every dossier whose comment window has closed is recognised or refused at once, with certificates."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from products.models import Application, Recognition

pytestmark = [pytest.mark.browser]

S = Application.Status
DECISION = "1234/QĐ-UBND"


def _scored_by_the_whole_council() -> Application:
    """The dossier the staff member looks for: in scoring, with a sheet from every member of the council."""
    scoring = Application.objects.filter(round__program__city__code="hcm", status=S.COUNCIL_SCORING)
    return next(a for a in scoring if a.score_count == a.round.council_members.count())


def test_staff_open_comment_and_decide(journey):
    page = journey.page
    today = timezone.localdate()
    scored = _scored_by_the_whole_council()
    closed = Application.objects.filter(round=scored.round, status=S.PUBLIC_COMMENT, comment_closes_on__lt=today)
    passing = sum(a.score_average >= a.round.pass_threshold for a in closed)
    failing = len(closed) - passing
    assert passing and failing, "the demo round has a passing and a failing dossier whose comment window has closed"
    closed = {a.product.name for a in closed}
    journey.sign_in("demo.canbo.hcm")

    journey.nav("Hồ sơ xét chọn")
    filters = page.get_by_role("search")
    filters.get_by_label("Trạng thái").select_option(label="Hội đồng đang chấm điểm")
    journey.submit(filters.get_by_role("button", name="Lọc"))
    journey.follow(page.get_by_role("link", name=scored.product.name, exact=True))
    expect(page.get_by_text("3 thành viên đã chấm")).to_be_visible()

    publish = page.get_by_role("region", name="Công bố kết quả để lấy ý kiến công khai")
    publish.get_by_label("Từ ngày").fill(today.isoformat())
    publish.get_by_label("Đến ngày").fill((today + datetime.timedelta(days=14)).isoformat())
    journey.take_step("Công bố lấy ý kiến công khai", within=publish)
    expect(page.locator("main header .status-line .badge")).to_have_text("Đang lấy ý kiến công khai")

    breadcrumbs = page.get_by_role("navigation", name="Vị trí")
    journey.follow(breadcrumbs.get_by_role("link", name=scored.round.title, exact=True))
    decision = page.get_by_role("region", name="Quyết định công nhận")
    decision.get_by_label("Số quyết định").fill(DECISION)
    decision.get_by_label("Ngày quyết định").fill(today.isoformat())
    journey.take_step("Ra quyết định", within=decision)
    expect(page.get_by_role("status").filter(has_text="Đã ra quyết định")).to_have_text(
        f"Đã ra quyết định: {passing} sản phẩm được công nhận, {failing} hồ sơ không đạt."
    )

    decided = Application.objects.filter(product__name__in=closed)
    assert sorted(a.status for a in decided) == sorted([S.RECOGNISED] * passing + [S.REJECTED] * failing)
    assert Recognition.objects.filter(application__in=decided, decision_number=DECISION).count() == passing
    assert Application.objects.get(pk=scored.pk).status == S.PUBLIC_COMMENT  # its window is still open
    journey.finish()
