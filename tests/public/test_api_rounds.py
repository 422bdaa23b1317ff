"""/api/v1/rounds/ and /api/v1/recognitions/: rounds of published programmes with their call, criteria sheet,
timetable and, once published, the ranked result (never a member's score, never a draft); recognitions with their
status, validity and each suspension or revocation with its date and reason."""

import datetime
from decimal import Decimal

import pytest

from products.models import Application, Criterion, Recognition, RecognitionRound, RecognitionStatusChange, Score
from tests.factories import ProductFactory, RecognitionFactory, RecognitionRoundFactory
from tests.products.factories import ApplicationFactory, CouncilMemberFactory

pytestmark = pytest.mark.django_db


def _get(client, url, **params):
    return client.get(url, params, HTTP_ACCEPT="application/json")


@pytest.fixture
def published_round(world):
    round = RecognitionRoundFactory(
        program=world.program,
        year=2024,
        status=RecognitionRound.Status.REVIEW,
        call_number="12/TB-SCT",
        call_date=datetime.date(2024, 3, 1),
        call_text="Mời doanh nghiệp nộp hồ sơ",
        opens_on=datetime.date(2024, 3, 1),
        closes_on=datetime.date(2024, 4, 30),
        review_days=15,
        result_published_on=datetime.date(2024, 11, 7),
        comment_closes_on=datetime.date(2024, 11, 24),
    )
    market = Criterion.objects.create(round=round, order=1, code="1", name="Thị trường", max_points=Decimal(60))
    Criterion.objects.create(round=round, order=2, code="1.1", name="Doanh thu", max_points=Decimal(60), parent=market)
    Criterion.objects.create(round=round, order=3, code="2", name="Chất lượng", max_points=Decimal(40))
    first = ApplicationFactory(
        round=round, product=ProductFactory(enterprise=world.enterprise, name="Ống nhựa PPR"),
        status=Application.Status.PUBLIC_COMMENT, comment_opens_on=datetime.date(2024, 11, 7),
        score_average=Decimal("88.50"), rank=1, in_top=True,
    )  # fmt: skip
    ApplicationFactory(
        round=round, product=ProductFactory(enterprise=world.other_enterprise, name="Găng tay cao su"),
        status=Application.Status.PUBLIC_COMMENT, comment_opens_on=datetime.date(2024, 11, 7),
        score_average=Decimal("75.00"), rank=2,
    )  # fmt: skip
    # Still scoring, and a draft: neither is in the published list.
    ApplicationFactory(round=round, product=ProductFactory(enterprise=world.other_enterprise, name="Chưa công bố"),
                       status=Application.Status.COUNCIL_SCORING, score_average=Decimal(90))  # fmt: skip
    member = CouncilMemberFactory(round=round)
    Score.objects.create(application=first, member=member, criterion=market, points=Decimal("47.25"))
    return round


def test_a_published_round_with_its_call_sheet_timetable_and_ranked_result(client, world, published_round):
    data = _get(client, f"/api/v1/rounds/{published_round.pk}/").json()
    assert data["program"] == world.program.slug and data["city"] == "hcm" and data["year"] == 2024
    assert data["call"] == {
        "number": "12/TB-SCT",
        "date": "2024-03-01",
        "text": "Mời doanh nghiệp nộp hồ sơ",
        "admits_other_provinces": False,
    }
    assert data["timetable"]["closes_on"] == "2024-04-30" and data["timetable"]["review_days"] == 15
    assert data["timetable"]["comment_closes_on"] == "2024-11-24"
    assert [(c["code"], c["max_points"], c["parent"] is not None) for c in data["criteria"]] == [
        ("1", "60.00", False),
        ("1.1", "60.00", True),
        ("2", "40.00", False),
    ]
    assert [(r["rank"], r["product"], r["score"], r["top"], r["outcome"]) for r in data["result"]] == [
        (1, "Ống nhựa PPR", "88.50", True, "public_comment"),
        (2, "Găng tay cao su", "75.00", False, "public_comment"),
    ]
    assert data["result"][0]["enterprise"] == str(world.enterprise.public_id)
    text = str(data)
    assert "47.25" not in text and "Chưa công bố" not in text  # no member's score, nothing unpublished
    assert data["decision"] is None


def test_before_publication_there_is_no_result_and_planned_or_draft_rounds_are_not_listed(client, world,
                                                                                          published_round):  # fmt: skip
    RecognitionRound.objects.filter(pk=published_round.pk).update(result_published_on=None)
    assert _get(client, f"/api/v1/rounds/{published_round.pk}/").json()["result"] is None
    planned = RecognitionRoundFactory(program=world.program, year=2026, status=RecognitionRound.Status.PLANNED)
    draft = RecognitionRoundFactory(program=world.draft_program, year=2024)
    ids = {r["id"] for r in _get(client, "/api/v1/rounds/", page_size=100).json()["results"]}
    assert published_round.pk in ids and planned.pk not in ids and draft.pk not in ids
    assert _get(client, f"/api/v1/rounds/{planned.pk}/").status_code == 404


