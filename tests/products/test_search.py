"""Searching products (the public registry, its API and export, the staff application list): accents and case
aside, whole words of the product (name, description, sector) or of its enterprise's name, never the district;
product names first."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from enterprises.models import Sector
from products.models import Application, Product
from products.services import product_create, product_update
from tests.factories import (
    EnterpriseFactory,
    ProductFactory,
    ProgramFactory,
    RecognitionFactory,
    RecognitionRoundFactory,
)
from tests.products.factories import ApplicationFactory

S = Application.Status
PIPE = "Ống nhựa uPVC D90 cấp nước"


@pytest.fixture
def catalogue(cast, hcm):
    """A plastics maker of Quận 12 (enterprise A) and a food maker of Phú Nhuận, both recognised in one round."""
    food = EnterpriseFactory(name="Công ty TNHH Thực phẩm Sông Hậu", district="Quận Phú Nhuận", sector=Sector.FOOD)
    round = RecognitionRoundFactory(program=ProgramFactory(city=hcm), year=2024)
    products = [
        ProductFactory(enterprise=cast.enterprise_a, name=PIPE),
        ProductFactory(enterprise=cast.enterprise_a, name="Tấm nhựa PVC"),
        ProductFactory(enterprise=cast.enterprise_a, name="Gioăng cao su chịu nhiệt"),
        ProductFactory(
            enterprise=cast.enterprise_a,
            name="Phụ kiện lắp đặt",
            sector=Sector.COMPONENTS,
            description="Cút nối cho ống nhựa",
        ),
        ProductFactory(enterprise=food, name="Bánh tráng xuất khẩu", sector=Sector.FOOD),
        ProductFactory(enterprise=food, name="Cà phê rang xay", sector=Sector.FOOD),
    ]
    for product in products:
        RecognitionFactory(product=product, round=round)
    return {"food": food, "round": round, "products": products}


def _registry(client, query: str, path: str = "/san-pham/") -> list[str]:
    response = client.get(path, {"q": query})
    assert response.status_code == 200
    return [recognition.product.name for recognition in response.context["page_obj"]]


@pytest.mark.parametrize("query", ["ống nhựa", "ONG NHUA", "Ống Nhựa", "ong nhựa", "nhựa ống"])
def test_registry_finds_pipes_by_words_whatever_the_accents(client, catalogue, query):
    # The pipe by its name first, then the fitting whose description speaks of pipes; no rice paper, no coffee.
    assert _registry(client, query) == [PIPE, "Phụ kiện lắp đặt"]


def test_accents_and_case_do_not_change_the_answer(client, catalogue):
    found = _registry(client, "nhựa")
    assert _registry(client, "nhua") == _registry(client, "NHỰA") == _registry(client, "Nhua") == found
    assert "Bánh tráng xuất khẩu" not in found and "Cà phê rang xay" not in found


def test_names_come_first(client, catalogue):
    # "nhựa" in the name, then only in the sector label or the description (the list's own order within a rank).
    found = _registry(client, "nhua")
    assert set(found[:2]) == {"Tấm nhựa PVC", PIPE}
    assert set(found[2:]) == {"Gioăng cao su chịu nhiệt", "Phụ kiện lắp đặt"}
    found = _registry(client, "cao su")
    assert found[0] == "Gioăng cao su chịu nhiệt" and set(found[1:]) == {"Tấm nhựa PVC", PIPE}


def test_a_district_is_not_a_product_word(client, catalogue):
    # The food maker sits in Phú Nhuận: neither the start of its district nor the district itself finds its products.
    assert _registry(client, "nhua") == _registry(client, "nhựa")
    assert not {"Bánh tráng xuất khẩu", "Cà phê rang xay"} & set(_registry(client, "nhua"))
    assert _registry(client, "phu nhuan") == []
    assert _registry(client, catalogue["food"].tax_code) == []


def test_words_not_substrings(client, catalogue):
    assert _registry(client, "pvc") == ["Tấm nhựa PVC"]  # not "uPVC"
    assert _registry(client, "upvc") == [PIPE]
    assert _registry(client, "ong nhua xuat khau") == []  # every word must match
    assert _registry(client, "banh") == ["Bánh tráng xuất khẩu"]
    assert _registry(client, "banh tr") == ["Bánh tráng xuất khẩu"]  # the last word may be the start of one


def test_the_enterprise_name_finds_its_products(client, catalogue):
    assert set(_registry(client, "song hau")) == {"Bánh tráng xuất khẩu", "Cà phê rang xay"}
    assert _registry(client, "ca phe song hau") == ["Cà phê rang xay"]


def test_the_api_and_the_export_search_the_same_way(client, catalogue):
    api = client.get("/api/v1/recognised-products/", {"q": "ONG NHUA"}, HTTP_ACCEPT="application/json").json()
    assert [row["product"] for row in api["results"]] == [PIPE, "Phụ kiện lắp đặt"]
    export = client.get(reverse("products:registry_export", args=["csv"]), {"q": "ong nhua"})
    assert export.status_code == 200
    text = export.content.decode("utf-8-sig")
    assert PIPE in text and "Phụ kiện lắp đặt" in text and "Bánh tráng" not in text and "Tấm nhựa" not in text


@pytest.mark.parametrize("size", [3, 25])
def test_registry_search_query_count_does_not_grow(client, db, hcm, django_assert_max_num_queries, size):
    round = RecognitionRoundFactory(program=ProgramFactory(city=hcm))
    for n in range(size):
        RecognitionFactory(product=ProductFactory(name=f"Ống nhựa số {n}"), round=round)
    with django_assert_max_num_queries(8):  # the same ceiling as the unfiltered registry (test_registry.py)
        names = _registry(client, "ong nhua")
    assert len(names) == size


# --- The staff application list ----------------------------------------------------------------------------


def test_staff_application_list_searches_the_same_way(login, cast, catalogue):
    for product in catalogue["products"]:
        ApplicationFactory(round=catalogue["round"], product=product, status=S.SUBMITTED)
    client = login(cast.staff_hcm)
    path = "/san-pham/quan-ly/ho-so/"
    assert _registry(client, "ống nhựa", path) == _registry(client, "ONG NHUA", path) == [PIPE, "Phụ kiện lắp đặt"]
    assert not {"Bánh tráng xuất khẩu", "Cà phê rang xay"} & set(_registry(client, "nhua", path))
    assert set(_registry(client, "song hau", path)) == {"Bánh tráng xuất khẩu", "Cà phê rang xay"}
    assert _registry(client, "", path)  # an empty search is no filter


@pytest.mark.parametrize("size", [2, 20])
def test_staff_application_search_query_count(login, cast, round_setup, django_assert_max_num_queries, size):
    for n in range(size):
        product = ProductFactory(enterprise=cast.enterprise_a, name=f"Ống nhựa số {n}")
        ApplicationFactory(round=round_setup.round, product=product, status=S.SUBMITTED)
    client = login(cast.staff_hcm)
    with django_assert_max_num_queries(9):  # the same ceiling as the unfiltered list (test_registry.py)
        names = _registry(client, "nhua", "/san-pham/quan-ly/ho-so/")
    assert len(names) == size


# --- The stored document ------------------------------------------------------------------------------------


def test_services_write_the_document_of_name_description_and_sector(cast):
    product = product_create(
        actor=cast.enterprise_a_user,
        enterprise=cast.enterprise_a,
        name="Ống nhựa HDPE",
        sector=Sector.RUBBER_PLASTICS,
        description="Dùng cho cấp nước",
    )
    assert product.search_text == " ong nhua hdpe | dung cho cap nuoc cao su nhua # "
    product_update(actor=cast.enterprise_a_user, product=product, name="Bánh tráng", sector=Sector.FOOD)
    product.refresh_from_db()
    assert product.search_text == " banh trang | che bien luong thuc thuc pham # "


def test_the_data_migration_rebuilds_every_document(cast, catalogue):
    """Rows written before the document had sections (a folded name and the enterprise's name) are rebuilt."""
    Product.objects.update(search_text="ong nhua upvc d90 cap nuoc cong ty tnhh nhua dong tien")
    migration = importlib.import_module("products.migrations.0004_search_words")
    migration.rebuild_search_text(django_apps, None)
    pipe = Product.objects.get(name=PIPE)
    assert pipe.search_text == " ong nhua upvc d90 cap nuoc | cao su nhua # "
    assert Product.objects.filter(search_text__startswith=" ", search_text__contains=" | ").count() == 6
