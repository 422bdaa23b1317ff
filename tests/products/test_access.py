"""Who reaches which application, document and page: URL × role → status, as tables."""

import pytest

from products.models import Application
from tests.factories import ProductFactory, UserFactory

S = Application.Status


@pytest.fixture
def submitted(make_application, with_required_documents):
    return with_required_documents(make_application(S.SUBMITTED))


def _user(cast, role):
    if role == "anonymous":
        return None
    if role == "outside_official":
        return UserFactory(username="lanhdao.khac", role="official")
    return getattr(cast, role)


def _get(client, login, cast, role, url):
    user = _user(cast, role)
    if user is not None:
        login(user)
    return client.get(url)


ROLES_ON_APPLICATION = [
    ("enterprise_a_user", 200),
    ("enterprise_b_user", 404),
    ("staff_hcm", 200),
    ("staff_hanoi", 404),
    ("official", 404),  # sits on the round's council, which reads a dossier only from the council stage on
    ("outside_official", 404),
    ("admin", 200),
    ("anonymous", 302),
]


@pytest.mark.parametrize(("role", "expected"), ROLES_ON_APPLICATION)
def test_document_download_by_role(client, login, cast, submitted, role, expected):
    document = submitted.documents.first()
    url = f"/san-pham/ho-so/{submitted.public_id}/tai-lieu/{document.public_id}/"
    response = _get(client, login, cast, role, url)
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(("role", "expected"), ROLES_ON_APPLICATION)
def test_application_detail_by_role(client, login, cast, submitted, role, expected):
    response = _get(client, login, cast, role, f"/san-pham/ho-so/{submitted.public_id}/")
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("enterprise_a_user", 200), ("staff_hcm", 404), ("official", 404), ("admin", 404), ("enterprise_b_user", 404)],
)
def test_a_draft_is_private_to_its_enterprise(client, login, cast, make_application, role, expected):
    draft = make_application(S.DRAFT)
    assert _get(client, login, cast, role, f"/san-pham/ho-so/{draft.public_id}/").status_code == expected


def test_a_document_of_another_application_is_not_reachable_through_mine(
    client, login, cast, submitted, round_setup, with_required_documents
):
    from tests.products.factories import ApplicationFactory

    other = with_required_documents(
        ApplicationFactory(
            round=round_setup.round, product=ProductFactory(enterprise=cast.enterprise_b), status=S.SUBMITTED
        )
    )
    foreign = other.documents.first()
    login(cast.enterprise_a_user)
    assert client.get(f"/san-pham/ho-so/{submitted.public_id}/tai-lieu/{foreign.public_id}/").status_code == 404


def test_a_document_whose_file_is_gone_answers_404(client, login, cast, submitted):
    document = submitted.documents.first()
    document.file.storage.delete(document.file.name)
    login(cast.staff_hcm)
    response = client.get(f"/san-pham/ho-so/{submitted.public_id}/tai-lieu/{document.public_id}/")
    assert response.status_code == 404


def test_another_enterprises_product_answers_404(client, login, cast):
    product_b = ProductFactory(enterprise=cast.enterprise_b)
    login(cast.enterprise_a_user)
    assert client.get(f"/san-pham/cua-toi/san-pham/{product_b.public_id}/sua/").status_code == 404


def test_another_enterprise_cannot_act_on_my_application(client, login, cast, make_application):
    draft = make_application(S.DRAFT)
    login(cast.enterprise_b_user)
    response = client.post(
        f"/san-pham/ho-so/{draft.public_id}/chuyen-trang-thai/", {"to_status": S.WITHDRAWN, "confirm": "1"}
    )
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


@pytest.mark.parametrize(
    ("role", "expected"),
    [("official", 200), ("staff_hcm", 404), ("outside_official", 404), ("enterprise_a_user", 404), ("anonymous", 302)],
)
def test_council_round_only_for_its_members(client, login, cast, round_setup, role, expected):
    url = f"/san-pham/hoi-dong/dot/{round_setup.round.id}/"
    assert _get(client, login, cast, role, url).status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    [("staff_hcm", 200), ("admin", 200), ("official", 403), ("enterprise_a_user", 403), ("anonymous", 302)],
)
def test_staff_list_for_department_staff(client, login, cast, role, expected):
    assert _get(client, login, cast, role, "/san-pham/quan-ly/ho-so/").status_code == expected


@pytest.mark.parametrize(("role", "expected"), [("staff_hcm", 200), ("staff_hanoi", 404), ("enterprise_a_user", 403)])
def test_staff_round_page_for_the_citys_staff(client, login, cast, round_setup, role, expected):
    assert _get(client, login, cast, role, f"/san-pham/quan-ly/dot/{round_setup.round.id}/").status_code == expected


@pytest.mark.parametrize(("role", "expected"), [("enterprise_a_user", 200), ("staff_hcm", 403), ("anonymous", 302)])
def test_enterprise_pages_for_enterprise_users(client, login, cast, role, expected):
    for url in ["/san-pham/cua-toi/ho-so/", "/san-pham/cua-toi/ho-so/tao/", "/san-pham/cua-toi/san-pham/"]:
        assert _get(client, login, cast, role, url).status_code == expected


def test_an_unverified_enterprise_user_is_refused(client, login, db):
    pending = UserFactory(username="dn.cho.duyet", role="enterprise", enterprise=None)
    login(pending)
    assert client.get("/san-pham/cua-toi/ho-so/").status_code == 403
