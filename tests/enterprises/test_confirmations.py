"""Verifying or rejecting an enterprise account cannot be undone: the first post shows a confirmation page and
changes nothing; only the confirmed post decides."""

import pytest
from django.core import mail
from django.urls import reverse

from enterprises.models import AccountRequest, Enterprise
from enterprises.services import account_signup
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def signup(tax_code, email="giamdoc@dongtien.vn"):
    return account_signup(email=email, tax_code=tax_code, password=PASSWORD, full_name="Nguyễn Văn An", phone="")


def _state(user) -> tuple:
    user.refresh_from_db()
    request = AccountRequest.objects.get(user=user)
    return user.enterprise_id, request.status, request.reason, Enterprise.objects.count(), len(mail.outbox)


def _is_confirmation(response, label: str) -> bool:
    html = response.content.decode()
    return response.status_code == 200 and 'name="confirm" value="1"' in html and label in html


def test_verifying_an_account_is_confirmed(cast, login, django_capture_on_commit_callbacks):
    user = signup(cast.enterprise_a.tax_code)
    client = login(cast.staff_hcm)
    url = reverse("enterprises:account_verify", kwargs={"public_id": user.account_request.public_id})
    unchanged = _state(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert _is_confirmation(response, "Xác minh và liên kết tài khoản")
    html = response.content.decode()
    assert cast.enterprise_a.name in html and "giamdoc@dongtien.vn" in html
    assert _state(user) == unchanged

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"confirm": "1"}).status_code == 302
    user.refresh_from_db()
    assert user.enterprise == cast.enterprise_a


def test_verifying_with_a_new_enterprise_carries_its_details_to_the_confirmation(cast, login):
    user = signup("0300588569")
    client = login(cast.staff_hcm)
    prefix = str(user.account_request.public_id)
    url = reverse("enterprises:account_verify", kwargs={"public_id": user.account_request.public_id})
    data = {f"{prefix}-name": "Công ty TNHH Y", f"{prefix}-province": "TP Hồ Chí Minh"}
    data |= {f"{prefix}-ownership": "private", f"{prefix}-sector": "food"}
    unchanged = _state(user)

    response = client.post(url, data)

    assert _is_confirmation(response, "Hồ sơ mới: Công ty TNHH Y")
    assert f'name="{prefix}-name" value="Công ty TNHH Y"' in response.content.decode()
    assert _state(user) == unchanged


def test_verifying_without_an_enterprise_to_link_says_what_is_missing_instead(cast, login):
    user = signup("0300588569")
    client = login(cast.staff_hcm)
    url = reverse("enterprises:account_verify", kwargs={"public_id": user.account_request.public_id})
    unchanged = _state(user)
    response = client.post(url)
    assert response.status_code == 200 and 'name="confirm"' not in response.content.decode()
    assert "Chưa có doanh nghiệp với mã số thuế" in response.content.decode()
    assert _state(user) == unchanged


def test_rejecting_an_account_is_confirmed(cast, login, django_capture_on_commit_callbacks):
    user = signup(cast.enterprise_b.tax_code)
    client = login(cast.staff_hcm)
    public_id = user.account_request.public_id
    url = reverse("enterprises:account_reject", kwargs={"public_id": public_id})
    field = f"r-{public_id}-reason"
    unchanged = _state(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {field: "Mã số thuế không khớp với giấy phép."})

    assert _is_confirmation(response, "Từ chối tài khoản")
    assert "Mã số thuế không khớp với giấy phép." in response.content.decode()
    assert _state(user) == unchanged

    # A reason emptied on the confirmation page is asked for there again.
    emptied = client.post(url, {field: "", "confirm": "1"})
    assert _is_confirmation(emptied, "Từ chối tài khoản")
    assert _state(user) == unchanged

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {field: "Mã số thuế không khớp với giấy phép.", "confirm": "1"})
    assert AccountRequest.objects.get(user=user).status == AccountRequest.Status.REJECTED
