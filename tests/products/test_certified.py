"""What a recognition certifies is fixed at the decision: renaming the product or its enterprise afterwards
changes nothing the verification page, the registry, the API, the exports or a regenerated certificate show."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from products import services
from products.certificates import render_certificate_pdf
from products.models import Application, Recognition
from public.selectors import enterprise_recognitions, get_public_enterprise
from reports.selectors import program_report_data
from tests.admin_forms import admin_form_data

S = Application.Status
TODAY = datetime.date.today()
DECIDED_NAME = "Ống nhựa HDPE Đồng Tiến"
DECIDED_ENTERPRISE = "Công ty TNHH Nhựa Đồng Tiến"
NEW_NAME = "Siêu ống Titan Thần Tốc"
NEW_ENTERPRISE = "Công ty Đổi Tên Sau Quyết Định"


@pytest.fixture
def recognition(cast, make_application) -> Recognition:
    return services.application_decide(
        actor=cast.staff_hcm,
        application=make_application(S.PUBLIC_COMMENT, kind="potential"),
        decision_number="2468/QĐ-UBND",
        decision_date=TODAY,
    )


def _rename_through_the_portal(login, cast, recognition):
    product = recognition.product
    response = login(cast.enterprise_a_user).post(
        reverse("products:product_edit", kwargs={"public_id": product.public_id}),
        {
            "name": NEW_NAME,
            "sector": "mechanical",
            "description": product.description,
            # Fields of the recognition the enterprise might try to send along: the form has none of them.
            "product_name": NEW_NAME,
            "enterprise_name": NEW_ENTERPRISE,
        },
    )
    assert response.status_code == 302
    product.refresh_from_db()
    assert product.name == NEW_NAME
    enterprise = product.enterprise
    enterprise.name = NEW_ENTERPRISE
    enterprise.district = "Quận 1"
    enterprise.save()


def _shown_everywhere(client, recognition) -> dict[str, str]:
    verify = client.get(reverse("products:verify", kwargs={"public_id": recognition.public_id})).content.decode()
    registry = client.get(reverse("products:registry")).content.decode()
    api = client.get(f"/api/v1/recognised-products/{recognition.public_id}/").json()
    export = client.get(reverse("products:registry_export", kwargs={"format": "csv"})).content.decode("utf-8-sig")
    fresh = Recognition.objects.select_related("round__program").get(pk=recognition.pk)
    pdf = render_certificate_pdf(fresh)
    certificate = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return {"verify": verify, "registry": registry, "api": api, "export": export, "certificate": certificate}


def test_renaming_a_recognised_product_changes_nothing_it_was_recognised_as(client, login, cast, recognition):
    _rename_through_the_portal(login, cast, recognition)
    client.logout()

    shown = _shown_everywhere(client, recognition)

    for where in ("verify", "registry", "export"):
        assert DECIDED_NAME in shown[where] and DECIDED_ENTERPRISE in shown[where], where
        assert NEW_NAME not in shown[where] and NEW_ENTERPRISE not in shown[where], where
    assert shown["api"]["product"] == DECIDED_NAME
    assert shown["api"]["enterprise_name"] == DECIDED_ENTERPRISE
    assert shown["api"]["sector"] == "rubber_plastics"
    assert shown["api"]["district"] == "Quận 12"
    assert shown["api"]["kind"] == "potential"
    rows = list(csv.reader(io.StringIO(shown["export"]), delimiter=";"))
    assert any(DECIDED_NAME in row[0] and "Cao su" in row[1] for row in rows[1:])
    flat = " ".join(shown["certificate"].split())
    assert DECIDED_NAME in flat and DECIDED_ENTERPRISE in flat and NEW_NAME not in flat


def test_the_registry_filters_and_search_read_what_was_recognised(client, login, cast, recognition):
    _rename_through_the_portal(login, cast, recognition)
    client.logout()
    registry = reverse("products:registry")

    assert DECIDED_NAME in client.get(registry, {"q": "hdpe"}).content.decode()
    assert DECIDED_NAME in client.get(registry, {"q": "dong tien"}).content.decode()
    assert DECIDED_NAME not in client.get(registry, {"q": "titan"}).content.decode()
    assert DECIDED_NAME in client.get(registry, {"sector": "rubber_plastics"}).content.decode()
    assert DECIDED_NAME not in client.get(registry, {"sector": "mechanical"}).content.decode()


def test_reports_programme_page_and_enterprise_page_read_what_was_recognised(client, login, cast, recognition):
    _rename_through_the_portal(login, cast, recognition)
    client.logout()
    program = recognition.round.program

    items = program_report_data(program_id=program.pk, kind="program")["recognitions"]["items"]
    assert [(i["product"], i["enterprise"]) for i in items] == [(DECIDED_NAME, DECIDED_ENTERPRISE)]
    enterprise = get_public_enterprise(recognition.product.enterprise.public_id)
    # The enterprise page lists its recognitions (with their status), each under the name it certified.
    assert [r.product_name for r in enterprise_recognitions(enterprise)] == [DECIDED_NAME]
    page = client.get(reverse("enterprises:public_detail", kwargs={"public_id": enterprise.public_id}))
    assert DECIDED_NAME in page.content.decode()


def test_renaming_the_product_in_the_admin_changes_nothing_recognised(login, cast, recognition):
    admin = login(cast.admin)
    url = reverse("admin:products_product_change", args=[recognition.product.pk])
    response = admin.post(url, admin_form_data(admin.get(url), name=NEW_NAME))
    assert response.status_code == 302
    recognition.product.refresh_from_db()
    assert recognition.product.name == NEW_NAME

    recognition.refresh_from_db()
    assert recognition.product_name == DECIDED_NAME
    assert recognition.enterprise_name == DECIDED_ENTERPRISE
    page = admin.get(reverse("admin:products_recognition_change", args=[recognition.pk])).content.decode()
    assert DECIDED_NAME in page


def test_an_admin_recorded_recognition_copies_its_product_and_keeps_it_read_only(login, cast, round_setup, product_a):
    admin = login(cast.admin)
    add = reverse("admin:products_recognition_add")
    data = {
        "product": str(product_a.pk),
        "round": str(round_setup.round.pk),
        "kind": "key",
        "decision_number": "12/QĐ-UBND",
        "decision_date": "2023-12-01",
        "certificate_number": "GCN-TRUOC-CONG",
        "valid_from": "2023-12-01",
        "valid_until": "2026-12-01",
        "product_name": "Tên tự đặt",
        "enterprise_name": "Doanh nghiệp tự đặt",
    }
    assert admin.post(add, data).status_code == 302
    recorded = Recognition.objects.get(certificate_number="GCN-TRUOC-CONG")
    assert (recorded.product_name, recorded.enterprise_name) == (DECIDED_NAME, DECIDED_ENTERPRISE)

    product_a.name = NEW_NAME
    product_a.save()
    url = reverse("admin:products_recognition_change", args=[recorded.pk])
    response = admin.post(url, admin_form_data(admin.get(url), decision_number="13/QĐ-UBND", product_name=NEW_NAME))
    assert response.status_code == 302
    recorded.refresh_from_db()
    assert recorded.decision_number == "13/QĐ-UBND"
    assert recorded.product_name == DECIDED_NAME
