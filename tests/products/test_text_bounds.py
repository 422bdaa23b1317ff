"""Free text has a bound in the model, and the services refuse what passes it, changing nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from core.validation import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH
from products import comments, services
from products.models import Application, ConflictDeclaration, PublicComment
from tests.factories import ProductFactory

S = Application.Status
TOO_LONG_NOTE = "x" * (NOTE_MAX_LENGTH + 1)


def test_a_product_description_longer_than_its_bound_is_refused(cast, product_a):
    with pytest.raises(ValidationError) as error:
        services.product_update(
            actor=cast.enterprise_a_user,
            product=product_a,
            name="Ống nhựa HDPE Đồng Tiến",
            sector="rubber_plastics",
            description="x" * (TEXT_MAX_LENGTH + 1),
        )
    assert "description" in error.value.message_dict
    product_a.refresh_from_db()
    assert product_a.description == ""


def test_a_transition_note_longer_than_its_bound_is_refused(cast, make_application):
    application = make_application(S.SUBMITTED)
    with pytest.raises(ValidationError, match=str(NOTE_MAX_LENGTH)):
        services.application_transition(
            actor=cast.staff_hcm, application=application, to_status=S.UNDER_REVIEW, note=TOO_LONG_NOTE
        )
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_a_conflict_reason_and_a_public_comment_are_bounded(cast, make_application, round_setup):
    application = make_application(S.COUNCIL_SCORING)
    with pytest.raises(ValidationError, match=str(NOTE_MAX_LENGTH)):
        services.conflict_declare(actor=cast.official, application=application, reason=TOO_LONG_NOTE)
    assert not ConflictDeclaration.objects.exists()

    # A second product of enterprise A, in public comment with its window still open.
    in_comment = make_application(
        S.PUBLIC_COMMENT,
        product=ProductFactory(enterprise=cast.enterprise_a, name="Săm lốp xe máy"),
        comment_closes_on=datetime.date.today() + datetime.timedelta(days=10),
    )
    in_comment.round.result_published_on = datetime.date.today()
    in_comment.round.comment_closes_on = in_comment.comment_closes_on
    with pytest.raises(ValidationError, match=str(NOTE_MAX_LENGTH)):
        comments.comment_submit(
            round=in_comment.round, application=in_comment, author_name="Trần B", author_email="", body=TOO_LONG_NOTE
        )
    assert not PublicComment.objects.exists()
