"""Conflicts of interest: a member declares one before or during the council's scoring, and a sheet they saved
stops counting. Once scoring has closed the published result stands: only the city's staff record a conflict,
with a reason, and neither the sheet nor the average changes."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from products import comments, services
from products.models import Application, ApplicationEvent, ConflictDeclaration, Score

S = Application.Status


def _sheet(round_setup, *points) -> dict:
    return {c.id: Decimal(p) for c, p in zip(round_setup.criteria, points, strict=True)}


@pytest.fixture
def published(make_application, round_setup, cast):
    """A dossier scored 100 and 0 by two members (average 50.00 over 2 sheets), then published for comment."""
    application = make_application(S.COUNCIL_SCORING)
    first, second, _third = (m.user for m in round_setup.members)
    services.council_scores_save(actor=first, application=application, points=_sheet(round_setup, 30, 40, 20, 10))
    services.council_scores_save(actor=second, application=application, points=_sheet(round_setup, 0, 0, 0, 0))
    today = datetime.date.today()
    # Published with the round's list (products.comments.result_publish); 50 is below the pass mark, so the
    # pass mark is lowered for this dossier to be on the list.
    round = round_setup.round
    round.pass_threshold, round.scoring_closed_at = Decimal(50), timezone.now()
    round.save(update_fields=["pass_threshold", "scoring_closed_at"])
    comments.result_publish(
        actor=cast.staff_hcm, round=round, published_on=today, comment_closes_on=today + datetime.timedelta(days=14)
    )
    application.refresh_from_db()
    return application


def _result(application) -> tuple:
    application.refresh_from_db()
    return application.score_count, application.score_average, Score.objects.filter(application=application).count()


def test_published_fixture_is_fifty_over_two(published):
    assert _result(published) == (2, Decimal("50.00"), 8)


@pytest.mark.parametrize("status", [S.PUBLIC_COMMENT, S.RECOGNISED, S.REJECTED])
def test_a_member_cannot_declare_after_scoring_closed(published, round_setup, status):
    Application.objects.filter(pk=published.pk).update(status=status)
    second = round_setup.members[1].user

    with pytest.raises(ValidationError, match="kết thúc chấm điểm"):
        services.conflict_declare(actor=second, application=published, reason="Người thân làm kế toán.")

    assert _result(published) == (2, Decimal("50.00"), 8)
    assert not ConflictDeclaration.objects.exists()


def test_a_member_declaring_after_scoring_is_told_so_on_the_page(client, login, published, round_setup):
    second = round_setup.members[1].user
    login(second)
    url = f"/san-pham/hoi-dong/dot/{published.round_id}/ho-so/{published.public_id}/xung-dot/"

    response = client.post(url, {"reason": "Người thân làm kế toán.", "confirm": "1"}, follow=True)

    assert "kết thúc chấm điểm" in response.content.decode()
    assert _result(published) == (2, Decimal("50.00"), 8)


def test_a_member_still_declares_during_scoring(make_application, round_setup):
    application = make_application(S.COUNCIL_SCORING)
    first, second, _third = (m.user for m in round_setup.members)
    services.council_scores_save(actor=first, application=application, points=_sheet(round_setup, 30, 40, 20, 10))
    services.council_scores_save(actor=second, application=application, points=_sheet(round_setup, 0, 0, 0, 0))

    services.conflict_declare(actor=second, application=application, reason="Người thân làm kế toán.")

    assert _result(application) == (1, Decimal("100.00"), 4)


def test_staff_record_a_conflict_after_scoring_without_rewriting_the_result(cast, published, round_setup):
    second = round_setup.members[1]

    declaration = services.conflict_record(
        actor=cast.staff_hcm, member=second, application=published, reason="Phát hiện qua ý kiến công khai."
    )

    assert (declaration.after_scoring, declaration.recorded_by, declaration.reason) == (
        True,
        cast.staff_hcm,
        "Phát hiện qua ý kiến công khai.",
    )
    assert declaration.declared_at is not None
    assert _result(published) == (2, Decimal("50.00"), 8)
    # A later recount (a decision, a repair) reads the same sheets.
    assert sorted(services.member_totals(published).values()) == [Decimal(0), Decimal(100)]


@pytest.mark.parametrize("reason", ["", "   "])
def test_recording_needs_a_reason(cast, published, round_setup, reason):
    with pytest.raises(ValidationError, match="lý do"):
        services.conflict_record(
            actor=cast.staff_hcm, member=round_setup.members[1], application=published, reason=reason
        )
    assert not ConflictDeclaration.objects.exists()


@pytest.mark.parametrize("who", ["staff_hanoi", "official", "enterprise_a_user"])
def test_only_the_citys_staff_record(cast, published, round_setup, who):
    with pytest.raises(PermissionDenied):
        services.conflict_record(
            actor=getattr(cast, who), member=round_setup.members[1], application=published, reason="Có quan hệ."
        )
    assert not ConflictDeclaration.objects.exists()


def test_staff_cannot_record_while_the_council_scores(cast, make_application, round_setup):
    application = make_application(S.COUNCIL_SCORING)
    with pytest.raises(ValidationError, match="sau khi hội đồng đã chấm xong"):
        services.conflict_record(
            actor=cast.staff_hcm, member=round_setup.members[1], application=application, reason="Có quan hệ."
        )


def test_staff_cannot_record_on_a_dossier_refused_at_the_review(cast, make_application, round_setup):
    refused = make_application(S.REJECTED)
    with pytest.raises(ValidationError, match="sau khi hội đồng đã chấm xong"):
        services.conflict_record(
            actor=cast.staff_hcm, member=round_setup.members[1], application=refused, reason="Có quan hệ."
        )
    ApplicationEvent.objects.create(application=refused, from_status=S.UNDER_REVIEW, to_status=S.COUNCIL_SCORING)
    services.conflict_record(actor=cast.staff_hcm, member=round_setup.members[1], application=refused, reason="Có.")


def test_a_conflict_is_recorded_once(cast, published, round_setup):
    member = round_setup.members[1]
    services.conflict_record(actor=cast.staff_hcm, member=member, application=published, reason="Có quan hệ.")
    with pytest.raises(ValidationError, match="đã được ghi nhận"):
        services.conflict_record(actor=cast.staff_hcm, member=member, application=published, reason="Lần nữa.")
    assert ConflictDeclaration.objects.count() == 1


def test_the_member_must_sit_on_the_dossiers_round(cast, published):
    from tests.products.factories import CouncilMemberFactory

    elsewhere = CouncilMemberFactory()
    with pytest.raises(ValidationError, match="không phải thành viên hội đồng"):
        services.conflict_record(actor=cast.staff_hcm, member=elsewhere, application=published, reason="Có quan hệ.")


def test_staff_record_from_the_dossier_page_and_the_page_says_the_result_stands(
    client, login, cast, published, round_setup
):
    member = round_setup.members[1]
    login(cast.staff_hcm)
    detail = client.get(f"/san-pham/ho-so/{published.public_id}/").content.decode()
    assert "Ghi nhận xung đột lợi ích phát hiện sau khi chấm điểm" in detail

    url = f"/san-pham/quan-ly/ho-so/{published.public_id}/xung-dot/"
    data = {"member": member.id, "reason": "Phát hiện qua ý kiến công khai."}
    confirmation = client.post(url, data)
    assert confirmation.status_code == 200
    assert "điểm trung bình đã công bố không thay đổi" in confirmation.content.decode()
    assert not ConflictDeclaration.objects.exists()

    response = client.post(url, {**data, "confirm": "1"}, follow=True)

    body = response.content.decode()
    assert "Đã ghi nhận xung đột lợi ích vào hồ sơ." in body
    assert "Phát hiện qua ý kiến công khai." in body
    assert "Kết quả đã công bố được chấm có phiếu của thành viên này" in body
    assert _result(published) == (2, Decimal("50.00"), 8)


def test_the_record_form_refuses_an_empty_reason_with_a_message(client, login, cast, published, round_setup):
    login(cast.staff_hcm)
    url = f"/san-pham/quan-ly/ho-so/{published.public_id}/xung-dot/"
    response = client.post(url, {"member": round_setup.members[1].id, "reason": "", "confirm": "1"}, follow=True)
    assert response.status_code == 200
    assert not ConflictDeclaration.objects.exists()


def test_the_record_form_is_not_offered_during_scoring(client, login, cast, make_application):
    application = make_application(S.COUNCIL_SCORING)
    login(cast.staff_hcm)
    detail = client.get(f"/san-pham/ho-so/{application.public_id}/").content.decode()
    assert "Ghi nhận xung đột lợi ích phát hiện sau khi chấm điểm" not in detail


@pytest.mark.parametrize(("who", "expected"), [("staff_hanoi", 404), ("enterprise_a_user", 403), ("official", 403)])
def test_the_record_page_is_the_citys_staffs(client, login, cast, published, round_setup, who, expected):
    login(getattr(cast, who))
    url = f"/san-pham/quan-ly/ho-so/{published.public_id}/xung-dot/"
    data = {"member": round_setup.members[1].id, "reason": "Có quan hệ.", "confirm": "1"}
    assert client.post(url, data).status_code == expected
    assert not ConflictDeclaration.objects.exists()
