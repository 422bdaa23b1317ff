"""Journeys through the pages with the test client: the enterprise, staff, council and the public."""

import datetime

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from products.models import Application, Product, PublicComment, Recognition
from tests.products.conftest import PDF_BYTES

S = Application.Status


def test_enterprise_creates_a_product_and_applies(client, login, cast, round_setup, django_capture_on_commit_callbacks):
    login(cast.enterprise_a_user)
    client.post("/san-pham/cua-toi/san-pham/them/", {"name": "Tấm nhựa PVC Đồng Tiến", "sector": "rubber_plastics"})
    product = Product.objects.get(name="Tấm nhựa PVC Đồng Tiến")
    assert product.enterprise == cast.enterprise_a and product.search_text == " tam nhua pvc dong tien | cao su nhua # "

    response = client.post(
        "/san-pham/cua-toi/ho-so/tao/", {"product": product.id, "round": round_setup.round.id, "kind": "key"}
    )
    application = Application.objects.get(product=product)
    assert response.url == f"/san-pham/ho-so/{application.public_id}/"

    figures = {}
    for year in (2021, 2022, 2023):
        figures.update(
            {
                f"output_quantity_{year}": "1.250,5",
                f"output_unit_{year}": "tấn",
                f"revenue_{year}": "48.000",
                f"export_value_{year}": "0",
                f"workers_{year}": "120",
            }
        )
    client.post(
        f"/san-pham/ho-so/{application.public_id}/sua/",
        {
            "kind": "potential",
            "market_summary": "Thị phần 15%",
            "technical_summary": "ISO 9001",
            "social_summary": "Tái chế 90% phế liệu",
            **figures,
        },
    )
    assert application.figures.get(year=2023).labour_productivity == 400
    for document_type in round_setup.document_types[:2]:
        client.post(
            f"/san-pham/ho-so/{application.public_id}/tai-lieu/",
            {"document_type": document_type.id, "file": SimpleUploadedFile("ho-so.pdf", PDF_BYTES)},
        )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/san-pham/ho-so/{application.public_id}/chuyen-trang-thai/", {"to_status": S.SUBMITTED, "confirm": "1"}
        )

    application.refresh_from_db()
    assert (application.status, application.kind, application.documents.count()) == (S.SUBMITTED, "potential", 2)
    assert application.code == f"{round_setup.round.program.city.code.upper()}-2024-00001"
    assert len(mail.outbox) == 2


def test_a_product_cannot_apply_twice_in_a_round(client, login, cast, round_setup, make_application, product_a):
    make_application(S.DRAFT)
    login(cast.enterprise_a_user)
    response = client.post(
        "/san-pham/cua-toi/ho-so/tao/", {"product": product_a.id, "round": round_setup.round.id, "kind": "key"}
    )
    assert "đã có hồ sơ" in response.content.decode()
    assert Application.objects.count() == 1


def test_another_enterprises_product_cannot_be_chosen(client, login, cast, round_setup):
    from tests.factories import ProductFactory

    product_b = ProductFactory(enterprise=cast.enterprise_b)
    login(cast.enterprise_a_user)
    response = client.post(
        "/san-pham/cua-toi/ho-so/tao/", {"product": product_b.id, "round": round_setup.round.id, "kind": "key"}
    )
    assert response.status_code == 200
    assert not Application.objects.exists()


def test_staff_request_a_supplement_and_the_enterprise_sees_why(client, login, cast, make_application):
    application = make_application(S.UNDER_REVIEW)
    login(cast.staff_hcm)
    client.post(
        f"/san-pham/ho-so/{application.public_id}/chuyen-trang-thai/",
        {"to_status": S.SUPPLEMENT_REQUESTED, "note": "Bổ sung báo cáo tài chính 2023.", "confirm": "1"},
    )
    login(cast.enterprise_a_user)
    page = client.get(f"/san-pham/ho-so/{application.public_id}/").content.decode()
    assert "Yêu cầu bổ sung" in page and "Bổ sung báo cáo tài chính 2023." in page


def test_an_illegal_transition_shows_a_message(client, login, cast, make_application):
    application = make_application(S.SUBMITTED)
    login(cast.staff_hcm)
    response = client.post(
        f"/san-pham/ho-so/{application.public_id}/chuyen-trang-thai/", {"to_status": S.COUNCIL_SCORING}, follow=True
    )
    assert "Không thể chuyển hồ sơ" in response.content.decode()
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_council_member_scores_through_the_page(client, login, cast, make_application, round_setup):
    application = make_application(S.COUNCIL_SCORING)
    login(cast.official)
    url = f"/san-pham/hoi-dong/dot/{round_setup.round.id}/ho-so/{application.public_id}/"
    points = {f"c{c.id}": str(c.max_points - 2) for c in round_setup.criteria}
    client.post(url, points)
    application.refresh_from_db()
    assert application.score_average == 92

    too_much = {**points, f"c{round_setup.criteria[0].id}": "31"}
    response = client.post(url, too_much)
    assert response.status_code == 200 and "30" in response.content.decode()


