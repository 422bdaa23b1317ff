"""Every irreversible action on a dossier asks first: its first post shows a confirmation page that says what will
happen and changes nothing; only the confirmed post acts. The confirmation works without JavaScript."""

import datetime

import pytest
from django.utils import timezone

from products.models import Application, ApplicationDocument, ConflictDeclaration, Recognition
from tests.products.conftest import pdf_file

S = Application.Status
pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def _snapshot(application: Application) -> tuple:
    """What an action could change on an application, to compare before and after an unconfirmed post."""
    application.refresh_from_db()
    return (
        application.status,
        application.comment_opens_on,
        application.comment_closes_on,
        application.events.count(),
        application.documents.count(),
        ConflictDeclaration.objects.filter(application=application).count(),
        Recognition.objects.filter(application=application).count(),
    )


def _is_confirmation(response, label: str) -> bool:
    html = response.content.decode()
    return (
        response.status_code == 200
        and 'class="confirm-form"' in html
        and 'name="confirm" value="1"' in html
        and "Điều gì sẽ xảy ra" in html
        and label in html
    )


def _transition_url(application) -> str:
    return f"/san-pham/ho-so/{application.public_id}/chuyen-trang-thai/"


# (status before, role, target status, the button's label, a note the step needs)
STEPS = [
    (S.DRAFT, "enterprise", S.SUBMITTED, "Nộp hồ sơ", ""),
    (S.DRAFT, "enterprise", S.WITHDRAWN, "Rút hồ sơ", ""),
    (S.PUBLIC_COMMENT, "enterprise", S.WITHDRAWN, "Rút hồ sơ", ""),
    (S.SUPPLEMENT_REQUESTED, "enterprise", S.RESUBMITTED, "Nộp hồ sơ bổ sung", ""),
    (S.SUBMITTED, "staff", S.UNDER_REVIEW, "Tiếp nhận và thẩm định", ""),
    (S.UNDER_REVIEW, "staff", S.SUPPLEMENT_REQUESTED, "Yêu cầu bổ sung", "Bổ sung báo cáo tài chính 2023."),
    (S.UNDER_REVIEW, "staff", S.COUNCIL_SCORING, "Chuyển hội đồng chấm điểm", ""),
    (S.UNDER_REVIEW, "staff", S.REJECTED, "Không công nhận", "Sản phẩm không thuộc danh mục ngành."),
    (S.COUNCIL_SCORING, "staff", S.REJECTED, "Không công nhận", "Không đủ điều kiện."),
]


@pytest.mark.parametrize(("before", "role", "to_status", "label", "note"), STEPS)
def test_a_workflow_step_is_confirmed_before_it_happens(
    client, login, cast, make_application, with_required_documents, before, role, to_status, label, note
):
    application = with_required_documents(make_application(before))
    login(cast.enterprise_a_user if role == "enterprise" else cast.staff_hcm)
    # The page names the step by what it does.
    assert f">{label}</button>" in client.get(f"/san-pham/ho-so/{application.public_id}/").content.decode()
    unchanged = _snapshot(application)

    response = client.post(_transition_url(application), {"to_status": to_status, "note": note})

    assert _is_confirmation(response, label)
    assert _snapshot(application) == unchanged
    html = response.content.decode()
    assert f'name="to_status" value="{to_status}"' in html
    assert note in html  # the note typed on the dossier's page comes along, to be read once more

    response = client.post(_transition_url(application), {"to_status": to_status, "note": note, "confirm": "1"})

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == to_status
    assert application.events.order_by("-id").first().note == note


def test_a_step_that_needs_a_reason_asks_for_it_on_the_confirmation_page(client, login, cast, make_application):
    application = make_application(S.UNDER_REVIEW)
    login(cast.staff_hcm)
    unchanged = _snapshot(application)

    first = client.post(_transition_url(application), {"to_status": S.SUPPLEMENT_REQUESTED})
    assert _is_confirmation(first, "Nội dung cần bổ sung")
    assert "Chưa thực hiện được" not in first.content.decode()  # no error before the user had a chance

    emptied = client.post(_transition_url(application), {"to_status": S.SUPPLEMENT_REQUESTED, "confirm": "1"})
    assert _is_confirmation(emptied, "Nội dung cần bổ sung")
    assert "Trường này là bắt buộc." in emptied.content.decode()
    assert _snapshot(application) == unchanged


def test_a_step_not_offered_is_refused_without_a_confirmation_page(client, login, cast, make_application):
    application = make_application(S.SUBMITTED)
    login(cast.staff_hcm)
    unchanged = _snapshot(application)
    response = client.post(_transition_url(application), {"to_status": S.COUNCIL_SCORING}, follow=True)
    assert "Không thể chuyển hồ sơ" in response.content.decode()
    assert 'class="confirm-form"' not in response.content.decode()
    assert _snapshot(application) == unchanged


