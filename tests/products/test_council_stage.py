"""The council reads a dossier only once it reaches the council: never while the staff review it, nor one the
staff refused at the review. The rule lives in the one lookup helper (products.selectors.applications_visible_to),
so the dossier's page, its documents and the council's list all follow it."""

import pytest

from products import selectors
from products.models import Application, ApplicationEvent
from tests.factories import UserFactory

S = Application.Status

BEFORE_COUNCIL = [S.SUBMITTED, S.UNDER_REVIEW, S.SUPPLEMENT_REQUESTED, S.RESUBMITTED]
FROM_COUNCIL_ON = [S.COUNCIL_SCORING, S.PUBLIC_COMMENT, S.RECOGNISED]


def _sent_to_council(application: Application) -> Application:
    ApplicationEvent.objects.create(application=application, from_status=S.UNDER_REVIEW, to_status=S.COUNCIL_SCORING)
    return application


@pytest.fixture
def council_member(round_setup):
    """An official sitting on the round's council, and nothing else."""
    return round_setup.members[1].user


@pytest.mark.parametrize("status", BEFORE_COUNCIL)
def test_a_council_member_cannot_open_a_dossier_under_staff_review(
    client, login, council_member, make_application, with_required_documents, status
):
    application = with_required_documents(make_application(status))
    document = application.documents.first()
    login(council_member)

    assert not selectors.applications_visible_to(council_member).filter(pk=application.pk).exists()
    assert client.get(f"/san-pham/ho-so/{application.public_id}/").status_code == 404
    assert client.get(f"/san-pham/ho-so/{application.public_id}/tai-lieu/{document.public_id}/").status_code == 404
    council_url = f"/san-pham/hoi-dong/dot/{application.round_id}/ho-so/{application.public_id}/"
    assert client.get(council_url).status_code == 404


@pytest.mark.parametrize("status", FROM_COUNCIL_ON)
def test_a_council_member_opens_a_dossier_from_the_council_stage_on(
    client, login, council_member, make_application, with_required_documents, status
):
    application = with_required_documents(make_application(status))
    document = application.documents.first()
    login(council_member)

    assert client.get(f"/san-pham/ho-so/{application.public_id}/").status_code == 200
    response = client.get(f"/san-pham/ho-so/{application.public_id}/tai-lieu/{document.public_id}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    council_url = f"/san-pham/hoi-dong/dot/{application.round_id}/ho-so/{application.public_id}/"
    assert client.get(council_url).status_code == 200


def test_a_dossier_refused_at_the_review_is_not_the_councils(client, login, council_member, make_application):
    refused = make_application(S.REJECTED)
    login(council_member)

    assert client.get(f"/san-pham/ho-so/{refused.public_id}/").status_code == 404
    page = client.get(f"/san-pham/hoi-dong/dot/{refused.round_id}/")
    assert refused.product.name not in page.content.decode()
    assert "Chưa chấm" not in page.content.decode()


def test_a_dossier_refused_by_the_decision_stays_the_councils(client, login, council_member, make_application):
    decided = _sent_to_council(make_application(S.REJECTED))
    login(council_member)

    assert client.get(f"/san-pham/ho-so/{decided.public_id}/").status_code == 200
    assert decided.product.name in client.get(f"/san-pham/hoi-dong/dot/{decided.round_id}/").content.decode()


def test_the_council_list_shows_only_dossiers_sent_to_the_council(
    client, login, council_member, round_setup, make_application
):
    from tests.factories import ProductFactory

    reviewed = make_application(S.UNDER_REVIEW)
    scoring = make_application(S.COUNCIL_SCORING, product=ProductFactory(name="Gioăng cao su chịu nhiệt"))
    login(council_member)

    body = client.get(f"/san-pham/hoi-dong/dot/{round_setup.round.id}/").content.decode()
    assert scoring.product.name in body
    assert reviewed.product.name not in body


def test_a_council_member_who_is_also_the_citys_staff_reads_review_dossiers_only_as_staff(
    client, login, cast, round_setup, make_application
):
    staff_member = round_setup.members[2].user  # staff of HCMC, seated on the council
    reviewed = make_application(S.UNDER_REVIEW)
    login(staff_member)

    assert client.get(f"/san-pham/ho-so/{reviewed.public_id}/").status_code == 200
    council_url = f"/san-pham/hoi-dong/dot/{reviewed.round_id}/ho-so/{reviewed.public_id}/"
    assert client.get(council_url).status_code == 404


def test_an_official_outside_the_council_sees_nothing(make_application):
    application = make_application(S.COUNCIL_SCORING)
    outsider = UserFactory(username="lanhdao.ngoai", role="official")
    assert not selectors.applications_visible_to(outsider).filter(pk=application.pk).exists()
