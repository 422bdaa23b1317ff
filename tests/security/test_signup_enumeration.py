"""The sign-up page does not tell who has an account: a taken e-mail address gets the same page and status as a
new one, and its owner is told by e-mail, after commit, that someone tried to sign up with it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _form(cast, email):
    return {
        "full_name": "Trần Thị Bình",
        "email": email,
        "phone": "",
        "tax_code": cast.enterprise_a.tax_code,
        "password": PASSWORD,
        "password_again": PASSWORD,
    }


def _sign_up(client, data, capture):
    with capture(execute=True):
        response = client.post(reverse("enterprises:signup"), data)
    return response, [str(message) for message in get_messages(response.wsgi_request)]


def test_a_taken_address_gets_the_same_answer_as_a_new_one(client, cast, django_capture_on_commit_callbacks):
    owner = cast.enterprise_a_user
    owner.email = "giamdoc@dongtien.vn"
    owner.save(update_fields=["email"])
    accounts = User.objects.count()

    new, new_messages = _sign_up(client, _form(cast, "moi@dongtien.vn"), django_capture_on_commit_callbacks)
    visitor = Client()  # another visitor, so that the first one's message is not carried over
    taken, taken_messages = _sign_up(visitor, _form(cast, "GiamDoc@DongTien.vn"), django_capture_on_commit_callbacks)

    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"]) == (302, reverse("login"))
    assert taken_messages == new_messages
    assert "Chúng tôi đã gửi thư đến địa chỉ email bạn nhập" in taken_messages[0]
    assert "đã được dùng" not in visitor.get(reverse("login")).content.decode()
    # Only the new address got an account; the owner of the taken one got a notice instead.
    assert User.objects.count() == accounts + 1
    notice = next(message for message in mail.outbox if message.to == ["giamdoc@dongtien.vn"])
    assert notice.subject == "Có người đăng ký tài khoản bằng email của Quý vị"
    assert reverse("login") in notice.body
    assert reverse("password_reset") in notice.body
    assert "không có tài khoản mới nào được tạo" in notice.body
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)  # the owner's account is untouched


def test_the_notice_is_sent_after_commit_and_once_an_hour(client, cast, django_capture_on_commit_callbacks):
    taken = _form(cast, cast.staff_hcm.email)
    with django_capture_on_commit_callbacks() as callbacks:
        client.post(reverse("enterprises:signup"), taken)
    assert mail.outbox == [] and len(callbacks) == 1
    callbacks[0]()
    assert len(mail.outbox) == 1

    _sign_up(client, taken, django_capture_on_commit_callbacks)
    _sign_up(client, taken, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1  # the form cannot be used to flood the owner's mailbox


def test_bad_input_with_a_taken_address_shows_the_same_errors_as_with_a_new_one(client, cast):
    weak = {"password": "123", "password_again": "123"}
    taken = client.post(reverse("enterprises:signup"), {**_form(cast, cast.staff_hcm.email), **weak})
    new = client.post(reverse("enterprises:signup"), {**_form(cast, "moi@dongtien.vn"), **weak})

    assert taken.status_code == new.status_code == 200
    assert taken.context["form"].errors == new.context["form"].errors
    assert "email" not in taken.context["form"].errors
    assert mail.outbox == []
