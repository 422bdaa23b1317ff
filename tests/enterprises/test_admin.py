"""The admin keeps the enterprise rules of the portal: a tax code must be a valid MST, stored in its canonical form."""

import pytest
from django.urls import reverse

from enterprises.models import AccountRequest, Enterprise
from tests.admin_forms import admin_form_data

INVALID_CHECKSUM = "0100233480"  # 0100233488 with a wrong check digit
CHECKSUM_MESSAGE = "Mã số thuế không hợp lệ: chữ số kiểm tra không khớp."


@pytest.fixture
def admin_client(login, cast):
    return login(cast.admin)


def _add_data(admin_client, **changes):
    page = admin_client.get(reverse("admin:enterprises_enterprise_add"))
    assert page.status_code == 200
    base = {
        "name": "Công ty TNHH Cao su Bình Minh",
        "province": "TP Hồ Chí Minh",
        "ownership": Enterprise.Ownership.PRIVATE,
        "sector": "rubber_plastics",
        "employees": "40",
        "revenue": "12",
        "capital": "5",
    }
    return admin_form_data(page, **{**base, **changes})


def test_admin_add_refuses_an_invalid_tax_code_in_vietnamese(admin_client):
    before = Enterprise.objects.count()
    response = admin_client.post(
        reverse("admin:enterprises_enterprise_add"), _add_data(admin_client, tax_code=INVALID_CHECKSUM)
    )

    assert response.status_code == 200
    assert CHECKSUM_MESSAGE in response.content.decode()
    assert Enterprise.objects.count() == before
    assert not Enterprise.objects.filter(tax_code=INVALID_CHECKSUM).exists()


def test_admin_change_refuses_an_invalid_tax_code_and_keeps_the_record(admin_client, cast):
    enterprise = cast.enterprise_a
    url = reverse("admin:enterprises_enterprise_change", args=[enterprise.pk])
    data = admin_form_data(admin_client.get(url), tax_code=INVALID_CHECKSUM, name="Tên đã đổi")

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert CHECKSUM_MESSAGE in response.content.decode()
    enterprise.refresh_from_db()
    assert enterprise.tax_code != INVALID_CHECKSUM
    assert enterprise.name == "Công ty TNHH Nhựa Đồng Tiến"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("01002334", "Mã số thuế phải có 10 chữ số, hoặc 13 chữ số đối với chi nhánh."),
        ("01002334AB", "Mã số thuế chỉ gồm chữ số"),
    ],
)
def test_admin_refuses_tax_codes_of_the_wrong_shape(admin_client, written, message):
    response = admin_client.post(reverse("admin:enterprises_enterprise_add"), _add_data(admin_client, tax_code=written))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Enterprise.objects.filter(name="Công ty TNHH Cao su Bình Minh").exists()


def test_admin_stores_a_branch_code_in_canonical_form_and_the_province_by_its_name(admin_client):
    response = admin_client.post(
        reverse("admin:enterprises_enterprise_add"),
        _add_data(admin_client, tax_code=" 0100233488-001 ", province="tp hcm"),
    )
    assert response.status_code == 302
    enterprise = Enterprise.objects.get(name="Công ty TNHH Cao su Bình Minh")
    assert enterprise.tax_code == "0100233488001"
    assert enterprise.province == "TP Hồ Chí Minh"
    assert enterprise.sme_size  # derived, as the services do


def test_admin_refuses_a_tax_code_already_registered(admin_client, cast):
    response = admin_client.post(
        reverse("admin:enterprises_enterprise_add"), _add_data(admin_client, tax_code=cast.enterprise_a.tax_code)
    )
    assert response.status_code == 200
    assert "Đã có doanh nghiệp với mã số thuế này trong hệ thống." in response.content.decode()


def test_the_model_rule_holds_outside_the_admin(cast):
    from django.core.exceptions import ValidationError

    enterprise = cast.enterprise_a
    enterprise.tax_code = INVALID_CHECKSUM
    with pytest.raises(ValidationError) as error:
        enterprise.full_clean()
    assert error.value.message_dict["tax_code"] == [CHECKSUM_MESSAGE]
    request = AccountRequest(user=cast.enterprise_a_user, tax_code=INVALID_CHECKSUM)
    with pytest.raises(ValidationError):
        request.full_clean()
    cast.enterprise_b_user.claimed_tax_code = INVALID_CHECKSUM
    with pytest.raises(ValidationError):
        cast.enterprise_b_user.full_clean()


def test_admin_user_form_refuses_an_invalid_claimed_tax_code(admin_client, cast):
    user = cast.enterprise_b_user
    url = reverse("admin:portal_user_change", args=[user.pk])
    response = admin_client.post(url, admin_form_data(admin_client.get(url), claimed_tax_code=INVALID_CHECKSUM))
    assert response.status_code == 200
    assert CHECKSUM_MESSAGE in response.content.decode()
    user.refresh_from_db()
    assert user.claimed_tax_code != INVALID_CHECKSUM
