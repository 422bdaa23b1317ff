"""A round run the new way, for the tests of the round-level comment, the UBND's decision, the recognition's life
and the renewal reminders: the council has closed scoring, the city's Ủy ban nhân dân has a signer."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from products import comments
from products.models import Application
from programs.models import IssuingBody, Signer
from tests.factories import ProductFactory
from tests.products.factories import ApplicationFactory

S = Application.Status
TODAY = datetime.date.today()


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def committee(hcm):
    return IssuingBody.objects.create(
        city=hcm,
        kind=IssuingBody.Kind.COMMITTEE,
        code="ubnd-hcm-test",
        name="Ủy ban nhân dân Thành phố Hồ Chí Minh",
        parent_name="",
        header_name="ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
        place_name="Thành phố Hồ Chí Minh",
        abbreviation="UBND",
    )


@pytest.fixture
def department(hcm):
    return IssuingBody.objects.create(
        city=hcm,
        kind=IssuingBody.Kind.DEPARTMENT,
        code="sct-hcm-test",
        name="Sở Công Thương Thành phố Hồ Chí Minh",
        parent_name="ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
        header_name="SỞ CÔNG THƯƠNG",
        place_name="Thành phố Hồ Chí Minh",
        abbreviation="SCT",
        address="163 Hai Bà Trưng, Phường Võ Thị Sáu, Quận 3",
    )


@pytest.fixture
def signer(committee):
    return Signer.objects.create(body=committee, full_name="Bùi Xuân Cường", position="PHÓ CHỦ TỊCH", order=1)


@pytest.fixture
def scored(round_setup, cast):
    """Three dossiers the council scored (two pass the threshold of 70, one fails), scoring closed by the chair."""
    round = round_setup.round
    round.status = round.Status.REVIEW
    round.scoring_closed_at = timezone.now()
    round.save(update_fields=["status", "scoring_closed_at"])
    rows = [
        ("Ống nhựa HDPE Đồng Tiến", cast.enterprise_a, Decimal("88.50"), 1),
        ("Găng tay cao su y tế", cast.enterprise_b, Decimal("75.00"), 2),
        ("Dép xốp EVA", cast.enterprise_b, Decimal("52.00"), 3),
    ]
    return [
        ApplicationFactory(
            round=round,
            product=ProductFactory(enterprise=enterprise, name=name),
            status=S.COUNCIL_SCORING,
            score_average=score,
            score_count=3,
            rank=rank,
        )
        for name, enterprise, score, rank in rows
    ]


def publish(cast, round, *, published_on=None, closes_on=None, today=None):
    published_on = published_on or TODAY
    return comments.result_publish(
        actor=cast.staff_hcm,
        round=round,
        published_on=published_on,
        comment_closes_on=closes_on or published_on + days(14),
        today=today or published_on,
    )


@pytest.fixture
def published_past(cast, round_setup, scored):
    """The list was published 20 days ago with a deadline of yesterday (as if staff did it then)."""
    publish(cast, round_setup.round, published_on=TODAY - days(20), closes_on=TODAY - days(1))
    round_setup.round.refresh_from_db()
    return round_setup.round
