"""A round shows the result its decision recorded, and "Chưa có kết quả" where none is recorded, never "closed with
0 recognitions": the seeded 2022 round of plan 267 is closed and the portal holds none of its results."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from products.models import Application, RecognitionRound
from products.selectors import RoundResult, program_rounds
from programs.models import Program
from programs.seed_data import HANOI_KEY_PRODUCTS_2022
from tests.factories import ProductFactory, RecognitionFactory, RecognitionRoundFactory, UserFactory
from tests.products.factories import ApplicationFactory, CouncilMemberFactory

# "0 sản phẩm", but not the end of a range or a larger number ("15–20 sản phẩm", "10 sản phẩm").
ZERO_RECOGNISED = re.compile(r"(?<![\d–.,-])0\s+sản phẩm")


@pytest.fixture
def seeded(cast):
    call_command("seed_programs", stdout=io.StringIO())
    return Program.objects.get(slug=HANOI_KEY_PRODUCTS_2022)


@pytest.fixture
def round_2022(seeded):
    return RecognitionRound.objects.get(program=seeded, year=2022)


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _assert_no_result(html: str, round: RecognitionRound) -> None:
    assert round.title in html
    assert "Chưa có kết quả" in html
    assert not ZERO_RECOGNISED.search(html), ZERO_RECOGNISED.search(html)


def test_the_seeded_2022_round_is_closed_with_no_result(round_2022):
    assert round_2022.status == RecognitionRound.Status.CLOSED
    (shown,) = program_rounds(round_2022.program)
    assert (shown.recognition_count, shown.result) == (0, RoundResult.NO_RESULT)


def test_the_public_programme_page_shows_no_result_for_the_2022_round(client, round_2022):
    html = _page(client, reverse("programs:public_detail", kwargs={"slug": HANOI_KEY_PRODUCTS_2022}))
    _assert_no_result(html, round_2022)


def test_the_public_page_in_english_reads_no_result_recorded(client, round_2022):
    client.cookies["django_language"] = "en"
    html = client.get(
        reverse("programs:public_detail", kwargs={"slug": HANOI_KEY_PRODUCTS_2022}), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "No result recorded" in html and "0 product" not in html


def test_the_staff_round_list_and_round_page_show_no_result(login, cast, round_2022):
    client = login(cast.staff_hanoi)
    _assert_no_result(_page(client, reverse("products:staff_applications")), round_2022)
    html = _page(client, reverse("products:staff_round", kwargs={"round_id": round_2022.id}))
    _assert_no_result(html, round_2022)


def test_the_council_rounds_page_shows_no_result(login, cast, round_2022):
    CouncilMemberFactory(round=round_2022, user=cast.official)
    _assert_no_result(_page(login(cast.official), reverse("products:council_rounds")), round_2022)


def test_a_round_with_recognitions_shows_how_many(client, login, cast, seeded, round_2022):
    for n in range(2):
        RecognitionFactory(round=round_2022, product=ProductFactory(enterprise=cast.enterprise_a, name=f"Khuôn {n}"))
    html = _page(client, reverse("programs:public_detail", kwargs={"slug": HANOI_KEY_PRODUCTS_2022}))
    assert "2 sản phẩm được công nhận" in html and "Chưa có kết quả" not in html
    staff_page = _page(login(cast.staff_hanoi), reverse("products:staff_round", kwargs={"round_id": round_2022.id}))
    assert "2 sản phẩm được công nhận" in staff_page


def test_demo_recognitions_do_not_make_a_result_of_a_real_round(cast, round_2022):
    RecognitionFactory(round=round_2022, product=ProductFactory(enterprise=cast.enterprise_a), is_demo=True)
    (shown,) = program_rounds(round_2022.program)
    assert (shown.recognition_count, shown.result) == (0, RoundResult.NO_RESULT)


def test_a_demo_round_counts_its_own_recognitions(cast, seeded):
    demo_round = RecognitionRoundFactory(program=seeded, year=2026, status="closed", is_demo=True)
    RecognitionFactory(round=demo_round, product=ProductFactory(enterprise=cast.enterprise_a), is_demo=True)
    shown = {r.year: r for r in program_rounds(seeded)}
    assert (shown[2026].recognition_count, shown[2026].result) == (1, RoundResult.RECOGNISED)


def test_a_closed_round_whose_decision_refused_every_dossier_recognised_none(client, cast, seeded, round_2022):
    ApplicationFactory(
        round=round_2022,
        product=ProductFactory(enterprise=cast.enterprise_a),
        status=Application.Status.REJECTED,
        decided_at=datetime.datetime(2022, 12, 1, tzinfo=datetime.UTC),
    )
    (shown,) = program_rounds(seeded)
    assert shown.result == RoundResult.NONE_RECOGNISED
    html = _page(client, reverse("programs:public_detail", kwargs={"slug": HANOI_KEY_PRODUCTS_2022}))
    assert "Không có sản phẩm nào được công nhận" in html and "Chưa có kết quả" not in html


def test_an_open_round_with_nothing_decided_has_no_result_yet(cast, seeded):
    RecognitionRoundFactory(program=seeded, year=2027, status="open")
    ApplicationFactory(
        round=RecognitionRound.objects.get(program=seeded, year=2027),
        product=ProductFactory(enterprise=cast.enterprise_a),
        status=Application.Status.REJECTED,
    )
    shown = {r.year: r for r in program_rounds(seeded)}
    assert shown[2027].result == RoundResult.NO_RESULT


def test_the_staff_round_list_stays_at_a_fixed_number_of_queries(django_assert_max_num_queries, login, cast, seeded):
    client = login(UserFactory(username="quantri.2", role="admin", is_staff=True, is_superuser=True))
    for year in range(2030, 2036):
        RecognitionRoundFactory(program=seeded, year=year, status="closed")
    with django_assert_max_num_queries(12):
        _page(client, reverse("products:staff_applications"))