def test_council_member_declares_a_conflict(client, login, cast, make_application, round_setup):
    application = make_application(S.COUNCIL_SCORING)
    login(cast.official)
    base = f"/san-pham/hoi-dong/dot/{round_setup.round.id}/ho-so/{application.public_id}/"
    client.post(base + "xung-dot/", {"reason": "Vợ làm kế toán của doanh nghiệp.", "confirm": "1"})
    page = client.get(base).content.decode()
    assert "không chấm điểm" in page
    assert application.conflicts.count() == 1


def test_staff_publish_for_comment_and_the_public_comments(client, login, cast, make_application, round_setup):
    """The round's list is published with one deadline and commented on the round's page (issue 16)."""
    application = make_application(S.COUNCIL_SCORING, score_average=81, score_count=3)
    round = round_setup.round
    round.scoring_closed_at = timezone.now()
    round.save(update_fields=["scoring_closed_at"])
    today = datetime.date.today()
    login(cast.staff_hcm)
    client.post(
        f"/san-pham/quan-ly/dot/{round.id}/cong-bo-ket-qua/",
        {
            "published_on": today.isoformat(),
            "comment_closes_on": (today + datetime.timedelta(days=15)).isoformat(),
            "confirm": "1",
        },
    )
    application.refresh_from_db()
    assert application.status == S.PUBLIC_COMMENT

    client.logout()
    result_url = f"/xet-chon/{round.id}/ket-qua/"
    assert result_url in client.get("/san-pham/lay-y-kien/").content.decode()
    client.post(
        result_url,
        {
            "application": application.id,
            "author_name": "Nguyễn Văn A",
            "author_email": "a@example.vn",
            "body": "Sản phẩm tốt, đề nghị công nhận.",
        },
    )
    assert PublicComment.objects.get().application == application
    # The commenter's email stays private: not on the public page, visible to staff.
    assert "a@example.vn" not in client.get(result_url).content.decode()
    login(cast.staff_hcm)
    assert "a@example.vn" in client.get(f"/san-pham/quan-ly/dot/{round.id}/y-kien/").content.decode()


def test_comments_outside_the_window_are_refused(client, make_application, round_setup):
    make_application(S.PUBLIC_COMMENT)  # window ended yesterday
    round = round_setup.round
    round.result_published_on = datetime.date.today() - datetime.timedelta(days=20)
    round.comment_closes_on = datetime.date.today() - datetime.timedelta(days=1)
    round.save(update_fields=["result_published_on", "comment_closes_on"])
    response = client.post(
        f"/xet-chon/{round.id}/ket-qua/", {"author_name": "Trần B", "body": "Ý kiến muộn"}, follow=True
    )
    assert "hết hạn góp ý" in response.content.decode()
    assert not PublicComment.objects.exists()


def test_applications_not_in_comment_are_not_public(client, make_application):
    application = make_application(S.UNDER_REVIEW)
    assert client.get(f"/san-pham/lay-y-kien/{application.public_id}/").status_code == 404
    assert client.get(f"/xet-chon/{application.round_id}/ket-qua/").status_code == 404


def test_staff_decide_a_round_from_its_page(client, login, cast, make_application, round_setup, signer):
    application = make_application(S.PUBLIC_COMMENT)
    login(cast.staff_hcm)
    response = client.post(
        f"/san-pham/quan-ly/dot/{round_setup.round.id}/",
        {
            "decision_number": "999/QĐ-UBND",
            "decision_date": datetime.date.today().isoformat(),
            "signer": signer.id,
            "confirm": "1",
        },
        follow=True,
    )
    assert "1 sản phẩm được công nhận" in response.content.decode()
    recognition = Recognition.objects.get(application=application)
    detail = client.get(f"/san-pham/ho-so/{application.public_id}/").content.decode()
    assert recognition.certificate_number in detail


def test_a_round_with_nothing_to_decide_says_so(client, login, cast, round_setup, signer):
    login(cast.staff_hcm)
    response = client.post(
        f"/san-pham/quan-ly/dot/{round_setup.round.id}/",
        {"decision_number": "999/QĐ-UBND", "decision_date": datetime.date.today().isoformat(), "signer": signer.id},
    )
    assert "Kết quả của đợt chưa được công bố" in response.content.decode()


def test_the_new_dossier_form_asks_to_choose_not_dashes(client, login, cast, round_setup, product_a):
    login(cast.enterprise_a_user)
    html = client.get("/san-pham/cua-toi/ho-so/tao/").content.decode()
    assert html.count(">Chọn…</option>") == 2
    assert "---------" not in html
