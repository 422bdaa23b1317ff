"""Anonymous public comments are limited per client address and dossier (settings.PUBLIC_COMMENT_RATE, counted in
Redis), the address read by core.clientip.client_ip; a robot filling the honeypot field stores nothing."""

import datetime

import pytest
from django.core.cache import cache

from products.models import Application, PublicComment
from tests.factories import ProductFactory

S = Application.Status
TODAY = datetime.date.today()


@pytest.fixture(autouse=True)
def _fresh_counts(settings):
    settings.PUBLIC_COMMENT_RATE = "5/hour"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_for_comment(make_application):
    return make_application(
        S.PUBLIC_COMMENT, comment_opens_on=TODAY, comment_closes_on=TODAY + datetime.timedelta(days=9)
    )


def _comment(client, application, address="203.0.113.7", **extra):
    data = {"author_name": "Nguyễn Văn A", "body": "Đề nghị công nhận.", **extra}
    return client.post(f"/san-pham/lay-y-kien/{application.public_id}/", data, REMOTE_ADDR=address)


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
    assert "Bạn đã gửi quá nhiều ý kiến về hồ sơ này" in response.content.decode()
    assert not PublicComment.objects.filter(body="Ý kiến thứ sáu.").exists()


def test_the_count_is_per_address_and_per_dossier(client, make_application, open_for_comment):
    other = make_application(
        S.PUBLIC_COMMENT,
        product=ProductFactory(name="Hạt nhựa tái chế"),
        comment_opens_on=TODAY,
        comment_closes_on=TODAY + datetime.timedelta(days=9),
    )
    for _ in range(5):
        _comment(client, open_for_comment)
    assert _comment(client, open_for_comment).status_code == 429
    assert _comment(client, open_for_comment, address="198.51.100.4").status_code == 302
    assert _comment(client, other).status_code == 302


def test_a_forged_forwarded_for_does_not_reset_the_count(client, open_for_comment):
    for n in range(5):
        _comment(client, open_for_comment, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
    response = client.post(
        f"/san-pham/lay-y-kien/{open_for_comment.public_id}/",
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
    html = client.get(f"/san-pham/lay-y-kien/{open_for_comment.public_id}/").content.decode()
    box = html[html.index('<div class="visually-hidden" aria-hidden="true">') :]
    field = box[: box.index("</div>")]
    assert 'name="website"' in field
    assert 'tabindex="-1"' in field and 'autocomplete="off"' in field
    assert html.count('name="website"') == 1
