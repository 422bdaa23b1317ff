"""Every legal transition succeeds and is recorded; every other (from, to, role) is refused and changes nothing."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from products import services, workflow
from products.models import Application, ApplicationEvent

S = Application.Status
NOTE = "Thiếu báo cáo tài chính năm 2023."


def _actor(cast, role):
    return cast.enterprise_a_user if role == workflow.ENTERPRISE else cast.staff_hcm


def _prepared(make_application, with_required_documents, from_status):
    application = make_application(from_status)
    if from_status == S.COUNCIL_SCORING:
        today = datetime.date.today()
        application.score_count = 2
        application.score_average = 75
        application.comment_opens_on = today
        application.comment_closes_on = today + datetime.timedelta(days=10)
        application.save()
    return with_required_documents(application)


LEGAL = sorted(t for t in workflow.TRANSITIONS if t[1] != S.RECOGNISED)


@pytest.mark.parametrize(("from_status", "to_status", "role"), LEGAL)
def test_legal_transition_is_applied_and_recorded(
    cast, make_application, with_required_documents, django_capture_on_commit_callbacks, from_status, to_status, role
):
    application = _prepared(make_application, with_required_documents, from_status)
    actor = _actor(cast, role)

    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(actor=actor, application=application, to_status=to_status, note=NOTE)

    application.refresh_from_db()
    assert application.status == to_status
    event = application.events.get(to_status=to_status)
    assert (event.from_status, event.actor, event.note) == (from_status, actor, NOTE)
    assert event.notified_at is not None
    assert any(cast.enterprise_a.contact_email in m.to for m in mail.outbox)


def test_recognition_transition_goes_through_the_decision(cast, make_application):
    application = make_application(S.PUBLIC_COMMENT)
    with pytest.raises(ValidationError):
        services.application_transition(actor=cast.staff_hcm, application=application, to_status=S.RECOGNISED)

    recognition = services.application_decide(
        actor=cast.staff_hcm,
        application=application,
        decision_number="1234/QĐ-UBND",
        decision_date=datetime.date.today(),
    )

    application.refresh_from_db()
    assert application.status == S.RECOGNISED
    assert recognition.application == application
    assert application.events.get(to_status=S.RECOGNISED).actor == cast.staff_hcm


@pytest.mark.parametrize("from_status", S.values)
def test_every_other_transition_is_refused_and_changes_nothing(
    cast, make_application, with_required_documents, from_status
):
    application = _prepared(make_application, with_required_documents, from_status)
    events_before = ApplicationEvent.objects.count()
    for to_status in S.values:
        for role in (workflow.ENTERPRISE, workflow.STAFF):
            if workflow.is_allowed(from_status, to_status, role) and to_status != S.RECOGNISED:
                continue
            with pytest.raises(ValidationError):
                services.application_transition(
                    actor=_actor(cast, role), application=application, to_status=to_status, note=NOTE
                )
            application.refresh_from_db()
            assert application.status == from_status, (from_status, to_status, role)
    assert ApplicationEvent.objects.count() == events_before


@pytest.mark.parametrize("outsider", ["enterprise_b_user", "staff_hanoi", "official"])
def test_outsiders_cannot_move_an_application(cast, make_application, outsider):
    application = make_application(S.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.application_transition(
            actor=getattr(cast, outsider), application=application, to_status=S.UNDER_REVIEW
        )
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_supplement_request_needs_the_staff_reasons(cast, make_application):
    application = make_application(S.UNDER_REVIEW)
    with pytest.raises(ValidationError, match="lý do"):
        services.application_transition(
            actor=cast.staff_hcm, application=application, to_status=S.SUPPLEMENT_REQUESTED, note="  "
        )
    application.refresh_from_db()
    assert application.status == S.UNDER_REVIEW


def test_submission_needs_every_required_document(cast, make_application, round_setup):
    application = make_application(S.DRAFT)
    with pytest.raises(ValidationError, match="Giấy chứng nhận đăng ký doanh nghiệp"):
        services.application_transition(actor=cast.enterprise_a_user, application=application, to_status=S.SUBMITTED)


def test_submission_after_the_round_closed_is_refused(cast, make_application, with_required_documents, round_setup):
    application = with_required_documents(make_application(S.DRAFT))
    round_setup.round.status = "review"
    round_setup.round.save()
    with pytest.raises(ValidationError, match="hết hạn"):
        services.application_transition(actor=cast.enterprise_a_user, application=application, to_status=S.SUBMITTED)


def test_council_scoring_needs_a_sheet_of_100_points(cast, make_application, round_setup):
    round_setup.criteria[0].max_points = 20
    round_setup.criteria[0].save()
    application = make_application(S.UNDER_REVIEW)
    with pytest.raises(ValidationError, match="100"):
        services.application_transition(actor=cast.staff_hcm, application=application, to_status=S.COUNCIL_SCORING)


def test_staff_are_emailed_on_submission(
    cast, make_application, with_required_documents, django_capture_on_commit_callbacks
):
    application = with_required_documents(make_application(S.DRAFT))
    with django_capture_on_commit_callbacks(execute=True):
        services.application_transition(actor=cast.enterprise_a_user, application=application, to_status=S.SUBMITTED)
    recipients = {address for message in mail.outbox for address in message.to}
    assert cast.staff_hcm.email in recipients
    assert cast.staff_hanoi.email not in recipients
    assert cast.enterprise_a_user.email in recipients


def test_no_email_when_the_transaction_rolls_back(cast, make_application, django_capture_on_commit_callbacks):
    application = make_application(S.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(ValidationError):
        services.application_transition(actor=cast.staff_hcm, application=application, to_status=S.RECOGNISED)
    assert callbacks == []
    assert mail.outbox == []
