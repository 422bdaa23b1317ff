"""Round-level public comment (issue 16, item 4): the whole proposed list is published with one deadline, comments
arrive online until then (refused after it), paper comments are entered with their date and sender, and each is
answered or noted. Replaces the per-dossier window (the old step's URLs redirect to the round's pages)."""

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from products import comments
from products.models import Application, PublicComment, RoundEvent
from tests.products.round_flow import TODAY, days, publish

S = Application.Status


@pytest.fixture(autouse=True)
def _fresh_counts(settings):
    settings.PUBLIC_COMMENT_RATE = "5/hour"
    cache.clear()
    yield
    cache.clear()


def test_publication_needs_scoring_closed(cast, round_setup, scored):
    round = round_setup.round
    round.scoring_closed_at = None
    round.save(update_fields=["scoring_closed_at"])
    with pytest.raises(ValidationError, match="chưa kết thúc chấm điểm"):
        publish(cast, round)
    assert {a.status for a in Application.objects.filter(round=round)} == {S.COUNCIL_SCORING}


def test_the_passed_dossiers_are_published_with_one_deadline(cast, round_setup, scored):
    round = round_setup.round
    published = publish(cast, round, closes_on=TODAY + days(16))
    assert {a.product.name for a in published} == {"Ống nhựa HDPE Đồng Tiến", "Găng tay cao su y tế"}
    round.refresh_from_db()
    assert (round.result_published_on, round.comment_closes_on) == (TODAY, TODAY + days(16))
    for application in Application.objects.filter(round=round, status=S.PUBLIC_COMMENT):
        assert (application.comment_opens_on, application.comment_closes_on) == (TODAY, TODAY + days(16))
    below = Application.objects.get(product__name="Dép xốp EVA")
    # Off the list, it waits for the decision: no scoring deadline stands over it any more.
    assert (below.status, below.stage_due_on) == (S.COUNCIL_SCORING, None)
    assert RoundEvent.objects.filter(round=round, kind=RoundEvent.Kind.RESULT_PUBLISHED).count() == 1
    with pytest.raises(ValidationError, match="đã được công bố"):
        publish(cast, round)


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [
        (-1, 14, "không được trước hôm nay"),
        (0, 3, "ít nhất"),
    ],
)
def test_the_window_follows_the_rules(cast, round_setup, scored, opens, closes, message):
    round = round_setup.round
    with pytest.raises(ValidationError, match=message):
        comments.result_publish(
            actor=cast.staff_hcm,
            round=round,
            published_on=TODAY + days(opens),
            comment_closes_on=TODAY + days(closes),
            today=TODAY,
        )
    round.refresh_from_db()
    assert round.result_published_on is None


def test_the_rounds_own_comment_days_count(cast, round_setup, scored):
    round = round_setup.round
    round.comment_days = 20
    round.save(update_fields=["comment_days"])
    with pytest.raises(ValidationError, match="ít nhất 20 ngày"):
        publish(cast, round, closes_on=TODAY + days(14))


def test_staff_of_another_city_cannot_publish(cast, round_setup, scored):
    with pytest.raises(PermissionDenied):
        comments.result_publish(
            actor=cast.staff_hanoi,
            round=round_setup.round,
            published_on=TODAY,
            comment_closes_on=TODAY + days(14),
        )


def _post(client, round, address="203.0.113.7", **data):
    data = {"author_name": "Nguyễn Văn A", "body": "Đề nghị xem lại số liệu xuất khẩu.", **data}
    return client.post(reverse("public:round_result", kwargs={"round_id": round.id}), data, REMOTE_ADDR=address)


def test_online_comment_on_a_product_or_the_list(client, cast, round_setup, scored):
    round = round_setup.round
    publish(cast, round)
    product = Application.objects.get(round=round, product__name="Găng tay cao su y tế")
    assert _post(client, round, application=product.id).status_code == 302
    assert _post(client, round, author_name="Trần Thị B", body="Đồng ý với danh sách.").status_code == 302
    on_product, on_list = PublicComment.objects.order_by("id")
    assert (on_product.round, on_product.application, on_product.channel) == (round, product, "online")
    assert (on_list.application, on_list.received_on) == (None, TODAY)


