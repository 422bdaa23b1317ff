"""A year is a label: the registry, its exports and the admin print 2024, never "2.024"."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from tests.factories import ProgramFactory, RecognitionFactory, RecognitionRoundFactory


@pytest.fixture(autouse=True)
def _language_restored():
    # A request in English leaves English active in the thread; later tests read messages in Vietnamese.
    with translation.override(translation.get_language()):
        yield


@pytest.fixture
def recognised_2024(cast, hcm):
    round = RecognitionRoundFactory(program=ProgramFactory(city=hcm), year=2024, title="Xét chọn năm 2024")
    return RecognitionFactory(round=round, product__enterprise=cast.enterprise_a, product__name="Ống nhựa uPVC")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_registry_prints_the_round_year_as_written(client, recognised_2024, language):
    client.cookies["django_language"] = language
    html = client.get(reverse("products:registry"), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert "Ống nhựa uPVC" in html
    assert "<td>2024</td>" in html
    assert "2.024" not in html and "2,024" not in html


def test_the_registry_csv_prints_the_round_year_as_written(client, recognised_2024):
    response = client.get(reverse("products:registry_export", kwargs={"format": "csv"}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    year_column = rows[0].index("Đợt")
    assert [row[year_column] for row in rows[1:]] == ["2024"]


def test_the_registry_xlsx_keeps_the_year_a_plain_number(client, recognised_2024):
    response = client.get(reverse("products:registry_export", kwargs={"format": "xlsx"}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    headers = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=2, column=headers.index("Đợt") + 1)
    assert (cell.value, cell.number_format) == (2024, "0")


def test_the_admin_prints_round_years_as_written(login, cast, recognised_2024):
    client = login(cast.admin)
    html = client.get(reverse("admin:products_recognitionround_changelist")).content.decode()
    assert ">2024<" in html and "2.024" not in html