def test_public_comment_and_recognition_have_no_plain_button(client, login, cast, make_application):
    """They need dates or a decision, asked by their own forms."""
    login(cast.staff_hcm)
    scoring = make_application(S.COUNCIL_SCORING)
    html = client.get(f"/san-pham/ho-so/{scoring.public_id}/").content.decode()
    assert f'data-to="{S.PUBLIC_COMMENT}"' not in html and f'data-to="{S.RECOGNISED}"' not in html
    # Published for the whole round from its comment page (issue 16), not per dossier.
    assert "Công bố kết quả và ý kiến của đợt" in html


def test_deleting_a_document_is_confirmed(client, login, cast, make_application, round_setup):
    application = make_application(S.DRAFT)
    login(cast.enterprise_a_user)
    client.post(
        f"/san-pham/ho-so/{application.public_id}/tai-lieu/",
        {"document_type": round_setup.document_types[0].id, "file": pdf_file("giay-phep.pdf")},
    )
    document = ApplicationDocument.objects.get(application=application)
    url = f"/san-pham/ho-so/{application.public_id}/tai-lieu/{document.public_id}/xoa/"
    unchanged = _snapshot(application)

    response = client.post(url)

    assert _is_confirmation(response, "Xóa tài liệu")
    assert "giay-phep.pdf" in response.content.decode()
    assert _snapshot(application) == unchanged
    assert document.file.storage.exists(document.file.name)

    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert not ApplicationDocument.objects.filter(pk=document.pk).exists()


def test_publishing_for_public_comment_is_confirmed(client, login, cast, make_application, round_setup):
    """The round's whole list is published with one deadline, confirmed first (replaces the per-dossier form)."""
    application = make_application(S.COUNCIL_SCORING, score_average=81, score_count=3)
    round_setup.round.scoring_closed_at = timezone.now()
    round_setup.round.save(update_fields=["scoring_closed_at"])
    login(cast.staff_hcm)
    url = f"/san-pham/quan-ly/dot/{round_setup.round.id}/cong-bo-ket-qua/"
    data = {"published_on": TODAY.isoformat(), "comment_closes_on": (TODAY + datetime.timedelta(days=15)).isoformat()}
    unchanged = _snapshot(application)

    response = client.post(url, data)

    assert _is_confirmation(response, "Công bố kết quả lấy ý kiến")
    html = response.content.decode()
    assert f'name="published_on" value="{data["published_on"]}"' in html  # the chosen window is carried along
    assert f'name="comment_closes_on" value="{data["comment_closes_on"]}"' in html
    assert _snapshot(application) == unchanged

    client.post(url, {**data, "confirm": "1"})
    application.refresh_from_db()
    assert (application.status, application.comment_opens_on) == (S.PUBLIC_COMMENT, TODAY)


def test_declaring_a_conflict_is_confirmed(client, login, cast, make_application, round_setup):
    application = make_application(S.COUNCIL_SCORING)
    login(cast.official)
    url = f"/san-pham/hoi-dong/dot/{round_setup.round.id}/ho-so/{application.public_id}/xung-dot/"
    unchanged = _snapshot(application)

    response = client.post(url, {"reason": "Vợ làm kế toán của doanh nghiệp."})

    assert _is_confirmation(response, "Khai báo xung đột lợi ích")
    assert "Vợ làm kế toán của doanh nghiệp." in response.content.decode()  # shown again, still editable
    assert _snapshot(application) == unchanged

    emptied = client.post(url, {"reason": " ", "confirm": "1"})
    assert _is_confirmation(emptied, "Khai báo xung đột lợi ích")
    assert _snapshot(application) == unchanged

    client.post(url, {"reason": "Vợ làm kế toán của doanh nghiệp.", "confirm": "1"})
    assert ConflictDeclaration.objects.filter(application=application).count() == 1


def test_the_rounds_decision_is_confirmed_with_the_dossiers_it_settles(
    client, login, cast, make_application, round_setup, signer
):
    application = make_application(S.PUBLIC_COMMENT)
    login(cast.staff_hcm)
    url = f"/san-pham/quan-ly/dot/{round_setup.round.id}/"
    data = {"decision_number": "999/QĐ-UBND", "decision_date": TODAY.isoformat(), "signer": signer.id}
    unchanged = _snapshot(application)

    response = client.post(url, data)

    assert _is_confirmation(response, "Ra quyết định công nhận")
    html = response.content.decode()
    assert application.product.name in html and "999/QĐ-UBND" in html
    assert 'name="decision_number" value="999/QĐ-UBND"' in html
    assert _snapshot(application) == unchanged

    client.post(url, {**data, "confirm": "1"})
    assert Recognition.objects.filter(application=application).exists()


def test_a_confirmation_page_is_not_reachable_by_a_get(client, login, cast, make_application):
    application = make_application(S.DRAFT)
    login(cast.enterprise_a_user)
    assert client.get(_transition_url(application), {"to_status": S.WITHDRAWN, "confirm": "1"}).status_code == 405
    application.refresh_from_db()
    assert application.status == S.DRAFT
