from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from enterprises.models import Enterprise, Sector
from enterprises.services import enterprise_create, enterprise_update
from enterprises.sme import SmeSize

BASE = {
    "name": "Công ty CP Nhựa Bình Minh",
    "province": "TP.HCM",
    "district": "Quận 12",
    "ownership": Enterprise.Ownership.PRIVATE,
    "sector": Sector.RUBBER_PLASTICS,
    "employees": 80,
    "revenue": Decimal("40"),
    "capital": Decimal("15"),
}


def create(actor, **overrides):
    return enterprise_create(actor=actor, **{**BASE, "tax_code": "0100233488", **overrides})


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("0100233488", "0100233488"), ("0100233488-001", "0100233488001"), (" 0300588569 ", "0300588569")],
)
def test_valid_tax_codes_are_stored_normalised(cast, raw, stored):
    enterprise = create(cast.staff_hcm, tax_code=raw)
    assert enterprise.tax_code == stored


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("0100233487", "chữ số kiểm tra"),
        ("01002334AB", "chỉ gồm chữ số"),
        ("01002334", "10 chữ số"),
        ("", "Vui lòng nhập mã số thuế"),
    ],
)
def test_invalid_tax_codes_are_refused_with_a_vietnamese_message(cast, raw, message):
    before = Enterprise.objects.count()
    with pytest.raises(ValidationError) as exc:
        create(cast.staff_hcm, tax_code=raw)
    assert message in exc.value.message_dict["tax_code"][0]
    assert Enterprise.objects.count() == before


def test_create_derives_size_search_text_and_canonical_province(cast):
    enterprise = create(cast.staff_hcm)
    assert enterprise.province == "TP Hồ Chí Minh"
    assert enterprise.sme_size == SmeSize.SMALL
    assert "nhua binh minh" in enterprise.search_text
    assert "quan 12" in enterprise.search_text
    assert enterprise.history.first().history_user == cast.staff_hcm


def test_duplicate_tax_code_is_refused(cast):
    create(cast.staff_hcm)
    with pytest.raises(ValidationError) as exc:
        create(cast.staff_hcm, tax_code="0100233488", name="Khác")
    assert "tax_code" in exc.value.message_dict


def test_staff_cannot_create_an_enterprise_of_another_city(cast):
    with pytest.raises(ValidationError) as exc:
        create(cast.staff_hanoi)
    assert "province" in exc.value.message_dict


def test_negative_figures_are_refused(cast):
    with pytest.raises(ValidationError) as exc:
        create(cast.staff_hcm, employees=-1, revenue=Decimal("-2"))
    assert set(exc.value.message_dict) >= {"employees", "revenue"}


def test_update_recomputes_size_and_records_the_actor(cast):
    enterprise = cast.enterprise_a
    enterprise_update(actor=cast.enterprise_a_user, enterprise=enterprise, employees=250, revenue=Decimal(500))
    enterprise.refresh_from_db()
    assert enterprise.sme_size == SmeSize.LARGE
    assert enterprise.history.first().history_user == cast.enterprise_a_user


def test_enterprise_user_cannot_change_staff_only_fields(cast):
    with pytest.raises(PermissionDenied):
        enterprise_update(actor=cast.enterprise_a_user, enterprise=cast.enterprise_a, name="Tên mới")
    with pytest.raises(PermissionDenied):
        enterprise_update(actor=cast.enterprise_a_user, enterprise=cast.enterprise_a, staff_notes="x")
    cast.enterprise_a.refresh_from_db()
    assert cast.enterprise_a.name == "Công ty TNHH Nhựa Đồng Tiến"


def test_enterprise_user_cannot_update_another_enterprise(cast):
    with pytest.raises(PermissionDenied):
        enterprise_update(actor=cast.enterprise_a_user, enterprise=cast.enterprise_b, address="x")


def test_staff_of_other_city_and_officials_cannot_update(cast):
    for actor in (cast.staff_hanoi, cast.official):
        with pytest.raises(PermissionDenied):
            enterprise_update(actor=actor, enterprise=cast.enterprise_a, staff_notes="x")


def test_staff_update_keeps_the_enterprise_in_their_city(cast):
    with pytest.raises(ValidationError):
        enterprise_update(actor=cast.staff_hcm, enterprise=cast.enterprise_a, province="Hà Nội")
    enterprise_update(actor=cast.admin, enterprise=cast.enterprise_a, province="Hà Nội")
    cast.enterprise_a.refresh_from_db()
    assert cast.enterprise_a.province == "Hà Nội"
