"""Anonymous public comments are limited per client address and round (settings.PUBLIC_COMMENT_RATE, counted in
Redis), the address read by core.clientip.client_ip; a robot filling the honeypot field stores nothing. Comments
are taken on the round's published result (issue 16) rather than per dossier."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse

from products.models import Application, PublicComment
from tests.factories import ProductFactory, RecognitionRoundFactory
from tests.products.factories import ApplicationFactory

S = Application.Status
TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def _fresh_counts(settings):
    settings.PUBLIC_COMMENT_RATE = "5/hour"
    cache.clear()
    yield
    cache.clear()


def _published(round):
    round.result_published_on, round.comment_closes_on = TODAY, TODAY + datetime.timedelta(days=9)
    round.save(update_fields=["result_published_on", "comment_closes_on"])
    return round


@pytest.fixture
def open_for_comment(make_application):
    application = make_application(
        S.PUBLIC_COMMENT, comment_opens_on=TODAY, comment_closes_on=TODAY + datetime.timedelta(days=9)
    )
    _published(application.round)
    return application.round


def _url(round):
    return reverse("public:round_result", kwargs={"round_id": round.id})


def _comment(client, round, address="203.0.113.7", **extra):
    data = {"author_name": "Nguyễn Văn A", "body": "Đề nghị công nhận.", **extra}
    return client.post(_url(round), data, REMOTE_ADDR=address)


def test_forty_comments_from_one_address_store_five(client, open_for_comment):
    answers = [_comment(client, open_for_comment).status_code for _ in range(40)]
    assert answers[:5] == [302] * 5
    assert set(answers[5:]) == {429}
    assert PublicComment.objects.count() == 5


def test_the_refusal_says_why_in_vietnamese(client, open_for_comment):
    for _ in range(5):
        _comment(client, open_for_comment)
    response = _comment(client, open_for_comment, body="Ý kiến thứ sáu.")
    assert response.status_code == 429
    assert int(response["Retry-After"]) == 3600
    assert "Bạn đã gửi quá nhiều ý kiến về kết quả xét chọn này" in response.content.decode()
    assert not PublicComment.objects.filter(body="Ý kiến thứ sáu.").exists()


def test_the_count_is_per_address_and_per_round(client, round_setup, open_for_comment):
    other_round = RecognitionRoundFactory(program=round_setup.round.program, year=2025)
    ApplicationFactory(
        round=other_round,
        product=ProductFactory(name="Hạt nhựa tái chế"),
        status=S.PUBLIC_COMMENT,
        comment_opens_on=TODAY,
        comment_closes_on=TODAY + datetime.timedelta(days=9),
    )
    _published(other_round)
    for _ in range(5):
        _comment(client, open_for_comment)
    assert _comment(client, open_for_comment).status_code == 429
    assert _comment(client, open_for_comment, address="198.51.100.4").status_code == 302
    assert _comment(client, other_round).status_code == 302


def test_a_forged_forwarded_for_does_not_reset_the_count(client, open_for_comment):
    for n in range(5):
        _comment(client, open_for_comment, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    response = client.post(
        _url(open_for_comment),
        {"author_name": "B", "body": "Lần nữa."},
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="10.9.9.9",
    )
    assert response.status_code == 429
    assert PublicComment.objects.count() == 5


def test_the_rate_is_a_setting(client, settings, open_for_comment):
    settings.PUBLIC_COMMENT_RATE = "2/minute"
    assert [_comment(client, open_for_comment).status_code for _ in range(3)] == [302, 302, 429]


def test_a_filled_honeypot_stores_nothing(client, open_for_comment):
    response = _comment(client, open_for_comment, website="http://spam.example")
    assert response.status_code == 302  # answered as a comment would be
    assert not PublicComment.objects.exists()


def test_the_honeypot_is_hidden_from_people(client, open_for_comment):
    html = client.get(_url(open_for_comment)).content.decode()
    box = html[html.index('<div class="visually-hidden" aria-hidden="true">') :]
    field = box[: box.index("</div>")]
    assert 'name="website"' in field
    assert 'tabindex="-1"' in field and 'autocomplete="off"' in field
    assert html.count('name="website"') == 1
