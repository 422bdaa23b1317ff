"""Sign-up → pending → verified (or rejected) by staff of the enterprise's city, with e-mails after commit."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from enterprises.models import AccountRequest, Enterprise
from enterprises.services import account_reject, account_signup, account_verify
from tests.conftest import PASSWORD

User = get_user_model()


def signup(tax_code, email="giamdoc@dongtien.vn"):
    return account_signup(
        email=email, tax_code=tax_code, password=PASSWORD, full_name="Nguyễn Văn An", phone="0903 123 456"
    )


def test_signup_creates_an_unlinked_enterprise_account_waiting_for_verification(cast):
    user = signup(cast.enterprise_a.tax_code, email="GiamDoc@DongTien.vn")
    assert user.role == User.Role.ENTERPRISE
    assert user.enterprise is None
    assert user.email == "giamdoc@dongtien.vn"
    assert user.claimed_tax_code == cast.enterprise_a.tax_code
    assert user.account_request.status == AccountRequest.Status.PENDING
    assert user.check_password(PASSWORD)


def test_signup_normalises_a_branch_tax_code(db):
    user = signup("0100233488-001")
    assert user.claimed_tax_code == "0100233488001"


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("tax_code", {"tax_code": "0100233487"}),
        ("tax_code", {"tax_code": "ABC"}),
        ("email", {"email": "khong-phai-email"}),
        ("password", {"password": "123"}),
        ("full_name", {"full_name": "  "}),
    ],
)
def test_signup_refuses_bad_input_and_creates_nothing(db, field, overrides):
    data = {"email": "a@b.vn", "tax_code": "0100233488", "password": PASSWORD, "full_name": "An", "phone": ""}
    with pytest.raises(ValidationError) as exc:
        account_signup(**{**data, **overrides})
    assert field in exc.value.message_dict
    assert not User.objects.exists()


def test_email_is_unique_whatever_its_case(db, django_capture_on_commit_callbacks):
    signup("0100233488", email="an@dongtien.vn")
    mail.outbox.clear()
    # A taken address is not refused (that would tell who has an account): nothing is created, and the owner
    # of the address is told by e-mail instead (tests/security/test_signup_enumeration.py).
    with django_capture_on_commit_callbacks(execute=True):
        assert signup("0100233488", email="AN@DongTien.VN") is None
    assert User.objects.count() == 1
    assert [message.to for message in mail.outbox] == [["an@dongtien.vn"]]


def test_staff_of_the_enterprise_city_verify_and_link_the_account(cast):
    user = signup(cast.enterprise_a.tax_code)
    account_verify(actor=cast.staff_hcm, user=user)
    user.refresh_from_db()
    assert user.enterprise == cast.enterprise_a
    request = user.account_request
    assert (request.status, request.decided_by) == (AccountRequest.Status.VERIFIED, cast.staff_hcm)


def test_staff_of_another_city_cannot_verify(cast):
    user = signup(cast.enterprise_a.tax_code)
    with pytest.raises(PermissionDenied):
        account_verify(actor=cast.staff_hanoi, user=user)
    user.refresh_from_db()
    assert user.enterprise is None


def test_verifying_an_unregistered_tax_code_needs_the_enterprise_minimum(cast):
    user = signup("0300588569")
    with pytest.raises(ValidationError):
        account_verify(actor=cast.staff_hcm, user=user)
    with pytest.raises(ValidationError):  # a Hanoi enterprise is not HCMC staff's to create
        account_verify(
            actor=cast.staff_hcm,
            user=user,
            new_enterprise={"name": "Công ty X", "province": "Hà Nội", "ownership": "private", "sector": "food"},
        )
    enterprise = account_verify(
        actor=cast.staff_hcm,
        user=user,
        new_enterprise={
            "name": "Công ty CP Cơ khí Phú Thọ",
            "province": "TPHCM",
            "ownership": "private",
            "sector": "mechanical",
        },
    )
    assert enterprise.tax_code == "0300588569"
    assert enterprise.province == "TP Hồ Chí Minh"
    user.refresh_from_db()
    assert user.enterprise == enterprise


def test_reject_needs_a_reason_and_a_decision_is_final(cast):
    user = signup(cast.enterprise_a.tax_code)
    with pytest.raises(ValidationError):
        account_reject(actor=cast.staff_hcm, user=user, reason=" ")
    account_reject(actor=cast.staff_hcm, user=user, reason="Mã số thuế không khớp với giấy phép.")
    user.refresh_from_db()
    assert user.account_request.status == AccountRequest.Status.REJECTED
    assert user.enterprise is None
    with pytest.raises(ValidationError):
        account_verify(actor=cast.staff_hcm, user=user)


def test_emails_are_sent_after_commit(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        user = signup(cast.enterprise_a.tax_code)
    assert mail.outbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["giamdoc@dongtien.vn"]
    assert cast.enterprise_a.tax_code in mail.outbox[0].body

    with django_capture_on_commit_callbacks(execute=True):
        account_verify(actor=cast.staff_hcm, user=user)
    assert len(mail.outbox) == 2
    assert "đã được xác minh" in mail.outbox[1].subject
    assert cast.enterprise_a.name in mail.outbox[1].body


def test_rejection_email_carries_the_reason_and_is_not_sent_twice(cast, django_capture_on_commit_callbacks):
    from enterprises.tasks import send_account_email

    user = signup(cast.enterprise_a.tax_code)
    with django_capture_on_commit_callbacks(execute=True):
        account_reject(actor=cast.staff_hcm, user=user, reason="Thiếu giấy phép kinh doanh.")
    assert [m.to for m in mail.outbox] == [["giamdoc@dongtien.vn"]]
    assert "Thiếu giấy phép kinh doanh." in mail.outbox[0].body
    send_account_email.delay(user.pk, "rejected")  # a second delivery of the same task
    assert len(mail.outbox) == 1


# --- Pages -------------------------------------------------------------------------------------------


def test_signup_page_then_staff_verify_through_the_pages(cast, client, login, django_capture_on_commit_callbacks):
    data = {
        "full_name": "Trần Thị Bình",
        "email": "binh@dongtien.vn",
        "phone": "",
        "tax_code": cast.enterprise_a.tax_code,
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("enterprises:signup"), data)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    user = User.objects.get(email="binh@dongtien.vn")

    login(user)
    pending = client.get(reverse("enterprises:profile"))
    assert "Chờ xác minh" in pending.content.decode()

    request = user.account_request
    login(cast.staff_hanoi)
    assert cast.enterprise_a.name not in client.get(reverse("enterprises:verify_accounts")).content.decode()
    url = reverse("enterprises:account_verify", kwargs={"public_id": request.public_id})
    assert client.post(url).status_code == 404

    login(cast.staff_hcm)
    page = client.get(reverse("enterprises:verify_accounts")).content.decode()
    assert "binh@dongtien.vn" in page and cast.enterprise_a.name in page
    # The first post asks for confirmation and changes nothing; the confirmed one links the account.
    assert "Xác minh và liên kết tài khoản" in client.post(url).content.decode()
    user.refresh_from_db()
    assert user.enterprise is None
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"confirm": "1"}).status_code == 302
    user.refresh_from_db()
    assert user.enterprise == cast.enterprise_a
    assert len(mail.outbox) == 2


def test_signup_page_shows_errors_in_vietnamese(db, client):
    data = {
        "full_name": "An",
        "email": "an@x.vn",
        "tax_code": "0100233487",
        "password": PASSWORD,
        "password_again": PASSWORD,
    }
    response = client.post(reverse("enterprises:signup"), data)
    assert response.status_code == 200
    assert "chữ số kiểm tra không khớp" in response.content.decode()
    assert not User.objects.exists()


def test_reject_through_the_page(cast, client, login):
    user = signup(cast.enterprise_b.tax_code)
    login(cast.staff_hcm)
    url = reverse("enterprises:account_reject", kwargs={"public_id": user.account_request.public_id})
    prefix = f"r-{user.account_request.public_id}"
    assert client.post(url, {f"{prefix}-reason": ""}).status_code == 200
    assert client.post(url, {f"{prefix}-reason": "Sai mã số thuế", "confirm": "1"}).status_code == 302
    assert AccountRequest.objects.get(user=user).reason == "Sai mã số thuế"
    assert Enterprise.objects.count() == 2


def test_verify_page_explains_what_an_unregistered_tax_code_needs(cast, login):
    user = signup("0300588569")
    client = login(cast.staff_hcm)
    prefix = str(user.account_request.public_id)
    url = reverse("enterprises:account_verify", kwargs={"public_id": user.account_request.public_id})
    response = client.post(url, {f"{prefix}-name": "Công ty Y", "confirm": "1"})
    assert response.status_code == 200
    assert "Trường này là bắt buộc" in response.content.decode()
    data = {f"{prefix}-name": "Công ty Y", f"{prefix}-province": "Hà Nội"}
    data |= {f"{prefix}-ownership": "private", f"{prefix}-sector": "food", "confirm": "1"}
    response = client.post(url, data)
    assert "thuộc thành phố mình phụ trách" in response.content.decode()
    assert not Enterprise.objects.filter(tax_code="0300588569").exists()