def test_online_comments_are_refused_after_the_deadline(client, cast, published_past):
    with pytest.raises(ValidationError, match="hết hạn góp ý"):
        comments.comment_submit(round=published_past, author_name="A", author_email="", body="Muộn.")
    page = client.get(reverse("public:round_result", kwargs={"round_id": published_past.id})).content.decode()
    assert "Đã hết hạn góp ý trực tuyến" in page
    assert 'name="body"' not in page
    response = _post(client, published_past, body="Gửi sau hạn.")
    assert response.status_code == 200
    assert "hết hạn góp ý" in response.content.decode()
    assert not PublicComment.objects.exists()


def test_a_dossier_off_the_list_cannot_be_commented(cast, round_setup, scored):
    round = round_setup.round
    publish(cast, round)
    failed = Application.objects.get(product__name="Dép xốp EVA")
    with pytest.raises(ValidationError, match="không có trong danh sách"):
        comments.comment_submit(round=round, author_name="A", author_email="", body="X", application=failed)


def test_comments_are_limited_per_address_and_round(client, cast, round_setup, scored):
    round = round_setup.round
    publish(cast, round)
    answers = [_post(client, round).status_code for _ in range(7)]
    assert answers == [302] * 5 + [429] * 2
    assert _post(client, round, address="198.51.100.4").status_code == 302
    assert PublicComment.objects.count() == 6
    assert "Bạn đã gửi quá nhiều ý kiến" in _post(client, round).content.decode()


def test_the_honeypot_stores_nothing(client, cast, round_setup, scored):
    publish(cast, round_setup.round)
    assert _post(client, round_setup.round, website="http://spam.example").status_code == 302
    assert not PublicComment.objects.exists()


def test_the_public_page_shows_the_list_the_deadline_and_the_postal_address(
    client, cast, round_setup, scored, department
):
    round = round_setup.round
    publish(cast, round, closes_on=TODAY + days(17))
    page = client.get(reverse("public:round_result", kwargs={"round_id": round.id})).content.decode()
    assert "Ống nhựa HDPE Đồng Tiến" in page and "Găng tay cao su y tế" in page
    assert "Dép xốp EVA" not in page
    assert "88,5" in page  # the score as published, Vietnamese decimals
    assert (TODAY + days(17)).strftime("%d/%m/%Y") in page
    assert "163 Hai Bà Trưng" in page


def test_an_unpublished_round_has_no_result_page(client, round_setup, scored):
    assert client.get(reverse("public:round_result", kwargs={"round_id": round_setup.round.id})).status_code == 404


def test_paper_comment_with_date_and_sender(cast, published_past):
    comment = comments.comment_enter_paper(
        actor=cast.staff_hcm,
        round=published_past,
        received_on=TODAY - days(2),
        author_name="Hiệp hội Nhựa Thành phố",
        author_address="Số 1 Nguyễn Huệ, Quận 1",
        body="Đề nghị bổ sung tiêu chí môi trường.",
    )
    assert (comment.channel, comment.received_on, comment.entered_by) == ("paper", TODAY - days(2), cast.staff_hcm)
    assert comment.author_address == "Số 1 Nguyễn Huệ, Quận 1"


@pytest.mark.parametrize(
    ("received", "message"),
    [
        (1, "tương lai"),  # tomorrow
        (0, "sau hạn góp ý"),  # today: after yesterday's deadline
        (-25, "trước ngày công bố"),
    ],
)
def test_paper_comment_dates_are_checked(cast, published_past, received, message):
    with pytest.raises(ValidationError, match=message):
        comments.comment_enter_paper(
            actor=cast.staff_hcm,
            round=published_past,
            received_on=TODAY + days(received),
            author_name="Ông C",
            author_address="Quận 5",
            body="Ý kiến.",
        )
    assert not PublicComment.objects.exists()


