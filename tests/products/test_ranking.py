"""The chair closes scoring, the ranking with its stated tie-break, and the Top staff mark from it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from products import scoring, services
from products.models import Application, RoundEvent, ScoringRule, TieBreak
from tests.factories import ProductFactory
from tests.products.factories import ApplicationFactory
from tests.products.test_assigned_scoring import Sheet

S = Application.Status
D = Decimal
BASE = timezone.make_aware(datetime.datetime(2024, 5, 1, 9, 0))


def _application(sheet, cast, name, minutes):
    return ApplicationFactory(
        round=sheet.round,
        product=ProductFactory(enterprise=cast.enterprise_a, name=name),
        status=S.COUNCIL_SCORING,
        submitted_at=BASE + datetime.timedelta(minutes=minutes),
    )


def _score(sheet, application, *, revenue_growth, export_growth, scale, quality):
    """Every member gives the same points on each criterion they score: each part is that number."""
    save = services.council_scores_save
    pts = {
        sheet.chair: {sheet.scale: scale, sheet.quality: quality},
        sheet.finance_1: {
            sheet.revenue_growth: revenue_growth,
            sheet.export_growth: export_growth,
            sheet.quality: quality,
        },
        sheet.finance_2: {
            sheet.revenue_growth: revenue_growth,
            sheet.export_growth: export_growth,
            sheet.quality: quality,
        },
        sheet.expert: {sheet.quality: quality},
    }
    for seat, points in pts.items():
        save(actor=seat.user, application=application, points={c.id: D(p) for c, p in points.items()})


@pytest.fixture
def ranked_round(cast, hcm):
    """Four dossiers: D scores 80; A, B and C tie at 75. B and C also tie on every criterion; A has fewer points
    on the first criterion (Tăng trưởng). Submitted: A first, then C, then B, then D."""
    sheet = Sheet(cast, hcm)
    sheet.application.delete()
    apps = {
        "A": _application(sheet, cast, "Sản phẩm A", 0),
        "C": _application(sheet, cast, "Sản phẩm C", 10),
        "B": _application(sheet, cast, "Sản phẩm B", 20),
        "D": _application(sheet, cast, "Sản phẩm D", 30),
    }
    _score(sheet, apps["A"], revenue_growth=12, export_growth=8, scale=30, quality=25)  # growth 20
    _score(sheet, apps["B"], revenue_growth=15, export_growth=8, scale=30, quality=22)  # growth 23
    _score(sheet, apps["C"], revenue_growth=15, export_growth=8, scale=30, quality=22)
    _score(sheet, apps["D"], revenue_growth=18, export_growth=8, scale=30, quality=24)  # 80
    sheet.apps = apps
    return sheet


def _names(applications):
    return [a.product.name[-1] for a in applications]


# ---------------------------------------------------------------- closing scoring


def test_only_the_chair_closes_scoring(ranked_round, cast):
    for user in (ranked_round.finance_1.user, ranked_round.expert.user, cast.staff_hcm, cast.admin):
        with pytest.raises(PermissionDenied):
            scoring.scoring_close(actor=user, round=ranked_round.round)
    ranked_round.round.refresh_from_db()
    assert ranked_round.round.scoring_closed_at is None
    assert not Application.objects.filter(rank__isnull=False).exists()


def test_closing_waits_for_every_criterion_to_be_scored(ranked_round, cast):
    late = _application(ranked_round, cast, "Sản phẩm E", 40)
    services.council_scores_save(
        actor=ranked_round.chair.user,
        application=late,
        points={ranked_round.scale.id: D(30), ranked_round.quality.id: D(20)},
    )
    with pytest.raises(ValidationError, match="Sản phẩm E.*Tăng trưởng doanh thu; Tăng trưởng xuất khẩu"):
        scoring.scoring_close(actor=ranked_round.chair.user, round=ranked_round.round)
    ranked_round.round.refresh_from_db()
    assert ranked_round.round.scoring_closed_at is None
    assert scoring.scoring_blockers(ranked_round.round)


def test_a_recused_members_scores_do_not_fill_a_criterion(ranked_round, cast):
    late = _application(ranked_round, cast, "Sản phẩm E", 40)
    _score(ranked_round, late, revenue_growth=10, export_growth=5, scale=20, quality=20)
    services.conflict_declare(actor=ranked_round.chair.user, application=late, reason="Người nhà làm kế toán.")
    # The chair scored Quy mô alone: with the chair recused, no one valid has.
    with pytest.raises(ValidationError, match="Sản phẩm E.*Quy mô"):
        scoring.scoring_close(actor=ranked_round.chair.user, round=ranked_round.round)


def test_closing_fixes_the_ranking_by_criteria_order(ranked_round):
    ranked = scoring.scoring_close(actor=ranked_round.chair.user, round=ranked_round.round)
    # D 80 first; among 75s, B and C lead A on Tăng trưởng; C before B, submitted earlier.
    assert _names(ranked) == ["D", "C", "B", "A"]
    assert [a.rank for a in scoring.ranking(ranked_round.round)] == [1, 2, 3, 4]
    assert _names(scoring.ranking(ranked_round.round)) == ["D", "C", "B", "A"]
    round = ranked_round.round
    round.refresh_from_db()
    assert round.scoring_closed_at is not None and round.scoring_closed_by == ranked_round.chair.user
    event = RoundEvent.objects.get(round=round, kind=RoundEvent.Kind.SCORING_CLOSED)
    assert event.actor == ranked_round.chair.user and "4 hồ sơ" in event.note
    with pytest.raises(ValidationError, match="đã kết thúc chấm điểm"):
        scoring.scoring_close(actor=ranked_round.chair.user, round=round)


def test_ties_by_submission_first(ranked_round):
    ranked_round.round.tie_break = TieBreak.SUBMITTED_FIRST
    ranked_round.round.save()
    ranked = scoring.scoring_close(actor=ranked_round.chair.user, round=ranked_round.round)
    assert _names(ranked) == ["D", "A", "C", "B"]


def test_ties_under_the_average_rule(cast, hcm):
    sheet = Sheet(cast, hcm, rule=ScoringRule.AVERAGE)
    sheet.application.delete()
    from products.models import CriterionAssignment

    CriterionAssignment.objects.all().delete()
    first, second = _application(sheet, cast, "Sản phẩm X", 5), _application(sheet, cast, "Sản phẩm Y", 0)
    leaves = [sheet.revenue_growth, sheet.export_growth, sheet.scale, sheet.quality]
    for seat in (sheet.chair, sheet.finance_1):
        for application, points in ((first, (20, 10, 30, 10)), (second, (10, 10, 30, 20))):
            services.council_scores_save(
                actor=seat.user,
                application=application,
                points={c.id: D(p) for c, p in zip(leaves, points, strict=True)},
            )
    # Both 70; X has 30 on Tăng trưởng against Y's 20, though Y was submitted first.
    assert _names(scoring.scoring_close(actor=sheet.chair.user, round=sheet.round)) == ["X", "Y"]


def test_withdrawn_and_unscored_dossiers_are_not_ranked(ranked_round, cast):
    withdrawn = _application(ranked_round, cast, "Sản phẩm W", 50)
    withdrawn.status = S.WITHDRAWN
    withdrawn.save()
    scoring.scoring_close(actor=ranked_round.chair.user, round=ranked_round.round)
    withdrawn.refresh_from_db()
    assert withdrawn.rank is None


# ---------------------------------------------------------------- the Top


@pytest.fixture
def closed_round(ranked_round):
    scoring.scoring_close(actor=ranked_round.chair.user, round=ranked_round.round)
    return ranked_round


TODAY = datetime.date(2024, 12, 10)


def _mark(sheet, actor, names, **kwargs):
    fields = {"decision_number": "88/TB-SCT", "decision_date": datetime.date(2024, 12, 5), "today": TODAY} | kwargs
    return scoring.top_mark(actor=actor, round=sheet.round, applications=[sheet.apps[n] for n in names], **fields)


def test_staff_mark_the_top_with_its_decision(closed_round, cast):
    chosen = _mark(closed_round, cast.staff_hcm, ["D", "C"])
    assert sorted(_names(chosen)) == ["C", "D"]
    assert set(Application.objects.filter(in_top=True).values_list("product__name", flat=True)) == {
        "Sản phẩm C",
        "Sản phẩm D",
    }
    round = closed_round.round
    round.refresh_from_db()
    assert (round.top_decision_number, round.top_decision_date) == ("88/TB-SCT", datetime.date(2024, 12, 5))
    assert round.top_recorded_by == cast.staff_hcm and round.top_recorded_at is not None
    # Marking again replaces the list, and is recorded again.
    _mark(closed_round, cast.staff_hcm, ["B"], decision_number="90/TB-SCT")
    assert list(Application.objects.filter(in_top=True).values_list("product__name", flat=True)) == ["Sản phẩm B"]
    assert RoundEvent.objects.filter(round=round, kind=RoundEvent.Kind.TOP_MARKED).count() == 2


def test_the_top_is_at_most_the_rounds_size(closed_round, cast):
    closed_round.round.top_size = 2
    closed_round.round.save()
    with pytest.raises(ValidationError, match="tối đa 2"):
        _mark(closed_round, cast.staff_hcm, ["D", "C", "B"])
    assert not Application.objects.filter(in_top=True).exists()


def test_the_top_is_chosen_among_passing_ranked_dossiers(closed_round, cast):
    closed_round.round.pass_threshold = D(78)
    closed_round.round.save()
    with pytest.raises(ValidationError, match="đạt từ 78 điểm"):
        _mark(closed_round, cast.staff_hcm, ["D", "A"])
    assert not Application.objects.filter(in_top=True).exists()
    assert _names(_mark(closed_round, cast.staff_hcm, ["D"])) == ["D"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"decision_number": "  "}, "số văn bản"),
        ({"decision_date": datetime.date(2024, 12, 11)}, "tương lai"),
        ({"decision_number": "x" * 61}, "60 ký tự"),
    ],
)
def test_the_top_needs_its_decision(closed_round, cast, fields, message):
    with pytest.raises(ValidationError, match=message):
        _mark(closed_round, cast.staff_hcm, ["D"], **fields)
    assert not Application.objects.filter(in_top=True).exists()


def test_the_top_waits_for_the_end_of_scoring(ranked_round, cast):
    with pytest.raises(ValidationError, match="kết thúc chấm điểm"):
        _mark(ranked_round, cast.staff_hcm, ["D"])


@pytest.mark.parametrize("who", ["staff_hanoi", "official", "enterprise_a_user"])
def test_only_the_citys_staff_mark_the_top(closed_round, cast, who):
    with pytest.raises(PermissionDenied):
        _mark(closed_round, getattr(cast, who), ["D"])
    with pytest.raises(PermissionDenied):
        _mark(closed_round, closed_round.chair.user, ["D"])


# ---------------------------------------------------------------- the ranking page


def _url(sheet):
    return reverse("products:round_ranking", kwargs={"round_id": sheet.round.id})


@pytest.mark.parametrize(
    ("who", "status"),
    [("staff_hcm", 200), ("admin", 200), ("staff_hanoi", 404), ("official", 403), ("enterprise_a_user", 403)],
)
def test_the_ranking_page_is_the_citys_staffs(closed_round, cast, client, who, status):
    client.force_login(getattr(cast, who))
    assert client.get(_url(closed_round)).status_code == status


def test_a_council_member_does_not_open_the_ranking_page(closed_round, client):
    client.force_login(closed_round.finance_1.user)
    assert client.get(_url(closed_round)).status_code == 403


def test_the_ranking_page_shows_rank_parts_and_rule(closed_round, cast, client):
    client.force_login(cast.staff_hcm)
    page = client.get(_url(closed_round))
    html = page.content.decode()
    assert [r.application.rank for r in page.context["rows"]] == [1, 2, 3, 4]
    assert str(TieBreak.CRITERIA_ORDER.label) in html
    assert "Tài chính 1" in html and "Chuyên gia" in html  # each member's part
    assert "Sản phẩm tiêu biểu" in html and page.context["form"] is not None


def test_the_ranking_page_before_closing_is_provisional(ranked_round, cast, client):
    client.force_login(cast.staff_hcm)
    page = client.get(_url(ranked_round))
    assert "tạm xếp" in page.content.decode()
    assert page.context["form"] is None
    assert _names(r.application for r in page.context["rows"]) == ["D", "C", "B", "A"]
    answer = client.post(_url(ranked_round), {"decision_number": "1/TB", "decision_date": "2024-12-05"})
    assert answer.status_code == 302
    assert not Application.objects.filter(in_top=True).exists()


def test_the_top_form_confirms_then_records(closed_round, cast, client):
    client.force_login(cast.staff_hcm)
    today = timezone.localdate().isoformat()
    data = {"applications": [closed_round.apps["D"].pk], "decision_number": "12/TB-SCT", "decision_date": today}
    page = client.post(_url(closed_round), data)
    assert page.status_code == 200 and "Ghi nhận sản phẩm tiêu biểu" in page.content.decode()
    assert not Application.objects.filter(in_top=True).exists()
    answer = client.post(_url(closed_round), data | {"confirm": "1"})
    assert answer.status_code == 302
    assert list(Application.objects.filter(in_top=True)) == [closed_round.apps["D"]]


def test_the_top_form_refuses_too_many(closed_round, cast, client):
    closed_round.round.top_size = 1
    closed_round.round.save()
    client.force_login(cast.staff_hcm)
    data = {
        "applications": [closed_round.apps["D"].pk, closed_round.apps["C"].pk],
        "decision_number": "12/TB-SCT",
        "decision_date": timezone.localdate().isoformat(),
        "confirm": "1",
    }
    page = client.post(_url(closed_round), data)
    assert page.status_code == 200
    assert "tối đa 1" in page.content.decode()
    assert not Application.objects.filter(in_top=True).exists()


def test_the_ranking_page_queries_do_not_grow_with_dossiers(closed_round, cast, client):
    client.force_login(cast.staff_hcm)
    with CaptureQueriesContext(connection) as small:
        client.get(_url(closed_round))
    for n in range(4):
        application = _application(closed_round, cast, f"Sản phẩm thêm {n}", 60 + n)
        Application.objects.filter(pk=application.pk).update(rank=10 + n, score_average=D(60))
    with CaptureQueriesContext(connection) as large:
        page = client.get(_url(closed_round))
    assert len(page.context["rows"]) == 8
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_chair_closes_from_the_council_page(ranked_round, client):
    client.force_login(ranked_round.chair.user)
    url = reverse("products:council_close", kwargs={"round_id": ranked_round.round.id})
    confirm = client.post(url)
    assert confirm.status_code == 200 and "Kết thúc chấm điểm" in confirm.content.decode()
    ranked_round.round.refresh_from_db()
    assert ranked_round.round.scoring_closed_at is None
    assert client.post(url, {"confirm": "1"}).status_code == 302
    ranked_round.round.refresh_from_db()
    assert ranked_round.round.scoring_closed_at is not None


def test_a_member_cannot_close_from_the_council_page(ranked_round, client):
    client.force_login(ranked_round.finance_1.user)
    url = reverse("products:council_close", kwargs={"round_id": ranked_round.round.id})
    assert client.post(url, {"confirm": "1"}).status_code == 403
    ranked_round.round.refresh_from_db()
    assert ranked_round.round.scoring_closed_at is None


def test_closing_waits_for_the_staffs_review_to_end(ranked_round, cast):
    pending = _application(ranked_round, cast, "Sản phẩm F", 60)
    Application.objects.filter(pk=pending.pk).update(status=S.UNDER_REVIEW)
    with pytest.raises(ValidationError, match="Còn 1 hồ sơ đang được Sở Công Thương thẩm định"):
        scoring.scoring_close(actor=ranked_round.chair.user, round=ranked_round.round)
    Application.objects.filter(pk=pending.pk).update(status=S.REJECTED)
    assert len(scoring.scoring_close(actor=ranked_round.chair.user, round=ranked_round.round)) == 4
