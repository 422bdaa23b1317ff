"""Scoring as assigned (phân công chấm điểm): who scores which criterion, sub-criteria, the suggested score from
the dossier's figures, the result by each of the round's rules and who may read each member's part."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from enterprises.models import Certification
from products import scoring, services
from products.models import (
    Application,
    ApplicationFigure,
    CouncilMember,
    CriterionAssignment,
    Score,
    ScoringRule,
    SuggestMetric,
)
from tests.factories import ProductFactory, ProgramFactory, RecognitionRoundFactory, UserFactory
from tests.products.factories import ApplicationFactory, CouncilMemberFactory, CriterionFactory

S = Application.Status
D = Decimal


class Sheet:
    """A Hanoi-style sheet of 100 points, assigned:

    1 Tăng trưởng (30) → Sở Tài chính: 1.1 Doanh thu (20, suggested from revenue growth), 1.2 Xuất khẩu (10)
    2 Quy mô (40) → the chair; suggested from the latest revenue
    3 Chất lượng (30) → no one, so every member; suggested from the quality systems held
    """

    def __init__(self, cast, hcm, rule=ScoringRule.SUM_ASSIGNED):
        program = ProgramFactory(city=hcm, slug="phan-cong", short_title="Phân công")
        self.round = RecognitionRoundFactory(
            program=program, year=2024, scoring_rule=rule, closes_on=datetime.date(2024, 6, 30)
        )
        c = CriterionFactory
        self.growth = c(round=self.round, order=1, code="1", name="Tăng trưởng", max_points=D(30))
        self.revenue_growth = c(
            round=self.round,
            parent=self.growth,
            order=1,
            code="1.1",
            name="Tăng trưởng doanh thu",
            max_points=D(20),
            suggest_metric=SuggestMetric.REVENUE_GROWTH,
            suggest_bands=[{"from": 0, "points": 5}, {"from": 10, "points": 12}, {"from": 20, "points": 20}],
        )
        self.export_growth = c(
            round=self.round, parent=self.growth, order=2, code="1.2", name="Tăng trưởng xuất khẩu", max_points=D(10)
        )
        self.scale = c(
            round=self.round,
            order=2,
            code="2",
            name="Quy mô",
            max_points=D(40),
            suggest_metric=SuggestMetric.REVENUE,
            # A band above the maximum gives the maximum.
            suggest_bands=[{"from": 1000, "points": 20}, {"from": 50000, "points": 45}],
        )
        self.quality = c(
            round=self.round,
            order=3,
            code="3",
            name="Chất lượng",
            max_points=D(30),
            suggest_metric=SuggestMetric.QUALITY_SYSTEMS,
            suggest_bands=[{"from": 1, "points": 15}, {"from": 2, "points": 30}],
        )
        self.leaves = [self.revenue_growth, self.export_growth, self.scale, self.quality]
        seat = CouncilMemberFactory
        self.chair = seat(
            round=self.round,
            user=UserFactory(username="chutich", role="official", first_name="Chủ tịch"),
            role=CouncilMember.Role.CHAIR,
            agency="Sở Công Thương",
        )
        self.finance_1 = seat(
            round=self.round,
            user=UserFactory(username="taichinh.1", role="official", first_name="Tài chính 1"),
            agency="Sở Tài chính",
        )
        self.finance_2 = seat(
            round=self.round,
            user=UserFactory(username="taichinh.2", role="official", first_name="Tài chính 2"),
            agency="  sở tài  chính ",
        )
        self.expert = seat(
            round=self.round, user=UserFactory(username="chuyengia", role="official", first_name="Chuyên gia")
        )
        CriterionAssignment.objects.create(criterion=self.growth, agency="Sở Tài chính")
        CriterionAssignment.objects.create(criterion=self.scale, member=self.chair)
        self.application = ApplicationFactory(
            round=self.round, product=ProductFactory(enterprise=cast.enterprise_a), status=S.COUNCIL_SCORING
        )


@pytest.fixture
def sheet(cast, hcm):
    return Sheet(cast, hcm)


def _save(sheet, seat, points: dict, application=None):
    return services.council_scores_save(
        actor=seat.user, application=application or sheet.application, points={c.id: D(p) for c, p in points.items()}
    )


def _score_all(sheet, application=None, **overrides):
    application = application or sheet.application
    _save(sheet, sheet.chair, {sheet.scale: 30, sheet.quality: 20}, application)
    _save(sheet, sheet.finance_1, {sheet.revenue_growth: 15, sheet.export_growth: 8, sheet.quality: 24}, application)
    _save(sheet, sheet.finance_2, {sheet.revenue_growth: 17, sheet.export_growth: 6, sheet.quality: 28}, application)
    _save(sheet, sheet.expert, {sheet.quality: 16}, application)


# ---------------------------------------------------------------- who scores what


def test_each_seat_scores_its_assigned_leaves(sheet):
    assert scoring.seat_criteria(sheet.chair) == [sheet.scale, sheet.quality]
    # An assignment to the parent criterion covers its sub-criteria; the agency matches spaces and case aside.
    assert scoring.seat_criteria(sheet.finance_1) == [sheet.revenue_growth, sheet.export_growth, sheet.quality]
    assert scoring.seat_criteria(sheet.finance_2) == [sheet.revenue_growth, sheet.export_growth, sheet.quality]
    # Unassigned criteria are scored by every member; a parent criterion is never scored itself.
    assert scoring.seat_criteria(sheet.expert) == [sheet.quality]


def test_an_assignment_on_a_sub_criterion_overrides_its_parents(sheet):
    CriterionAssignment.objects.create(criterion=sheet.export_growth, member=sheet.expert)
    assert scoring.seat_criteria(sheet.expert) == [sheet.export_growth, sheet.quality]
    assert scoring.seat_criteria(sheet.finance_1) == [sheet.revenue_growth, sheet.quality]


def test_a_member_cannot_score_an_unassigned_criterion(sheet):
    with pytest.raises(ValidationError, match="không được phân công cho bạn chấm") as exc:
        _save(sheet, sheet.expert, {sheet.quality: 20, sheet.scale: 30})
    assert "Quy mô" in exc.value.messages[0] and "Chủ tịch" in exc.value.messages[0]
    assert not Score.objects.exists()
    sheet.application.refresh_from_db()
    assert (sheet.application.score_average, sheet.application.score_count) == (None, 0)


def test_an_agency_criterion_is_refused_to_a_member_of_another_agency(sheet):
    with pytest.raises(ValidationError, match="Sở Tài chính"):
        _save(sheet, sheet.chair, {sheet.scale: 30, sheet.quality: 20, sheet.revenue_growth: 10})
    assert not Score.objects.exists()


def test_a_parent_criterion_is_not_scored_directly(sheet):
    with pytest.raises(ValidationError, match="tiêu chí con"):
        _save(sheet, sheet.finance_1, {sheet.growth: 25, sheet.quality: 20})
    assert not Score.objects.exists()


def test_a_member_saves_their_whole_part(sheet):
    with pytest.raises(ValidationError, match="Chưa chấm tiêu chí “Tăng trưởng xuất khẩu”"):
        _save(sheet, sheet.finance_1, {sheet.revenue_growth: 15, sheet.quality: 20})
    with pytest.raises(ValidationError, match="từ 0 đến 10"):
        _save(sheet, sheet.finance_1, {sheet.revenue_growth: 15, sheet.export_growth: 11, sheet.quality: 20})
    assert not Score.objects.exists()


def test_a_seat_with_nothing_assigned_cannot_score(sheet):
    CriterionAssignment.objects.create(criterion=sheet.quality, member=sheet.chair)
    with pytest.raises(ValidationError, match="không được phân công chấm tiêu chí nào"):
        _save(sheet, sheet.expert, {})


def test_a_conflicted_member_cannot_score(sheet):
    services.conflict_declare(actor=sheet.expert.user, application=sheet.application, reason="Người thân là cổ đông.")
    with pytest.raises(ValidationError, match="xung đột lợi ích"):
        _save(sheet, sheet.expert, {sheet.quality: 20})
    assert not Score.objects.exists()


# ---------------------------------------------------------------- the result by the round's rule


def test_sum_of_assigned_parts(sheet):
    _save(sheet, sheet.chair, {sheet.scale: 30, sheet.quality: 20})
    sheet.application.refresh_from_db()
    # Sub-criteria 1.1 and 1.2 have no score yet: no result.
    assert sheet.application.score_average is None
    _score_all(sheet)
    sheet.application.refresh_from_db()
    # 1.1: (15+17)/2 = 16; 1.2: (8+6)/2 = 7; 2: 30; 3: (20+24+28+16)/4 = 22 → 75.
    assert sheet.application.score_average == D("75.00")
    assert sheet.application.score_count == 4
    parts = scoring.result_breakdown(sheet.application).parts
    assert parts[sheet.growth.id] == D("23.00")
    assert parts[sheet.quality.id] == D("22.00")


def test_a_recused_member_is_left_out_of_each_part(sheet):
    _score_all(sheet)
    services.conflict_declare(actor=sheet.finance_2.user, application=sheet.application, reason="Từng làm tư vấn.")
    sheet.application.refresh_from_db()
    # 1.1: 15; 1.2: 8; 2: 30; 3: (20+24+16)/3 = 20 → 73.
    assert sheet.application.score_average == D("73.00")
    assert sheet.application.score_count == 3


def test_the_average_rule_averages_complete_sheets(cast, hcm):
    sheet = Sheet(cast, hcm, rule=ScoringRule.AVERAGE)
    CriterionAssignment.objects.all().delete()
    full = [sheet.revenue_growth, sheet.export_growth, sheet.scale, sheet.quality]
    assert scoring.seat_criteria(sheet.expert) == full
    _save(sheet, sheet.chair, dict(zip(full, (18, 9, 35, 25), strict=True)))  # 87
    _save(sheet, sheet.finance_1, dict(zip(full, (10, 5, 30, 20), strict=True)))  # 65
    sheet.application.refresh_from_db()
    assert (sheet.application.score_average, sheet.application.score_count) == (D("76.00"), 2)
    # Each member's part per criterion, a parent's being the sum of its sub-criteria.
    result = scoring.result_breakdown(sheet.application)
    growth = next(r for r in result.rows if r.criterion == sheet.growth)
    assert growth.part == D("21.00")
    assert growth.cells[:2] == [D(27), D(15)]


def test_the_average_rule_does_not_go_with_assignments(cast, hcm):
    sheet = Sheet(cast, hcm, rule=ScoringRule.AVERAGE)
    assert scoring.rule_errors(sheet.round)
    _score_all(sheet)
    sheet.application.refresh_from_db()
    assert sheet.application.score_average is None


def test_scoring_is_refused_once_the_chair_closed_it(sheet):
    _score_all(sheet)
    scoring.scoring_close(actor=sheet.chair.user, round=sheet.round)
    with pytest.raises(ValidationError, match="kết thúc chấm điểm"):
        _save(sheet, sheet.expert, {sheet.quality: 10})
    assert Score.objects.get(member=sheet.expert).points == D(16)
    # A conflict is no longer declared by the member: the staff record it, and the result stands.
    with pytest.raises(ValidationError, match="kết thúc chấm điểm"):
        services.conflict_declare(actor=sheet.expert.user, application=sheet.application, reason="Quen biết.")


# ---------------------------------------------------------------- suggested scores


def _figures(application, **years):
    for year, (revenue, export, workers) in years.items():
        ApplicationFigure.objects.create(
            application=application, year=int(year[1:]), revenue=revenue, export_value=export, workers=workers
        )


@pytest.mark.parametrize(
    ("revenues", "points", "growth"),
    [
        ((D(10000), D(11000), D(12100)), D(12), "10"),  # 10 %/năm: the band "from 10"
        ((D(10000), D(10500), D(10900)), D(5), "4,4"),
        ((D(10000), D(12000), D(14400)), D(20), "20"),
        ((D(10000), D(9000), D(8100)), D(0), "-10"),  # below every band
    ],
)
def test_growth_suggests_the_highest_band_reached(sheet, revenues, points, growth):
    _figures(sheet.application, y2021=(revenues[0], 0, 50), y2022=(revenues[1], 0, 50), y2023=(revenues[2], 0, 50))
    suggestion = scoring.suggest(sheet.revenue_growth, sheet.application)
    assert suggestion.points == points
    assert "Tăng trưởng doanh thu bình quân 2021–2023" in suggestion.reason
    assert f"{growth}%/năm" in suggestion.reason


def test_growth_reads_the_years_present(sheet):
    _figures(sheet.application, y2021=(D(10000), 0, 50), y2023=(D(12100), 0, 50))
    suggestion = scoring.suggest(sheet.revenue_growth, sheet.application)
    assert suggestion.points == D(12)
    assert "2021–2023" in suggestion.reason


def test_figures_outside_the_three_years_are_not_read(sheet):
    _figures(sheet.application, y2019=(D(1000), 0, 5), y2023=(D(90000), 0, 50))
    assert scoring.suggest(sheet.revenue_growth, sheet.application) is None
    # The latest revenue is 2023's; its band gives 45, capped at the criterion's 40.
    suggestion = scoring.suggest(sheet.scale, sheet.application)
    assert suggestion.points == D(40)
    assert "Doanh thu năm 2023: 90.000 triệu đồng" in suggestion.reason


def test_quality_systems_count_those_valid_on_the_round_date(sheet, cast):
    valid = Certification.objects.create(enterprise=cast.enterprise_a, standard=Certification.Standard.ISO_9001)
    expired = Certification.objects.create(
        enterprise=cast.enterprise_a, standard=Certification.Standard.ISO_14001, valid_until=datetime.date(2024, 1, 1)
    )
    sheet.application.certifications.set([valid, expired])
    suggestion = scoring.suggest(sheet.quality, sheet.application)
    assert suggestion.points == D(15)
    assert "1 hệ thống quản lý chất lượng còn hiệu lực (ISO 9001)" in suggestion.reason


def test_no_rule_or_no_figure_no_suggestion(sheet):
    assert scoring.suggest(sheet.export_growth, sheet.application) is None
    assert scoring.suggest(sheet.revenue_growth, sheet.application) is None


def test_the_suggestion_is_kept_beside_the_members_points(sheet):
    _figures(sheet.application, y2021=(D(10000), 0, 50), y2022=(D(11000), 0, 50), y2023=(D(12100), 0, 50))
    _save(sheet, sheet.finance_1, {sheet.revenue_growth: 14, sheet.export_growth: 8, sheet.quality: 5})
    scores = {s.criterion_id: s for s in Score.objects.filter(member=sheet.finance_1)}
    assert (scores[sheet.revenue_growth.id].points, scores[sheet.revenue_growth.id].suggested_points) == (D(14), D(12))
    assert scores[sheet.export_growth.id].suggested_points is None
    assert scores[sheet.quality.id].suggested_points == D(0)


# ---------------------------------------------------------------- pages


def test_the_score_page_shows_only_the_members_criteria_with_the_suggestion(sheet, client):
    _figures(sheet.application, y2021=(D(10000), 0, 50), y2022=(D(11000), 0, 50), y2023=(D(12100), 0, 50))
    client.force_login(sheet.finance_1.user)
    url = reverse(
        "products:council_score", kwargs={"round_id": sheet.round.id, "public_id": sheet.application.public_id}
    )
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    assert list(form.fields) == [f"c{sheet.revenue_growth.id}", f"c{sheet.export_growth.id}", f"c{sheet.quality.id}"]
    assert form[f"c{sheet.revenue_growth.id}"].initial == D(12)
    html = page.content.decode()
    assert "gợi ý 12 điểm" in html
    assert "1. Tăng trưởng" in html  # the sub-criteria are grouped under their parent
    # The criteria others score are named with who scores them; the breakdown is not shown to a member.
    assert "Quy mô" in html and "Chủ tịch" in html
    assert page.context["breakdown"] is None

    answer = client.post(
        url, {f"c{sheet.revenue_growth.id}": "13", f"c{sheet.export_growth.id}": "7", f"c{sheet.quality.id}": "21"}
    )
    assert answer.status_code == 302
    assert Score.objects.filter(member=sheet.finance_1).count() == 3


def test_a_forged_post_for_another_criterion_saves_nothing(sheet, client):
    client.force_login(sheet.expert.user)
    url = reverse(
        "products:council_score", kwargs={"round_id": sheet.round.id, "public_id": sheet.application.public_id}
    )
    # The form has only the expert's field: an extra one is ignored, and what they score is theirs only.
    client.post(url, {f"c{sheet.quality.id}": "20", f"c{sheet.scale.id}": "40"})
    assert list(Score.objects.values_list("criterion_id", flat=True)) == [sheet.quality.id]


@pytest.mark.parametrize(("who", "sees"), [("chair", True), ("finance_1", False), ("expert", False)])
def test_only_the_chair_sees_each_members_part_on_the_council_pages(sheet, client, who, sees):
    _score_all(sheet)
    client.force_login(getattr(sheet, who).user)
    score_url = reverse(
        "products:council_score", kwargs={"round_id": sheet.round.id, "public_id": sheet.application.public_id}
    )
    page = client.get(score_url)
    assert (page.context["breakdown"] is not None) is sees
    assert ("Điểm của từng thành viên" in page.content.decode()) is sees
    round_page = client.get(reverse("products:council_round", kwargs={"round_id": sheet.round.id}))
    assert ("Điểm của từng thành viên" in round_page.content.decode()) is sees
    assert ("Kết thúc chấm điểm" in round_page.content.decode()) is sees


def test_breakdown_permission(sheet, cast):
    from core.permissions import can_read_score_breakdown

    assert can_read_score_breakdown(cast.staff_hcm, sheet.round)
    assert can_read_score_breakdown(sheet.chair.user, sheet.round)
    assert not can_read_score_breakdown(sheet.finance_1.user, sheet.round)
    assert not can_read_score_breakdown(cast.staff_hanoi, sheet.round)
    assert not can_read_score_breakdown(cast.official, sheet.round)


# ---------------------------------------------------------------- sending dossiers to the council


def _send(sheet, cast):
    application = ApplicationFactory(
        round=sheet.round, product=ProductFactory(enterprise=cast.enterprise_a), status=S.UNDER_REVIEW
    )
    return services.application_transition(actor=cast.staff_hcm, application=application, to_status=S.COUNCIL_SCORING)


def test_a_criterion_assigned_to_an_agency_with_no_seat_stops_the_council(sheet, cast):
    CriterionAssignment.objects.filter(agency="Sở Tài chính").update(agency="Sở Khoa học và Công nghệ")
    assert scoring.rule_errors(sheet.round) == [
        "Tiêu chí “Tăng trưởng doanh thu” được phân công cho Sở Khoa học và Công nghệ nhưng hội đồng không có thành "
        "viên nào như vậy.",
        "Tiêu chí “Tăng trưởng xuất khẩu” được phân công cho Sở Khoa học và Công nghệ nhưng hội đồng không có thành "
        "viên nào như vậy.",
    ]
    with pytest.raises(ValidationError, match="Sở Khoa học và Công nghệ"):
        _send(sheet, cast)


def test_no_dossier_goes_to_the_council_after_scoring_closed(sheet, cast):
    assert _send(sheet, cast).status == S.COUNCIL_SCORING
    Application.objects.filter(round=sheet.round).exclude(pk=sheet.application.pk).delete()
    _score_all(sheet)
    scoring.scoring_close(actor=sheet.chair.user, round=sheet.round)
    with pytest.raises(ValidationError, match="đã kết thúc chấm điểm"):
        _send(sheet, cast)
