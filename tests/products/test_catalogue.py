"""HCMC's catalogue of key and potential product groups: seeded as the sources state it, its public pages, and the
city's staff adding and removing enterprises in a group."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from products import catalogue
from products.models import ProductCatalogue, ProductGroup, ProductGroupMember
from tests.factories import EnterpriseFactory


@pytest.fixture
def hcm_catalogue(hcm):
    record = ProductCatalogue.objects.create(
        city=hcm,
        slug="tphcm-2021-2025",
        title="Danh mục nhóm sản phẩm TPHCM 2021 - 2025",
        decision_number="430/QĐ-UBND",
        decision_date=datetime.date(2021, 2, 5),
        replaces="Quyết định số 4544/QĐ-UBND",
        stated_enterprises="155 doanh nghiệp (đầu năm 2022)",
    )
    key = ProductGroup.objects.create(catalogue=record, order=1, kind="key", name="Cơ khí")
    potential = ProductGroup.objects.create(catalogue=record, order=2, kind="potential", name="Dược phẩm")
    return record, key, potential


def test_the_seed_states_the_decision_and_no_members(db):
    call_command("seed_programs", stdout=io.StringIO())
    call_command("seed_programs", stdout=io.StringIO())  # twice: nothing doubles
    record = ProductCatalogue.objects.get()
    assert (record.city.code, record.decision_number, record.decision_date) == (
        "hcm",
        "430/QĐ-UBND",
        datetime.date(2021, 2, 5),
    )
    assert "4544/QĐ-UBND" in record.replaces and "155 doanh nghiệp" in record.stated_enterprises
    # The sources name the groups but do not say which are key and which potential: the kind stays empty.
    assert list(record.groups.values_list("kind", "name")) == [
        ("", "Sản phẩm thuộc 4 ngành công nghiệp trọng yếu"),
        ("", "Dược phẩm"),
        ("", "Dệt may"),
    ]
    assert not ProductGroupMember.objects.exists()


def test_staff_of_the_city_add_and_remove(cast, hcm_catalogue):
    _record, key, _potential = hcm_catalogue
    member = catalogue.product_group_member_add(
        actor=cast.staff_hcm, group=key, tax_code=cast.enterprise_a.tax_code, note="Máy công cụ"
    )
    assert (member.enterprise, member.note) == (cast.enterprise_a, "Máy công cụ")
    with pytest.raises(ValidationError) as error:
        catalogue.product_group_member_add(actor=cast.staff_hcm, group=key, tax_code=cast.enterprise_a.tax_code)
    assert error.value.message_dict["tax_code"] == ["Doanh nghiệp này đã có trong nhóm."]
    with pytest.raises(ValidationError) as error:
        catalogue.product_group_member_add(actor=cast.staff_hcm, group=key, tax_code="0100233488")
    assert error.value.message_dict["tax_code"] == ["Chưa có doanh nghiệp với mã số thuế này trong danh bạ."]
    with pytest.raises(ValidationError) as error:
        catalogue.product_group_member_add(actor=cast.staff_hcm, group=key, tax_code="12")
    assert "tax_code" in error.value.message_dict
    with pytest.raises(ValidationError):
        catalogue.product_group_member_add(
            actor=cast.staff_hcm, group=key, tax_code=cast.enterprise_b.tax_code, note="x" * 301
        )
    catalogue.product_group_member_remove(actor=cast.staff_hcm, member=member)
    assert not ProductGroupMember.objects.exists()


@pytest.mark.parametrize("who", ["staff_hanoi", "official", "enterprise_a_user"])
def test_others_may_not_change_a_group(cast, hcm_catalogue, who):
    _record, key, _potential = hcm_catalogue
    with pytest.raises(PermissionDenied):
        catalogue.product_group_member_add(actor=getattr(cast, who), group=key, tax_code=cast.enterprise_a.tax_code)
    member = ProductGroupMember.objects.create(group=key, enterprise=cast.enterprise_a)
    with pytest.raises(PermissionDenied):
        catalogue.product_group_member_remove(actor=getattr(cast, who), member=member)


def test_the_public_pages_show_the_decision_groups_and_enterprises(cast, hcm_catalogue, client):
    record, key, potential = hcm_catalogue
    ProductGroupMember.objects.create(group=key, enterprise=cast.enterprise_a)
    ProductGroupMember.objects.create(group=potential, enterprise=cast.enterprise_b, is_demo=True)
    listing = client.get(reverse("public:catalogues"))
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "430/QĐ-UBND" in text and "05/02/2021" in text and "155 doanh nghiệp" in text
    page = client.get(reverse("public:catalogue", kwargs={"slug": record.slug}))
    text = page.content.decode()
    assert "Quyết định số 4544/QĐ-UBND" in text
    assert reverse("enterprises:public_detail", kwargs={"public_id": cast.enterprise_a.public_id}) in text
    assert text.index("Cơ khí") < text.index("Nhóm sản phẩm công nghiệp tiềm năng") < text.index("Dược phẩm")
    assert "(minh họa)" in text
    # Never the private fields of a listed enterprise.
    assert cast.enterprise_a.contact_email not in text and "Ghi chú nội bộ" not in text
    assert client.get(reverse("public:catalogue", kwargs={"slug": "khong-co"})).status_code == 404


@pytest.mark.parametrize("size", [2, 8])
def test_public_pages_query_counts_do_not_grow(hcm_catalogue, client, django_assert_num_queries, size):
    record, key, potential = hcm_catalogue
    for n in range(size):
        ProductGroupMember.objects.create(group=key if n % 2 else potential, enterprise=EnterpriseFactory())
    with django_assert_num_queries(1):
        client.get(reverse("public:catalogues"))
    with django_assert_num_queries(3):
        client.get(reverse("public:catalogue", kwargs={"slug": record.slug}))


def test_the_staff_page_adds_and_removes_with_a_confirmation(cast, hcm_catalogue, login):
    record, key, _potential = hcm_catalogue
    client = login(cast.staff_hcm)
    url = reverse("products:catalogue_manage", kwargs={"slug": record.slug})
    assert client.get(reverse("products:catalogue_manage_list")).status_code == 200
    assert client.get(url).status_code == 200
    bad = client.post(url, {"group": key.pk, f"g{key.pk}-tax_code": "0100233488"})
    assert "Chưa có doanh nghiệp với mã số thuế này" in bad.content.decode()
    done = client.post(url, {"group": key.pk, f"g{key.pk}-tax_code": cast.enterprise_a.tax_code})
    assert done.status_code == 302
    member = ProductGroupMember.objects.get()
    remove = reverse("products:catalogue_member_remove", kwargs={"member_id": member.pk})
    asked = client.post(remove)
    assert asked.status_code == 200 and ProductGroupMember.objects.exists()
    assert client.post(remove, {"confirm": "1"}).status_code == 302
    assert not ProductGroupMember.objects.exists()


def test_the_staff_page_is_the_citys(cast, hcm_catalogue, login):
    record, key, _potential = hcm_catalogue
    member = ProductGroupMember.objects.create(group=key, enterprise=cast.enterprise_a)
    client = login(cast.staff_hanoi)
    assert client.get(reverse("products:catalogue_manage", kwargs={"slug": record.slug})).status_code == 404
    remove = reverse("products:catalogue_member_remove", kwargs={"member_id": member.pk})
    assert client.post(remove, {"confirm": "1"}).status_code == 404
    login(cast.official)
    assert client.get(reverse("products:catalogue_manage_list")).status_code == 403


def test_a_group_the_source_does_not_class_is_shown_apart(db, client):
    call_command("seed_programs", stdout=io.StringIO())
    record = ProductCatalogue.objects.get()
    page = client.get(reverse("public:catalogue", kwargs={"slug": record.slug})).content.decode()
    unclassified = page.split("Nhóm nguồn chưa nói rõ là chủ lực hay tiềm năng", 1)[1]
    assert "Dược phẩm" in unclassified and "Dệt may" in unclassified
