"""HCMC staff sign in and record the city UBND's decision on last year's round, whose result list was published
for comment with one deadline: the deadline has passed and every comment is answered or noted, so the decision
recognises the listed dossiers at once, with certificates, and refuses those the council scored below the mark.

(The comment step used to be opened per dossier; it is now the round's, published on its comments page.)"""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from products import decision as decisions
from products.models import Application, PublicComment, Recognition, RecognitionRound

pytestmark = [pytest.mark.browser]

S = Application.Status
DECISION = "1234/QĐ-UBND"


def _round_awaiting_its_decision() -> RecognitionRound:
    """The demo's HCMC round whose comment deadline has passed, with every comment handled."""
    today = timezone.localdate()
    return RecognitionRound.objects.get(
        program__city__code="hcm", comment_closes_on__lt=today, decision_number="", result_published_on__isnull=False
    )


def test_staff_open_comment_and_decide(journey):
    page = journey.page
    round_ = _round_awaiting_its_decision()
    assert not PublicComment.objects.filter(round=round_, handling="").exists()
    listed = Application.objects.filter(round=round_, status=S.PUBLIC_COMMENT)
    below = Application.objects.filter(round=round_, status=S.COUNCIL_SCORING)
    passing, failing = listed.count(), below.count()
    assert passing and failing, "the demo round has dossiers on the list and one scored below the mark"
    signer = decisions.active_signers(decisions.committee_of(round_)).first()
    journey.sign_in("demo.canbo.hcm")

    journey.nav("Đợt xét chọn")
    journey.follow(page.get_by_role("link", name=round_.title, exact=True))
    tabs = page.get_by_role("navigation", name="Các trang của đợt xét chọn")
    journey.follow(tabs.get_by_role("link", name="Hồ sơ và quyết định", exact=True))
    decision = page.get_by_role("region", name="Quyết định công nhận")
    decision.get_by_label("Số quyết định").fill(DECISION)
    decision.get_by_label("Ngày quyết định").fill(timezone.localdate().isoformat())
    decision.get_by_label("Người ký quyết định").select_option(str(signer.id))
    journey.submit(decision.get_by_role("button", name="Ra quyết định", exact=True))
    expect(page.get_by_text("Xác nhận trước khi thực hiện")).to_be_visible()
    journey.submit(page.locator("form.confirm-form button[type=submit]"))
    expect(page.get_by_role("status").filter(has_text="Đã ra quyết định")).to_have_text(
        f"Đã ra quyết định: {passing} sản phẩm được công nhận, {failing} hồ sơ không đạt."
    )

    round_.refresh_from_db()
    assert round_.decision_number == DECISION and round_.decision_body.kind == "committee"
    decided = Application.objects.filter(round=round_, status__in=(S.RECOGNISED, S.REJECTED))
    assert sorted(a.status for a in decided) == sorted([S.RECOGNISED] * passing + [S.REJECTED] * failing)
    assert Recognition.objects.filter(application__round=round_, decision_number=DECISION).count() == passing
    journey.finish()
