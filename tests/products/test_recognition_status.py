"""A recognition can be suspended, reinstated or revoked (final), each with its reason and date, by the city's
staff only; the public verification page, the registry and the certificate show it (issue 16, item 5)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from products import lifecycle
from products.certificates import certificate_html
from products.models import Recognition, RecognitionStatusChange
from tests.factories import ProductFactory, RecognitionFactory

TODAY = datetime.date.today()


@pytest.fixture
def recognition(round_setup, cast):
    return RecognitionFactory(
        product=ProductFactory(enterprise=cast.enterprise_a, name="Ống nhựa HDPE"),
        round=round_setup.round,
        decision_date=TODAY - datetime.timedelta(days=100),
        valid_from=TODAY - datetime.timedelta(days=100),
        valid_until=TODAY + datetime.timedelta(days=900),
    )


def _suspend(cast, recognition, **kwargs):
    return lifecycle.recognition_suspend(
        actor=kwargs.pop("actor", cast.staff_hcm),
        recognition=recognition,
        reason=kwargs.pop("reason", "Sản phẩm bị thu hồi chứng nhận hợp quy."),
        effective_on=kwargs.pop("effective_on", TODAY - datetime.timedelta(days=2)),
        decision_number=kwargs.pop("decision_number", "77/QĐ-UBND"),
    )


def test_suspend_then_reinstate_is_recorded(cast, recognition):
    change = _suspend(cast, recognition)
    recognition.refresh_from_db()
    assert recognition.status == Recognition.Status.SUSPENDED
    assert (change.from_status, change.to_status, change.actor) == ("active", "suspended", cast.staff_hcm)
    lifecycle.recognition_reinstate(
        actor=cast.staff_hcm, recognition=recognition, reason="Đã khắc phục.", effective_on=TODAY
    )
    recognition.refresh_from_db()
    assert recognition.status == Recognition.Status.ACTIVE
    assert RecognitionStatusChange.objects.filter(recognition=recognition).count() == 2


def test_revoked_is_final(cast, recognition):
    lifecycle.recognition_revoke(
        actor=cast.staff_hcm, recognition=recognition, reason="Gian lận hồ sơ.", effective_on=TODAY
    )
    for action in (lifecycle.recognition_reinstate, lifecycle.recognition_suspend, lifecycle.recognition_revoke):
        with pytest.raises(ValidationError, match="đã bị thu hồi"):
            action(actor=cast.staff_hcm, recognition=recognition, reason="Thử lại.", effective_on=TODAY)
    assert RecognitionStatusChange.objects.count() == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"reason": "  "}, "lý do"),
        ({"reason": "x" * 5000}, None),
        ({"effective_on": TODAY + datetime.timedelta(days=1)}, "tương lai"),
        ({"effective_on": TODAY - datetime.timedelta(days=400)}, "trước ngày quyết định"),
    ],
)
def test_bad_input_changes_nothing(cast, recognition, kwargs, message):
    with pytest.raises(ValidationError, match=message):
        _suspend(cast, recognition, **kwargs)
    recognition.refresh_from_db()
    assert recognition.status == Recognition.Status.ACTIVE
    assert not RecognitionStatusChange.objects.exists()


def test_only_the_citys_staff(cast, recognition):
    with pytest.raises(PermissionDenied):
        _suspend(cast, recognition, actor=cast.staff_hanoi)
    with pytest.raises(ValidationError, match="không chuyển sang"):
        lifecycle.recognition_reinstate(actor=cast.staff_hcm, recognition=recognition, reason="x", effective_on=TODAY)


def test_suspension_shown_on_verification(client, cast, recognition):
    _suspend(cast, recognition)
    page = client.get(reverse("products:verify", kwargs={"public_id": recognition.public_id})).content.decode()
    assert "Công nhận đang bị tạm đình chỉ" in page
    assert "Sản phẩm bị thu hồi chứng nhận hợp quy." in page
    assert (TODAY - datetime.timedelta(days=2)).strftime("%d/%m/%Y") in page
    assert "77/QĐ-UBND" in page
    assert "Giấy chứng nhận hợp lệ" not in page


def test_revocation_shown_on_verification_and_registry(client, cast, recognition):
    lifecycle.recognition_revoke(actor=cast.staff_hcm, recognition=recognition, reason="Gian lận.", effective_on=TODAY)
    page = client.get(reverse("products:verify", kwargs={"public_id": recognition.public_id})).content.decode()
    assert "Công nhận đã bị thu hồi" in page and "Gian lận." in page
    registry = client.get(reverse("products:registry")).content.decode()
    assert "Bị thu hồi" in registry


def test_the_certificate_is_marked(cast, recognition):
    assert "ĐÃ BỊ THU HỒI" not in certificate_html(recognition)
    lifecycle.recognition_revoke(actor=cast.staff_hcm, recognition=recognition, reason="Gian lận.", effective_on=TODAY)
    recognition.refresh_from_db()
    html = certificate_html(recognition)
    assert f"ĐÃ BỊ THU HỒI TỪ NGÀY {TODAY:%d/%m/%Y}" in html


def test_the_staff_page_confirms_first(client, login, cast, recognition):
    login(cast.staff_hcm)
    url = reverse("products:recognition_manage", kwargs={"public_id": recognition.public_id})
    assert client.get(url).status_code == 200
    data = {"to_status": "suspended", "reason": "Vi phạm.", "effective_on": TODAY.isoformat()}
    confirmation = client.post(url, data)
    assert confirmation.status_code == 200 and "Tạm đình chỉ công nhận" in confirmation.content.decode()
    recognition.refresh_from_db()
    assert recognition.status == "active"
    assert client.post(url, {**data, "confirm": "1"}).status_code == 302
    recognition.refresh_from_db()
    assert recognition.status == "suspended"
    login(cast.staff_hanoi)
    assert client.get(url).status_code == 404
    login(cast.enterprise_a_user)
    assert client.get(url).status_code == 403


def test_the_admin_does_not_change_the_status(client, login, cast, recognition):
    from django.contrib import admin

    model_admin = admin.site._registry[Recognition]
    assert "status" in model_admin.get_readonly_fields(None, recognition)
