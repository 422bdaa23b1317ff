"""Searching enterprises (the public directory, its API, the staff list): accents and case aside, whole words of
the names and the sector, the district and tax code only as whole words; names first."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from enterprises.models import Enterprise, Sector
from enterprises.services import build_search_text
from tests.factories import EnterpriseFactory

TIEN = "Công ty TNHH Nhựa Đồng Tiến"  # the cast's enterprise A, Quận 12, rubber and plastics
SAIGON = "Công ty CP Cao su Sài Gòn"  # enterprise B, Quận 12, rubber and plastics
PHU_NHUAN = "Công ty TNHH Thực phẩm Hoa Sen"


@pytest.fixture
def directory(cast):
    EnterpriseFactory(name=PHU_NHUAN, district="Quận Phú Nhuận", sector=Sector.FOOD)
    EnterpriseFactory(
        name="Công ty Cổ phần Cơ khí Bình Minh", english_name="Binh Minh Plastic Machinery", sector=Sector.MECHANICAL
    )
    return cast


def _names(client, query: str, url_name: str = "enterprises:directory") -> list[str]:
    response = client.get(reverse(url_name), {"q": query})
    assert response.status_code == 200
    return [enterprise.name for enterprise in response.context["page_obj"]]


@pytest.mark.parametrize(
    "query", ["cong ty nhua dong tien", "CÔNG TY NHỰA ĐỒNG TIẾN", "Dong Tien", "đồng tiến", "tnhh tien"]
)
def test_a_company_name_typed_without_accents(client, directory, query):
    assert _names(client, query) == [TIEN]


def test_accents_and_case_do_not_change_the_answer(client, directory):
    assert _names(client, "nhua") == _names(client, "NHỰA") == _names(client, "Nhựa") == _names(client, "nhựa")


def test_names_come_first_then_the_sector(client, directory):
    # "Nhựa" in the name; then a rubber-and-plastics maker whose name does not say so.
    assert _names(client, "nhua") == [TIEN, SAIGON]
    assert _names(client, "cao su") == [SAIGON, TIEN]


def test_a_district_is_matched_by_whole_words_only(client, directory):
    assert PHU_NHUAN not in _names(client, "nhua")  # not the start of "Nhuận"
    assert _names(client, "phu nhuan") == [PHU_NHUAN]  # the district, as the search box says
    assert _names(client, "thuc pham phu nhuan") == [PHU_NHUAN]
    assert _names(client, "thuc pham quan 12") == []  # every word must match


def test_words_not_substrings(client, directory):
    assert _names(client, "binh minh") == ["Công ty Cổ phần Cơ khí Bình Minh"]
    assert _names(client, "plastic") == ["Công ty Cổ phần Cơ khí Bình Minh"]  # the English name
    assert _names(client, "inh") == []  # inside "Bình", "Minh"
    assert _names(client, "co kh") == ["Công ty Cổ phần Cơ khí Bình Minh"]  # the last word may be the start of one


def test_tax_codes(client, directory):
    code = Enterprise.objects.get(name=TIEN).tax_code
    assert _names(client, code) == [TIEN]
    assert _names(client, code[:6]) == [TIEN]  # the first digits
    assert _names(client, f"{code[:4]}-{code[4:]}") == [TIEN]
    assert _names(client, f"nhua {code}") == [TIEN]


def test_the_staff_list_and_the_api_search_the_same_way(client, login, directory):
    staff = login(directory.staff_hcm)
    assert _names(staff, "NHUA", "enterprises:staff_list") == [TIEN, SAIGON]
    assert PHU_NHUAN not in _names(staff, "nhua", "enterprises:staff_list")
    api = client.get("/api/v1/enterprises/", {"q": "nhựa"}, HTTP_ACCEPT="application/json").json()
    assert [row["name"] for row in api["results"]] == [TIEN, SAIGON]


@pytest.mark.parametrize("count", [3, 25])
def test_directory_search_query_count_does_not_grow(client, db, django_assert_max_num_queries, count):
    for n in range(count):
        EnterpriseFactory(name=f"Công ty Nhựa số {n}")
    with django_assert_max_num_queries(4):  # as without a search (test_views.py)
        names = _names(client, "nhua so")
    assert len(names) == count


@pytest.mark.parametrize("count", [3, 25])
def test_staff_list_search_query_count_does_not_grow(cast, login, django_assert_max_num_queries, count):
    for n in range(count):
        EnterpriseFactory(name=f"Công ty Nhựa số {n}")
    client = login(cast.staff_hcm)
    with django_assert_max_num_queries(7):  # as without a search (test_views.py)
        names = _names(client, "nhua so", "enterprises:staff_list")
    assert len(names) == count


# --- The stored document ------------------------------------------------------------------------------------


def test_the_services_document(directory):
    enterprise = Enterprise.objects.get(name=TIEN)
    assert (
        build_search_text(enterprise) == f" cong ty tnhh nhua dong tien | cao su nhua # quan 12 {enterprise.tax_code} "
    )
    assert enterprise.search_text == build_search_text(enterprise)


def test_the_data_migration_rebuilds_every_document(directory):
    """Rows written before the document had sections (names, tax code, district and province in a row)."""
    Enterprise.objects.update(search_text="cong ty tnhh nhua dong tien 0301234562 quan 12 tp ho chi minh")
    importlib.import_module("enterprises.migrations.0005_search_words").rebuild_search_text(django_apps, None)
    for enterprise in Enterprise.objects.all():
        assert enterprise.search_text == build_search_text(enterprise)
    assert not Enterprise.objects.filter(search_text__contains="ho chi minh").exists()
