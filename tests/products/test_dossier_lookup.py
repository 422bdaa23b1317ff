"""Tra cứu hồ sơ: the code and the tax code give the stage and its dates only; a wrong code and a wrong tax code
get the same answer; lookups are counted per client address."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from enterprises.taxcode import format_tax_code
from products.models import Application
from tests.factories import valid_tax_code

S = Application.Status
URL = "/tra-cuu-ho-so/"


@pytest.fixture(autouse=True)
def _fresh_counts(settings):
    settings.DOSSIER_LOOKUP_RATE = "20/hour"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def coded(make_application):
    return make_application(
        S.UNDER_REVIEW,
        code="HCM-2024-00007",
        submitted_at=timezone.now(),
        stage_started_on=datetime.date(2024, 5, 2),
        stage_due_on=datetime.date(2024, 5, 17),
    )


def _look(client, code, tax_code, address="203.0.113.9"):
    return client.post(URL, {"code": code, "tax_code": tax_code}, REMOTE_ADDR=address)


def _answer(response) -> str:
    """What the page answers: its main part after the form (which echoes what was typed)."""
    page = response.content.decode()
    return page[page.index("</form>", page.index("<main")) : page.index("</main>")]


def test_the_code_and_tax_code_give_the_stage_and_dates_only(client, coded):
    response = _look(client, " hcm-2024-00007 ", format_tax_code(coded.enterprise.tax_code))
    assert response.status_code == 200
    answer = _answer(response)
    assert "Đang thẩm định" in answer
    assert "02/05/2024" in answer and "17/05/2024" in answer
    # Nothing else of the dossier: not the product, the enterprise, the kind or the round.
    for private in (coded.product.name, coded.enterprise.name, coded.round.title, coded.get_kind_display()):
        assert private not in answer


def test_a_wrong_code_and_a_wrong_tax_code_answer_alike(client, coded, cast):
    wrong_code = _answer(_look(client, "HCM-2024-00008", coded.enterprise.tax_code))
    other_tax = cast.enterprise_b.tax_code
    assert other_tax != coded.enterprise.tax_code
    wrong_tax = _answer(_look(client, "HCM-2024-00007", other_tax))
    unused_tax = _answer(_look(client, "HCM-2024-00007", valid_tax_code(987)))
    assert "Không tìm thấy hồ sơ" in wrong_code
    assert wrong_code == wrong_tax == unused_tax


def test_a_malformed_tax_code_is_a_form_error(client, coded):
    response = _look(client, "HCM-2024-00007", "12345")
    assert "Mã số thuế phải có 10 chữ số" in response.content.decode()
    assert "Đang thẩm định" not in _answer(response)


def test_lookups_are_throttled_per_address(client, settings, coded):
    settings.DOSSIER_LOOKUP_RATE = "3/minute"
    answers = [_look(client, "HCM-2024-00007", coded.enterprise.tax_code).status_code for _ in range(5)]
    assert answers == [200, 200, 200, 429, 429]
    refused = _look(client, "HCM-2024-00007", coded.enterprise.tax_code)
    assert refused["Retry-After"] == "60"
    assert "Bạn đã tra cứu quá nhiều lần" in refused.content.decode()
    assert "Đang thẩm định" not in _answer(refused)
    # Another address is counted apart.
    assert _look(client, "HCM-2024-00007", coded.enterprise.tax_code, address="198.51.100.4").status_code == 200


def test_the_lookup_is_linked_from_every_public_page(client, db):
    assert f'href="{URL}"' in client.get("/").content.decode()
    assert client.get(URL).status_code == 200
