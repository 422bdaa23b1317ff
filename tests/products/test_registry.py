"""The public registry: search folded the Vietnamese way, filters, public fields only, pinned query counts."""

import datetime

import pytest

from products.models import Application, Recognition
from tests.factories import (
    CityFactory,
    EnterpriseFactory,
    ProductFactory,
    ProgramFactory,
    RecognitionFactory,
    RecognitionRoundFactory,
)
from tests.products.factories import ApplicationFactory

S = Application.Status


@pytest.fixture
def registry(cast, hcm, hanoi):
    hcm_round = RecognitionRoundFactory(program=ProgramFactory(city=hcm), year=2024)
    hanoi_round = RecognitionRoundFactory(program=ProgramFactory(city=hanoi), year=2022)
    tien = RecognitionFactory(
        product=ProductFactory(enterprise=cast.enterprise_a, name="Ống nhựa HDPE"), round=hcm_round
    )
    dien = RecognitionFactory(
        product=ProductFactory(enterprise=cast.enterprise_b, name="Dây điện lõi đồng", sector="electronics"),
        round=hanoi_round,
        kind=Recognition.Kind.POTENTIAL,
    )
    return {"tien": tien, "dien": dien, "hcm_round": hcm_round, "hanoi_round": hanoi_round}


def _names(response) -> set[str]:
    return {r.product.name for r in response.context["page_obj"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nhua dong tien", {"Ống nhựa HDPE"}),  # the enterprise's name, without accents
        ("NHỰA ĐỒNG TIẾN", {"Ống nhựa HDPE"}),
        ("Đồng", {"Ống nhựa HDPE", "Dây điện lõi đồng"}),
        ("dien loi dong", {"Dây điện lõi đồng"}),
        ("DÂY ĐIỆN", {"Dây điện lõi đồng"}),
        ("khong co gi", set()),
    ],
)
def test_search_is_accent_and_case_insensitive(client, registry, query, expected):
    assert _names(client.get("/san-pham/", {"q": query})) == expected


def test_filters(client, registry, hanoi):
    assert _names(client.get("/san-pham/", {"city": hanoi.id})) == {"Dây điện lõi đồng"}
    assert _names(client.get("/san-pham/", {"kind": "key"})) == {"Ống nhựa HDPE"}
    assert _names(client.get("/san-pham/", {"sector": "electronics"})) == {"Dây điện lõi đồng"}
    assert _names(client.get("/san-pham/", {"round": registry["hcm_round"].id})) == {"Ống nhựa HDPE"}
    program_id = registry["hanoi_round"].program_id
    assert _names(client.get("/san-pham/", {"program": program_id})) == {"Dây điện lõi đồng"}


def test_registry_shows_public_fields_only(client, registry, cast):
    page = client.get("/san-pham/").content.decode()
    assert cast.enterprise_a.name in page
    assert cast.enterprise_a.staff_notes not in page
    assert cast.enterprise_a.contact_email not in page
    assert cast.enterprise_a.contact_phone not in page


def test_a_bad_filter_value_is_explained_not_a_crash(client, registry):
    response = client.get("/san-pham/", {"city": "khong-phai-so"})
    assert response.status_code == 200


def _fill_registry(n: int) -> None:
    city = CityFactory(code="hcm")
    round = RecognitionRoundFactory(program=ProgramFactory(city=city))
    for _ in range(n):
        RecognitionFactory(product=ProductFactory(enterprise=EnterpriseFactory()), round=round)


@pytest.mark.parametrize("size", [3, 25])
def test_registry_query_count_does_not_grow(client, db, django_assert_max_num_queries, size):
    _fill_registry(size)
    with django_assert_max_num_queries(8):
        response = client.get("/san-pham/")
    assert len(response.context["page_obj"]) == size


def _fill_applications(cast, round, n: int, status: str) -> None:
    for _ in range(n):
        ApplicationFactory(round=round, product=ProductFactory(enterprise=cast.enterprise_a), status=status)


@pytest.mark.parametrize("size", [2, 20])
def test_my_applications_query_count(client, login, cast, round_setup, django_assert_max_num_queries, size):
    _fill_applications(cast, round_setup.round, size, S.DRAFT)
    login(cast.enterprise_a_user)
    with django_assert_max_num_queries(6):
        response = client.get("/san-pham/cua-toi/ho-so/")
    assert response.content.decode().count("/san-pham/ho-so/") == size


@pytest.mark.parametrize("size", [2, 20])
def test_staff_applications_query_count(client, login, cast, round_setup, django_assert_max_num_queries, size):
    _fill_applications(cast, round_setup.round, size, S.SUBMITTED)
    login(cast.staff_hcm)
    with django_assert_max_num_queries(9):
        response = client.get("/san-pham/quan-ly/ho-so/")
    assert len(response.context["page_obj"]) == size


@pytest.mark.parametrize("size", [2, 20])
def test_council_round_query_count(client, login, cast, round_setup, django_assert_max_num_queries, size):
    _fill_applications(cast, round_setup.round, size, S.COUNCIL_SCORING)
    login(cast.official)
    with django_assert_max_num_queries(6):
        response = client.get(f"/san-pham/hoi-dong/dot/{round_setup.round.id}/")
    assert len(response.context["applications"]) == size


@pytest.mark.parametrize("size", [2, 20])
def test_public_comment_list_query_count(
    client, cast, make_application, round_setup, django_assert_max_num_queries, size
):
    # The list is of rounds published for comment (issue 16), one row per round whatever its dossiers.
    _fill_applications(cast, round_setup.round, size, S.PUBLIC_COMMENT)
    round_setup.round.result_published_on = datetime.date.today()
    round_setup.round.comment_closes_on = datetime.date.today() + datetime.timedelta(days=10)
    round_setup.round.save(update_fields=["result_published_on", "comment_closes_on"])
    with django_assert_max_num_queries(4):
        response = client.get("/san-pham/lay-y-kien/")
    assert len(response.context["rounds"]) == 1
