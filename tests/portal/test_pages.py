"""Login and error pages: labelled fields, Vietnamese messages."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_form_fields_are_labelled(client):
    html = client.get(reverse("login")).content.decode()
    # Enterprise accounts sign in with their e-mail, staff with a user name; the field takes either.
    assert '<label for="id_username">Email hoặc tên đăng nhập</label>' in html
    assert '<label for="id_password">Mật khẩu</label>' in html


def test_wrong_password_is_refused_in_vietnamese(client, cast):
    response = client.post(reverse("login"), {"username": "canbo.hcm", "password": "sai-mat-khau"})

    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="form-errors" role="alert"' in html
    assert "mật khẩu chính xác" in html
    assert "_auth_user_id" not in client.session


def test_empty_login_names_the_missing_fields(client, db):
    html = client.post(reverse("login"), {"username": "", "password": ""}).content.decode()
    assert html.count("Trường này là bắt buộc.") == 2


def test_correct_password_signs_in(client, cast):
    response = client.post(reverse("login"), {"username": "canbo.hcm", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cast.staff_hcm.pk)


def test_unknown_page_answers_404_in_vietnamese(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.parametrize(
    ("template", "text"),
    [("403.html", "Không có quyền truy cập"), ("500.html", "Lỗi hệ thống"), ("503.html", "Hệ thống đang bảo trì")],
)
def test_error_pages_are_vietnamese(template, text):
    # 500 is rendered by Django without a request; the others must work the same way.
    html = render_to_string(template)
    assert text in html
    assert "Về trang chủ" in html