def test_paper_comment_needs_a_sender_address_and_the_citys_staff(cast, published_past):
    kwargs = {"round": published_past, "received_on": TODAY - days(3), "author_name": "Ông C", "body": "Ý kiến."}
    with pytest.raises(ValidationError, match="địa chỉ người gửi"):
        comments.comment_enter_paper(actor=cast.staff_hcm, author_address=" ", **kwargs)
    with pytest.raises(PermissionDenied):
        comments.comment_enter_paper(actor=cast.staff_hanoi, author_address="Quận 5", **kwargs)


def test_answered_needs_a_response_noted_may_carry_a_note(cast, published_past):
    comment = PublicComment.objects.create(round=published_past, author_name="D", body="Hỏi về điểm.")
    with pytest.raises(ValidationError, match="nội dung trả lời"):
        comments.comment_handle(actor=cast.staff_hcm, comment=comment, handling="answered", response=" ")
    comments.comment_handle(actor=cast.staff_hcm, comment=comment, handling="noted", response="")
    comment.refresh_from_db()
    assert (comment.handling, comment.handled_by) == ("noted", cast.staff_hcm)
    comments.comment_handle(actor=cast.staff_hcm, comment=comment, handling="answered", response="Đã giải trình.")
    comment.refresh_from_db()
    assert (comment.handling, comment.response) == ("answered", "Đã giải trình.")
    with pytest.raises(PermissionDenied):
        comments.comment_handle(actor=cast.staff_hanoi, comment=comment, handling="noted")


def test_the_staff_comment_page(client, login, cast, published_past):
    PublicComment.objects.create(round=published_past, author_name="Người gửi trực tuyến", body="Ý kiến 1")
    login(cast.staff_hcm)
    url = reverse("products:round_comments", kwargs={"round_id": published_past.id})
    page = client.get(url).content.decode()
    assert "Người gửi trực tuyến" in page and "1 ý kiến chờ xử lý" in page
    response = client.post(
        reverse("products:comment_paper", kwargs={"round_id": published_past.id}),
        {
            "received_on": (TODAY - days(3)).isoformat(),
            "author_name": "Bà E",
            "author_address": "Quận 10",
            "body": "Gửi qua bưu điện.",
        },
    )
    assert response.status_code == 302
    paper = PublicComment.objects.get(channel="paper")
    response = client.post(
        reverse("products:comment_handle", kwargs={"round_id": published_past.id, "comment_id": paper.id}),
        {f"c{paper.id}-handling": "answered", f"c{paper.id}-response": "Cảm ơn bà."},
    )
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.handling == "answered"
    login(cast.staff_hanoi)
    assert client.get(url).status_code == 404


def test_staff_publish_from_the_page_after_confirming(client, login, cast, round_setup, scored):
    round = round_setup.round
    login(cast.staff_hcm)
    url = reverse("products:round_publish", kwargs={"round_id": round.id})
    data = {"published_on": TODAY.isoformat(), "comment_closes_on": (TODAY + days(14)).isoformat()}
    confirmation = client.post(url, data)
    assert confirmation.status_code == 200 and "Công bố kết quả" in confirmation.content.decode()
    round.refresh_from_db()
    assert round.result_published_on is None
    assert client.post(url, {**data, "confirm": "1"}).status_code == 302
    round.refresh_from_db()
    assert round.comment_closes_on == TODAY + days(14)


def test_the_old_per_dossier_addresses_lead_to_the_round(client, login, cast, round_setup, scored):
    round = round_setup.round
    publish(cast, round)
    application = Application.objects.get(product__name="Găng tay cao su y tế")
    old_public = client.get(reverse("products:public_comment", kwargs={"public_id": application.public_id}))
    assert old_public.status_code == 302
    assert old_public["Location"] == reverse("public:round_result", kwargs={"round_id": round.id})
    listing = client.get(reverse("products:public_comments")).content.decode()
    assert reverse("public:round_result", kwargs={"round_id": round.id}) in listing
    login(cast.staff_hcm)
    old_staff = client.post(reverse("products:application_open_comment", kwargs={"public_id": scored[2].public_id}))
    assert old_staff["Location"] == reverse("products:round_comments", kwargs={"round_id": round.id})
