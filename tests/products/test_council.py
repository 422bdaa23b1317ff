"""Council averaging, the pass threshold and recusal."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from products import services
from products.models import Application, Score

S = Application.Status


def _sheet(round_setup, *points) -> dict:
    return {c.id: Decimal(p) for c, p in zip(round_setup.criteria, points, strict=True)}


def test_the_result_is_the_average_of_member_totals(make_application, round_setup):
    application = make_application(S.COUNCIL_SCORING)
    first, second, third = (m.user for m in round_setup.members)

    services.council_scores_save(actor=first, application=application, points=_sheet(round_setup, 25, 35, 15, 5))
    services.council_scores_save(actor=second, application=application, points=_sheet(round_setup, 20, 30, 15, 5))
    services.council_scores_save(actor=third, application=application, points=_sheet(round_setup, 30, 40, 20, 9))

    application.refresh_from_db()
    # Totals 80, 70 and 99: the average is 83.
    assert application.score_count == 3
    assert application.score_average == Decimal("83.00")


def test_a_member_rescoring_replaces_their_sheet(make_application, round_setup):
    application = make_application(S.COUNCIL_SCORING)
    member = round_setup.members[0].user
    services.council_scores_save(actor=member, application=application, points=_sheet(round_setup, 10, 10, 10, 10))
    services.council_scores_save(actor=member, application=application, points=_sheet(round_setup, 30, 40, 20, 10))
    application.refresh_from_db()
    assert (application.score_count, application.score_average) == (1, Decimal("100.00"))
    assert Score.objects.filter(application=application).count() == 4


@pytest.mark.parametrize(
    ("points", "message"),
    [((31, 40, 20, 10), "từ 0 đến"), ((-1, 40, 20, 10), "từ 0 đến")],
)
def test_points_outside_a_criterion_range_are_refused(make_application, round_setup, points, message):
    application = make_application(S.COUNCIL_SCORING)
    with pytest.raises(ValidationError, match=message):
        services.council_scores_save(
            actor=round_setup.members[0].user, application=application, points=_sheet(round_setup, *points)
        )
    assert not Score.objects.exists()


def test_an_incomplete_sheet_is_refused(make_application, round_setup):
    application = make_application(S.COUNCIL_SCORING)
    points = _sheet(round_setup, 10, 10, 10, 10)
    points.pop(round_setup.criteria[-1].id)
    with pytest.raises(ValidationError, match="Chưa chấm"):
        services.council_scores_save(actor=round_setup.members[0].user, application=application, points=points)
    assert not Score.objects.exists()


def test_only_members_of_the_round_score(cast, make_application, round_setup):
    application = make_application(S.COUNCIL_SCORING)
    with pytest.raises(PermissionDenied):
        services.council_scores_save(
            actor=cast.staff_hanoi, application=application, points=_sheet(round_setup, 30, 40, 20, 10)
        )


def test_scoring_only_during_the_council_stage(make_application, round_setup):
    application = make_application(S.UNDER_REVIEW)
    with pytest.raises(ValidationError, match="chấm điểm"):
        services.council_scores_save(
            actor=round_setup.members[0].user, application=application, points=_sheet(round_setup, 30, 40, 20, 10)
        )


def test_a_member_with_a_conflict_cannot_score(make_application, round_setup):
    application = make_application(S.COUNCIL_SCORING)
    member = round_setup.members[0].user
    services.conflict_declare(actor=member, application=application, reason="Là cổ đông của doanh nghiệp.")
    with pytest.raises(ValidationError, match="xung đột lợi ích"):
        services.council_scores_save(actor=member, application=application, points=_sheet(round_setup, 30, 40, 20, 10))
    assert not Score.objects.exists()


def test_recusal_after_scoring_removes_the_members_weight(make_application, round_setup):
    application = make_application(S.COUNCIL_SCORING)
    first, second, _third = (m.user for m in round_setup.members)
    services.council_scores_save(actor=first, application=application, points=_sheet(round_setup, 30, 40, 20, 10))
    services.council_scores_save(actor=second, application=application, points=_sheet(round_setup, 20, 25, 10, 5))

    services.conflict_declare(actor=first, application=application, reason="Người thân làm giám đốc.")

    application.refresh_from_db()
    assert (application.score_count, application.score_average) == (1, Decimal("60.00"))


@pytest.mark.parametrize(
    ("average", "threshold", "recognised"),
    [
        (Decimal("70.00"), Decimal(70), True),
        (Decimal("69.99"), Decimal(70), False),
        (Decimal("74.50"), Decimal(75), False),
        (Decimal("75.00"), Decimal(75), True),
    ],
)
def test_the_pass_threshold_decides(cast, make_application, round_setup, average, threshold, recognised):
    round_setup.round.pass_threshold = threshold
    round_setup.round.save()
    application = make_application(S.PUBLIC_COMMENT, score_average=average)

    recognition = services.application_decide(
        actor=cast.staff_hcm, application=application, decision_number="55/QĐ-UBND", decision_date=datetime.date.today()
    )

    application.refresh_from_db()
    assert (recognition is not None) is recognised
    assert application.status == (S.RECOGNISED if recognised else S.REJECTED)
    if not recognised:
        assert "thấp hơn điểm đạt" in application.events.get(to_status=S.REJECTED).note


def test_no_decision_before_the_comment_window_ends(cast, make_application):
    today = datetime.date.today()
    application = make_application(S.PUBLIC_COMMENT, comment_opens_on=today, comment_closes_on=today)
    with pytest.raises(ValidationError, match="lấy ý kiến"):
        services.application_decide(
            actor=cast.staff_hcm, application=application, decision_number="1/QĐ", decision_date=today
        )
    application.refresh_from_db()
    assert application.status == S.PUBLIC_COMMENT
