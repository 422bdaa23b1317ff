"""The round's decision is the city UBND's (issue 16, item 5): number, date and a signer from the committee's active
signers; refused before the comment deadline, while comments wait, or without a validity rule; recognitions
first-time or renewal from history, valid for the round's (or programme's) years, with the logo right."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.dates import add_years
from products import decision
from products.models import Application, PublicComment, Recognition, RecognitionRound, RoundEvent
from programs.models import Signer
from tests.factories import ProductFactory, RecognitionFactory, RecognitionRoundFactory
from tests.products.round_flow import TODAY, days, publish

S = Application.Status


def _decide(cast, round, signer, **kwargs):
    return decision.round_decide(
        actor=cast.staff_hcm,
        round=round,
        decision_number=kwargs.pop("decision_number", "5012/QĐ-UBND"),
        decision_date=kwargs.pop("decision_date", TODAY),
        signer=signer,
        **kwargs,
    )


def test_the_ubnd_decides_with_its_signer(cast, published_past, signer):
    outcome = _decide(cast, published_past, signer, logo_use_granted=True)
    assert sorted(r.product_name for r in outcome.recognised) == ["Găng tay cao su y tế", "Ống nhựa HDPE Đồng Tiến"]
    assert [a.product.name for a in outcome.rejected] == ["Dép xốp EVA"]
    round = RecognitionRound.objects.get(pk=published_past.pk)
    assert round.decision_body.kind == "committee"
    assert (round.decision_number, round.decision_date) == ("5012/QĐ-UBND", TODAY)
    assert (round.decision_signer, round.decision_signer_name, round.decision_signer_position) == (
        signer,
        "Bùi Xuân Cường",
        "PHÓ CHỦ TỊCH",
    )
    assert round.status == RecognitionRound.Status.CLOSED
    recognition = outcome.recognised[0]
    assert recognition.decision_body_name == "Ủy ban nhân dân Thành phố Hồ Chí Minh"
    assert recognition.logo_use_granted is True
    failed = Application.objects.get(product__name="Dép xốp EVA")
    assert failed.status == S.REJECTED
    assert "Không đạt điểm" in failed.events.last().note
    assert RoundEvent.objects.filter(round=round, kind=RoundEvent.Kind.DECIDED).count() == 1
    with pytest.raises(ValidationError, match="đã có quyết định"):
        _decide(cast, round, signer)


def test_the_logo_right_is_recorded_as_chosen(cast, published_past, signer):
    outcome = _decide(cast, published_past, signer, logo_use_granted=False)
    assert {r.logo_use_granted for r in outcome.recognised} == {False}


def test_the_signer_must_be_an_active_signer_of_the_committee(cast, published_past, committee, signer):
    retired = Signer.objects.create(body=committee, full_name="Người đã nghỉ", position="PHÓ CHỦ TỊCH", is_active=False)
    with pytest.raises(ValidationError, match="người ký"):
        _decide(cast, published_past, retired)
    with pytest.raises(ValidationError, match="người ký"):
        _decide(cast, published_past, None)
    assert not Recognition.objects.exists()


def test_no_committee_no_decision(cast, published_past):
    with pytest.raises(ValidationError, match="Chưa khai báo Ủy ban nhân dân"):
        _decide(cast, published_past, None)


def test_refused_before_the_deadline(cast, round_setup, scored, signer):
    round = round_setup.round
    publish(cast, round, closes_on=TODAY + days(14))
    with pytest.raises(ValidationError, match="Chưa hết thời gian lấy ý kiến"):
        _decide(cast, round, signer)
    assert not Recognition.objects.exists()


def test_unanswered_comments_block_the_decision(cast, published_past, signer):
    waiting = [
        PublicComment.objects.create(round=published_past, author_name=name, body="Ý kiến") for name in ("An", "Bình")
    ]
    with pytest.raises(ValidationError, match="Còn 2 ý kiến góp ý chưa được trả lời hoặc ghi nhận"):
        _decide(cast, published_past, signer)
    PublicComment.objects.filter(pk=waiting[0].pk).update(handling="answered", response="Đã trả lời.")
    with pytest.raises(ValidationError, match="Còn 1 ý kiến"):
        _decide(cast, published_past, signer)
    PublicComment.objects.filter(pk=waiting[1].pk).update(handling="noted")
    assert len(_decide(cast, published_past, signer).recognised) == 2


def test_validity_from_the_round_or_the_programme(cast, published_past, signer):
    published_past.valid_years = 5
    published_past.save(update_fields=["valid_years"])
    outcome = _decide(cast, published_past, signer)
    for recognition in outcome.recognised:
        assert (recognition.valid_from, recognition.valid_until) == (TODAY, add_years(TODAY, 5))


def test_validity_defaults_to_the_programme(cast, published_past, signer):
    outcome = _decide(cast, published_past, signer)
    assert {r.valid_until for r in outcome.recognised} == {add_years(TODAY, 3)}


def test_refused_without_a_validity_rule(cast, published_past, signer):
    program = published_past.program
    program.recognition_valid_years = None
    program.save(update_fields=["recognition_valid_years"])
    with pytest.raises(ValidationError, match="Chưa có thời hạn hiệu lực"):
        _decide(cast, published_past, signer)
    assert not Recognition.objects.exists()


def test_first_time_or_renewal_from_history(cast, published_past, signer, round_setup):
    earlier = RecognitionRoundFactory(program=round_setup.round.program, year=2021)
    pipe = Application.objects.get(product__name="Ống nhựa HDPE Đồng Tiến").product
    RecognitionFactory(product=pipe, round=earlier)  # the same product, recognised before
    past = RecognitionRoundFactory(program=round_setup.round.program, year=2022, is_historical=True)
    # A past decision list entered from history: the same enterprise and product name, another product row.
    RecognitionFactory(product=ProductFactory(enterprise=cast.enterprise_b, name="găng tay cao su y tế"), round=past)
    outcome = _decide(cast, published_past, signer)
    kinds = {r.product_name: r.is_first_time for r in outcome.recognised}
    assert kinds == {"Ống nhựa HDPE Đồng Tiến": False, "Găng tay cao su y tế": False}


def test_another_enterprise_same_name_is_first_time(cast, published_past, signer, round_setup):
    past = RecognitionRoundFactory(program=round_setup.round.program, year=2022, is_historical=True)
    RecognitionFactory(product=ProductFactory(enterprise=cast.enterprise_a, name="Găng tay cao su y tế"), round=past)
    outcome = _decide(cast, published_past, signer)
    assert {r.product_name: r.is_first_time for r in outcome.recognised}["Găng tay cao su y tế"] is True


def test_the_staff_page_confirms_then_decides(client, login, cast, published_past, signer):
    login(cast.staff_hcm)
    url = reverse("products:staff_round", kwargs={"round_id": published_past.id})
    page = client.get(url).content.decode()
    assert "Bùi Xuân Cường" in page and "Ủy ban nhân dân Thành phố Hồ Chí Minh" in page
    data = {
        "decision_number": "5012/QĐ-UBND",
        "decision_date": TODAY.isoformat(),
        "signer": signer.id,
        "logo_use_granted": "on",
    }
    confirmation = client.post(url, data).content.decode()
    assert "Ra quyết định công nhận" in confirmation and "Dép xốp EVA" in confirmation
    assert not Recognition.objects.exists()
    assert client.post(url, {**data, "confirm": "1"}).status_code == 302
    assert Recognition.objects.count() == 2
    assert "Bùi Xuân Cường" in client.get(url).content.decode()


def test_the_staff_page_says_why_before_confirming(client, login, cast, published_past, signer):
    PublicComment.objects.create(round=published_past, author_name="An", body="Ý kiến")
    login(cast.staff_hcm)
    url = reverse("products:staff_round", kwargs={"round_id": published_past.id})
    data = {"decision_number": "5012/QĐ-UBND", "decision_date": TODAY.isoformat(), "signer": signer.id}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Còn 1 ý kiến góp ý chưa được trả lời" in response.content.decode()
    assert not Recognition.objects.exists()
