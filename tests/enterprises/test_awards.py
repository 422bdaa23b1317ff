"""Thương hiệu Vàng TP.HCM as a structured award: recorded by the city's staff with its year, category and decision,
through the same rule in the admin, and shown on the enterprise's public page with its groups and recognitions."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from enterprises.admin import AwardAdminForm
from enterprises.models import Award
from enterprises.services import award_record
from products.models import ProductCatalogue, ProductGroup, ProductGroupMember, Recognition
from tests.factories import ProgramFactory, RecognitionFactory, RecognitionRoundFactory

GOLDEN = Award.Kind.GOLDEN_BRAND_HCMC


def golden(actor, enterprise, **overrides):
    values = {
        "kind": GOLDEN,
        "year": 2022,
        "category": "Doanh nghiệp tiêu biểu",
        "decision_number": "4021/QĐ-UBND",
        "decision_date": datetime.date(2022, 11, 20),
        **overrides,
    }
    return award_record(actor=actor, enterprise=enterprise, **values)


def test_the_golden_brand_has_its_name_and_its_decision(cast):
    award = golden(cast.staff_hcm, cast.enterprise_a, name="tên khác")
    assert award.name == "Thương hiệu Vàng TP.HCM"
    assert (award.year, award.category, award.decision_number) == (2022, "Doanh nghiệp tiêu biểu", "4021/QĐ-UBND")
    with pytest.raises(ValidationError) as error:
        golden(cast.staff_hcm, cast.enterprise_b, decision_number="", decision_date=None)
    assert set(error.value.message_dict) == {"decision_number", "decision_date"}


def test_bounds_and_duplicates(cast):
    golden(cast.staff_hcm, cast.enterprise_a)
    with pytest.raises(ValidationError) as error:
        golden(cast.staff_hcm, cast.enterprise_a, decision_number="9/QĐ-UBND")
    assert error.value.message_dict["year"] == ["Doanh nghiệp đã có giải thưởng này trong năm 2022."]
    future = datetime.date.today().year + 1
    with pytest.raises(ValidationError) as error:
        golden(cast.staff_hcm, cast.enterprise_a, year=future)
    assert "year" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        golden(
            cast.staff_hcm, cast.enterprise_a, year=2023, decision_date=datetime.date.today() + datetime.timedelta(1)
        )
    assert "decision_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        golden(cast.staff_hcm, cast.enterprise_a, year=2023, category="x" * 201)
    assert "category" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        award_record(actor=cast.staff_hcm, enterprise=cast.enterprise_a, kind=Award.Kind.OTHER, year=2021)
    assert error.value.message_dict["name"] == ["Vui lòng nhập tên giải thưởng."]
    other = award_record(
        actor=cast.staff_hcm, enterprise=cast.enterprise_a, kind=Award.Kind.OTHER, name="Sao Vàng đất Việt", year=2021
    )
    assert other.decision_number == "" and Award.objects.count() == 2


@pytest.mark.parametrize("who", ["staff_hanoi", "official", "enterprise_a_user"])
def test_only_staff_of_the_enterprises_city(cast, who):
    with pytest.raises(PermissionDenied):
        golden(getattr(cast, who), cast.enterprise_a)
    assert golden(cast.admin, cast.enterprise_a).pk


def test_the_admin_applies_the_same_rule(cast):
    data = {"enterprise": cast.enterprise_a.pk, "kind": GOLDEN, "name": "", "year": 2022, "category": "",
            "decision_number": "", "decision_date": ""}  # fmt: skip
    form = AwardAdminForm(data=data)
    assert not form.is_valid()
    assert set(form.errors) >= {"decision_number", "decision_date"}
    form = AwardAdminForm(data={**data, "decision_number": "4021/QĐ-UBND", "decision_date": "2022-11-20"})
    assert form.is_valid(), form.errors
    assert form.save().name == "Thương hiệu Vàng TP.HCM"


def test_the_staff_form_records_and_removes(cast, login):
    client = login(cast.staff_hcm)
    url = reverse("enterprises:award_add", kwargs={"public_id": cast.enterprise_a.public_id})
    detail = client.get(reverse("enterprises:staff_detail", kwargs={"public_id": cast.enterprise_a.public_id}))
    assert url in detail.content.decode()
    bad = client.post(url, {"kind": GOLDEN, "year": 2022})
    assert bad.status_code == 200 and "Vui lòng nhập số quyết định trao giải" in bad.content.decode()
    good = client.post(
        url,
        {
            "kind": GOLDEN,
            "year": 2022,
            "category": "Sản phẩm",
            "decision_number": "1/QĐ-UBND",
            "decision_date": "2022-11-20",
        },  # fmt: skip
    )
    assert good.status_code == 302
    award = Award.objects.get()
    remove = reverse(
        "enterprises:award_remove", kwargs={"public_id": cast.enterprise_a.public_id, "award_id": award.pk}
    )
    assert client.post(remove).status_code == 200 and Award.objects.exists()
    assert client.post(remove, {"confirm": "1"}).status_code == 302 and not Award.objects.exists()
    # Staff of another city reach neither page.
    other = login(cast.staff_hanoi)
    assert other.get(url).status_code in (403, 404)


def test_the_public_page_shows_awards_groups_and_recognition_status(cast, hcm, client):
    golden(cast.staff_hcm, cast.enterprise_a)
    record = ProductCatalogue.objects.create(
        city=hcm, slug="tphcm", title="Danh mục", decision_number="430/QĐ-UBND", decision_date=datetime.date(2021, 2, 5)
    )
    group = ProductGroup.objects.create(catalogue=record, kind="potential", name="Dược phẩm")
    ProductGroupMember.objects.create(group=group, enterprise=cast.enterprise_a)
    program = ProgramFactory(city=hcm, status="active")
    recognition = RecognitionFactory(
        product__enterprise=cast.enterprise_a, product__name="Ống nhựa", round=RecognitionRoundFactory(program=program)
    )
    Recognition.objects.filter(pk=recognition.pk).update(status=Recognition.Status.SUSPENDED)
    page = client.get(reverse("enterprises:public_detail", kwargs={"public_id": cast.enterprise_a.public_id}))
    text = page.content.decode()
    assert "Thương hiệu Vàng TP.HCM (2022)" in text
    assert "Doanh nghiệp tiêu biểu" in text and "4021/QĐ-UBND" in text and "20/11/2022" in text
    assert reverse("public:catalogue", kwargs={"slug": "tphcm"}) in text and "Dược phẩm" in text
    assert "Ống nhựa" in text and "Bị tạm đình chỉ" in text


@pytest.mark.parametrize("size", [1, 5])
def test_the_public_page_query_count_does_not_grow(cast, hcm, client, django_assert_num_queries, size):
    program = ProgramFactory(city=hcm, status="active")
    for n in range(size):
        golden(cast.staff_hcm, cast.enterprise_a, year=2010 + n)
        RecognitionFactory(product__enterprise=cast.enterprise_a, round=RecognitionRoundFactory(program=program))
    url = reverse("enterprises:public_detail", kwargs={"public_id": cast.enterprise_a.public_id})
    with django_assert_num_queries(5):
        client.get(url)
