"""Password reset by e-mail (Django's views and tokens) and password change.

The reset page answers the same whether or not the address has an account, sends the mail only when it has,
and stops sending after a few requests an hour; the link it sends sets a new password once."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from portal.accounts import RESET_LIMITS
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Cay-Lua-Vang-Mua-He-2031"


@pytest.fixture(autouse=True)
def _fresh_rate_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def enterprise_user(db):
    return UserFactory(username="lan.nguyen@congthuong.vn", email="lan.nguyen@congthuong.vn", role="enterprise")


def request_reset(client, email):
    return client.post(reverse("password_reset"), {"email": email})


def reset_link(message) -> str:
    match = re.search(r"https?://\S+/mat-khau/dat-lai/\S+/", message.body)
    assert match, message.body
    return match.group(0)


def without_csrf_token(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_reset_page_is_vietnamese_and_labelled(client, db):
    response = client.get(reverse("password_reset"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Quên mật khẩu</h1>" in html
    assert '<label for="id_email">Email của tài khoản</label>' in html


def test_known_address_gets_a_vietnamese_mail_with_a_link(client, enterprise_user, settings):
    settings.SITE_URL = "https://congthuong.example.vn"

    response = request_reset(client, "Lan.Nguyen@CongThuong.vn")

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lan.nguyen@congthuong.vn"]
    assert message.subject == "Đặt lại mật khẩu trên Cổng thông tin Chương trình hỗ trợ phát triển công nghiệp"
    assert "Xin chào" in message.body
    assert "chỉ dùng được một lần" in message.body
    assert "Liên kết hết hạn sau 3 ngày." in message.body
    assert reset_link(message).startswith("https://congthuong.example.vn/mat-khau/dat-lai/")


def test_unknown_address_gets_the_same_answer_and_no_mail(client, enterprise_user):
    known = request_reset(client, "lan.nguyen@congthuong.vn")
    known_page = client.get(known["Location"])
    mail.outbox.clear()

    unknown = request_reset(client, "khong.co@congthuong.vn")
    unknown_page = client.get(unknown["Location"])

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert unknown_page.status_code == known_page.status_code == 200
    assert without_csrf_token(unknown_page) == without_csrf_token(known_page)
    assert "Kiểm tra hộp thư" in unknown_page.content.decode()
    assert mail.outbox == []


@pytest.mark.parametrize("account", ["inactive", "no_password"])
def test_accounts_that_cannot_sign_in_get_no_mail(client, db, account):
    user = UserFactory(username="khoa", email="khoa@congthuong.vn", role="official")
    if account == "inactive":
        user.is_active = False
    else:
        user.set_unusable_password()
    user.save()

    response = request_reset(client, "khoa@congthuong.vn")

    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_an_invalid_address_is_refused_in_vietnamese(client, db):
    response = request_reset(client, "khong-phai-email")
    assert response.status_code == 200
    assert "Nhập một địa chỉ email hợp lệ." in response.content.decode()
    assert mail.outbox == []


def test_the_link_sets_a_new_password_once(client, enterprise_user):
    request_reset(client, "lan.nguyen@congthuong.vn")
    link = path_of(reset_link(mail.outbox[0]))

    # Django swaps the token for a session key first, so that it does not leak through the Referer header.
    opened = client.get(link)
    assert opened.status_code == 302
    form_page = client.get(opened["Location"])
    assert form_page.status_code == 200
    assert "<h1>Đặt mật khẩu mới</h1>" in form_page.content.decode()

    saved = client.post(opened["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert saved.status_code == 302
    assert saved["Location"] == reverse("password_reset_complete")
    assert "Đã đặt mật khẩu mới" in client.get(saved["Location"]).content.decode()

    enterprise_user.refresh_from_db()
    assert enterprise_user.check_password(NEW_PASSWORD)
    assert not enterprise_user.check_password(PASSWORD)
    login = client.post(reverse("login"), {"username": "lan.nguyen@congthuong.vn", "password": NEW_PASSWORD})
    assert login.status_code == 302

    # The same link again: refused, the password stays.
    client.logout()
    used = client.get(link, follow=True)
    assert used.status_code == 200
    html = used.content.decode()
    assert "Liên kết không còn hiệu lực" in html
    assert 'name="new_password1"' not in html
    enterprise_user.refresh_from_db()
    assert enterprise_user.check_password(NEW_PASSWORD)


def test_a_weak_new_password_is_refused_and_changes_nothing(client, enterprise_user):
    request_reset(client, "lan.nguyen@congthuong.vn")
    opened = client.get(path_of(reset_link(mail.outbox[0])))

    response = client.post(opened["Location"], {"new_password1": "12345678", "new_password2": "12345678"})

    assert response.status_code == 200
    assert 'class="field has-error"' in response.content.decode()
    enterprise_user.refresh_from_db()
    assert enterprise_user.check_password(PASSWORD)


def test_a_forged_token_is_refused(client, enterprise_user):
    response = client.get(reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "abc-123"}))
    assert response.status_code == 200
    assert "Liên kết không còn hiệu lực" in response.content.decode()


def test_after_a_few_requests_an_hour_no_more_mail_and_the_same_answer(client, enterprise_user):
    limit = RESET_LIMITS["email"]
    answers = [request_reset(client, "lan.nguyen@congthuong.vn") for _ in range(limit + 2)]

    assert {(a.status_code, a["Location"]) for a in answers} == {(302, reverse("password_reset_done"))}
    assert len(mail.outbox) == limit


def test_one_client_cannot_mail_many_addresses(client, db):
    for n in range(RESET_LIMITS["ip"] + 3):
        UserFactory(username=f"u{n}", email=f"u{n}@congthuong.vn", role="official")
    for n in range(RESET_LIMITS["ip"] + 3):
        assert request_reset(client, f"u{n}@congthuong.vn").status_code == 302
    assert len(mail.outbox) == RESET_LIMITS["ip"]


def test_mail_is_in_english_when_asked_in_english(client, enterprise_user):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    request_reset(client, "lan.nguyen@congthuong.vn")
    message = mail.outbox[0]
    assert message.subject == "Password reset on the Industrial Development Support Programmes portal"
    assert "The link expires in 3 days." in message.body
    assert "Xin chào" not in message.body


# ---------------------------------------------------------------- password change


def test_signed_in_user_changes_their_password(client, login, cast):
    login(cast.official)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200
    assert "<h1>Đổi mật khẩu</h1>" in page.content.decode()

    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("password_change_done")
    assert client.get(reverse("password_change_done")).status_code == 200  # still signed in
    assert get_user_model().objects.get(pk=cast.official.pk).check_password(NEW_PASSWORD)


def test_a_wrong_current_password_changes_nothing(client, login, cast):
    login(cast.official)
    response = client.post(
        reverse("password_change"),
        {"old_password": "sai-mat-khau-123", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert get_user_model().objects.get(pk=cast.official.pk).check_password(PASSWORD)


def test_password_change_asks_an_anonymous_visitor_to_sign_in(client, db):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_admin_password_change_keeps_the_admin_layout(client, login, cast):
    """The portal's change pages have template names of their own, so the admin's stays the admin's."""
    login(cast.admin)
    html = client.get(reverse("admin:password_change")).content.decode()
    assert 'id="site-nav"' not in html