def test_a_historical_round_shows_its_decision(client, world, hcm):
    from programs.models import IssuingBody

    body = IssuingBody.objects.create(city=hcm, kind="committee", code="ubnd-hcm", name="Ủy ban nhân dân TPHCM",
                                      header_name="UBND", place_name="TPHCM", abbreviation="UBND")  # fmt: skip
    past = RecognitionRoundFactory(program=world.program, year=2021, status="closed", is_historical=True,
                                   decision_body=body, decision_number="5012/QĐ-UBND",
                                   decision_date=datetime.date(2021, 12, 15))  # fmt: skip
    data = _get(client, f"/api/v1/rounds/{past.pk}/").json()
    assert data["decision"] == {"body": "Ủy ban nhân dân TPHCM", "number": "5012/QĐ-UBND", "date": "2021-12-15"}
    assert data["is_historical"] is True and data["criteria"] == [] and data["result"] is None


def test_round_filters(client, world, published_round):
    assert _get(client, "/api/v1/rounds/", year=2024).json()["count"] == 1
    assert _get(client, "/api/v1/rounds/", year=1999).json()["count"] == 0
    assert _get(client, "/api/v1/rounds/", status="planned").status_code == 400
    assert _get(client, "/api/v1/rounds/", program=world.program.pk).json()["count"] == 2


def test_recognitions_with_status_validity_and_suspension(client, world):
    recognition = world.recognition
    Recognition.objects.filter(pk=recognition.pk).update(status=Recognition.Status.SUSPENDED)
    RecognitionStatusChange.objects.create(
        recognition=recognition, from_status="active", to_status="suspended", reason="Vi phạm chất lượng",
        effective_on=datetime.date(2024, 5, 2), decision_number="77/QĐ-UBND", actor=world.staff,
    )  # fmt: skip
    data = _get(client, f"/api/v1/recognitions/{recognition.public_id}/").json()
    assert data["status"] == "suspended" and data["valid_until"] == "2025-12-01"
    assert data["status_changes"] == [
        {"from_status": "active", "to_status": "suspended", "effective_on": "2024-05-02",
         "reason": "Vi phạm chất lượng", "decision_number": "77/QĐ-UBND"}
    ]  # fmt: skip
    assert "actor" not in str(data) and world.staff.username not in str(data)
    assert _get(client, "/api/v1/recognitions/", status="suspended").json()["count"] == 1
    assert _get(client, "/api/v1/recognitions/", status="revoked").json()["count"] == 0
    assert _get(client, "/api/v1/recognitions/", status="x").status_code == 400


def test_recognitions_of_draft_programmes_are_not_published(client, world):
    hidden = RecognitionFactory(round=RecognitionRoundFactory(program=world.draft_program))
    assert _get(client, f"/api/v1/recognitions/{hidden.public_id}/").status_code == 404


def _grow_rounds(world, n):
    for i in range(n):
        round = RecognitionRoundFactory(program=world.program, year=2030 + i, status="closed",
                                        result_published_on=datetime.date(2024, 1, 1))  # fmt: skip
        Criterion.objects.create(round=round, order=1, name="Tiêu chí", max_points=Decimal(100))
        ApplicationFactory(round=round, status=Application.Status.RECOGNISED, rank=1,
                           comment_opens_on=datetime.date(2024, 1, 1))  # fmt: skip
        recognition = RecognitionFactory(round=round)
        RecognitionStatusChange.objects.create(recognition=recognition, from_status="active", to_status="revoked",
                                               reason="Thu hồi", effective_on=datetime.date(2024, 2, 1))  # fmt: skip


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize(("url", "queries"), [("/api/v1/rounds/", 4), ("/api/v1/recognitions/", 3)])
def test_list_query_counts_do_not_grow(client, world, django_assert_num_queries, size, url, queries):
    _grow_rounds(world, size)
    with django_assert_num_queries(queries):
        response = _get(client, url)
    assert response.status_code == 200


def test_the_sheet_reads_each_criterion_then_its_sub_criteria(client, world, published_round):
    # Sub-criteria numbered within their parent (order 1, 2 under each) still follow their own parent.
    quality = Criterion.objects.get(round=published_round, code="2")
    Criterion.objects.filter(round=published_round, code="1.1").update(order=1)
    Criterion.objects.create(
        round=published_round, order=1, code="2.1", name="ISO", max_points=Decimal(40), parent=quality
    )
    Criterion.objects.create(round=published_round, order=2, code="1.2", name="Xuất khẩu", max_points=Decimal(1),
                             parent=Criterion.objects.get(round=published_round, code="1"))  # fmt: skip
    data = _get(client, f"/api/v1/rounds/{published_round.pk}/").json()
    assert [c["code"] for c in data["criteria"]] == ["1", "1.1", "1.2", "2", "2.1"]
