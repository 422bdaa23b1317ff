"""Dates of decisions and comment windows: 29 February, the calendar's edge, the future."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.dates import add_years
from products import comments, services
from products.models import Application, Recognition
from tests.factories import ProductFactory
from tests.products.factories import ApplicationFactory

S = Application.Status
TODAY = datetime.date.today()
LEAP_DAY = datetime.date(2024, 2, 29)


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (datetime.date(2024, 2, 29), 3, datetime.date(2027, 2, 28)),
        (datetime.date(2024, 2, 29), 4, datetime.date(2028, 2, 29)),
        (datetime.date(2023, 3, 1), 3, datetime.date(2026, 3, 1)),
        (datetime.date(2024, 12, 31), 1, datetime.date(2025, 12, 31)),
    ],
)
def test_add_years_keeps_the_day_or_falls_back_to_28_february(day, years, expected):
    assert add_years(day, years) == expected


@pytest.fixture
def two_in_comment(cast, make_application, round_setup):
    """Two passed applications of one round whose comment window ended before 29 February 2024: a decision is
    dated after the window's last day."""
    first = make_application(
        S.PUBLIC_COMMENT, comment_opens_on=datetime.date(2024, 2, 1), comment_closes_on=datetime.date(2024, 2, 20)
    )
    second = ApplicationFactory(
        round=round_setup.round,
        product=ProductFactory(enterprise=cast.enterprise_b),
        status=S.PUBLIC_COMMENT,
        comment_opens_on=first.comment_opens_on,
        comment_closes_on=first.comment_closes_on,
        score_average=Decimal("90"),
        score_count=3,
    )
    return [first, second]


def test_a_round_decided_on_29_february_is_valid_until_28_february(cast, round_setup, two_in_comment, signer):
    outcome = services.round_decide(
        actor=cast.staff_hcm,
        round=round_setup.round,
        decision_number="29/QĐ-UBND",
        decision_date=LEAP_DAY,
        signer=signer,
    )

    assert len(outcome.recognised) == 2
    for recognition in outcome.recognised:
        assert (recognition.valid_from, recognition.valid_until) == (LEAP_DAY, datetime.date(2027, 2, 28))


def test_the_round_page_decides_on_29_february(client, login, cast, round_setup, two_in_comment, signer):
    login(cast.staff_hcm)
    response = client.post(
        f"/san-pham/quan-ly/dot/{round_setup.round.id}/",
        {"decision_number": "29/QĐ-UBND", "decision_date": "2024-02-29", "signer": signer.id, "confirm": "1"},
        follow=True,
    )
    assert response.status_code == 200
    assert "2 sản phẩm được công nhận" in response.content.decode()
    assert set(Recognition.objects.values_list("valid_until", flat=True)) == {datetime.date(2027, 2, 28)}


@pytest.mark.parametrize("written", ["9999-12-31", "1000-01-01", "2100-12-31"])
def test_the_round_page_refuses_a_decision_date_out_of_range_and_decides_nothing(
    client, login, cast, round_setup, two_in_comment, written, signer
):
    login(cast.staff_hcm)
    response = client.post(
        f"/san-pham/quan-ly/dot/{round_setup.round.id}/",
        {"decision_number": "1/QĐ-UBND", "decision_date": written, "signer": signer.id, "confirm": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ngày phải trong khoảng từ 01/01/1990 đến 31/12/2100." in html or (
        "Ngày quyết định không được ở tương lai." in html
    )
    assert not Recognition.objects.exists()
    assert {a.status for a in Application.objects.all()} == {S.PUBLIC_COMMENT}


@pytest.mark.parametrize(
    ("decision_date", "message"),
    [
        (datetime.date(9999, 12, 31), "Ngày phải trong khoảng từ 01/01/1990 đến 31/12/2100."),
        (datetime.date(1989, 12, 31), "Ngày phải trong khoảng từ 01/01/1990 đến 31/12/2100."),
        (TODAY + datetime.timedelta(days=1), "Ngày quyết định không được ở tương lai."),
    ],
)
def test_the_decision_services_refuse_dates_out_of_range(
    cast, round_setup, two_in_comment, decision_date, message, signer
):
    with pytest.raises(ValidationError, match=message):
        services.round_decide(
            actor=cast.staff_hcm,
            round=round_setup.round,
            decision_number="1/QĐ",
            decision_date=decision_date,
            signer=signer,
        )
    with pytest.raises(ValidationError, match=message):
        services.application_decide(
            actor=cast.staff_hcm, application=two_in_comment[0], decision_number="1/QĐ", decision_date=decision_date
        )
    assert not Recognition.objects.exists()


def test_a_comment_window_out_of_range_is_refused(cast, make_application, round_setup):
    application = make_application(S.COUNCIL_SCORING, score_average=Decimal(80), score_count=3)
    round_setup.round.scoring_closed_at = timezone.now()
    round_setup.round.save(update_fields=["scoring_closed_at"])
    with pytest.raises(ValidationError, match="Ngày phải trong khoảng"):
        comments.result_publish(
            actor=cast.staff_hcm,
            round=round_setup.round,
            published_on=TODAY,
            comment_closes_on=datetime.date(9999, 12, 31),
        )
    application.refresh_from_db()
    assert (application.status, application.comment_closes_on) == (S.COUNCIL_SCORING, None)
