"""CSV and XLSX exports never hand a spreadsheet program a live formula, whichever separator it guesses."""

import csv
import io
from decimal import Decimal

from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from core.exports import Column, table_csv, table_xlsx
from programs.models import Task

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "Công ty A,=cmd|' /C calc'!A0",
    'Công ty B;"=1+1',
    "+SUM(1)",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "dòng một\n=dòng hai",
    "ổn, không có gì",
]
COLUMNS = [
    Column("Tên", lambda item: item[0]),
    Column("Số", lambda item: item[1]),
    Column("Năm", lambda item: item[2], is_year=True),
]


def _fields(content: bytes, delimiter: str) -> list[str]:
    text = content.decode("utf-8-sig")
    return [field for line in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter) for field in line]


def _assert_no_formula(content: bytes, *, allowed_numbers=()) -> None:
    for delimiter in (";", ","):
        for field in _fields(content, delimiter):
            if field in allowed_numbers:
                continue
            assert not field.startswith(TRIGGERS), (delimiter, field)


def test_every_field_is_quoted_and_hostile_text_is_neutralised_under_both_separators():
    content = table_csv(COLUMNS, [(text, 5, 2024) for text in HOSTILE])
    lines = content.decode("utf-8-sig").split("\n")
    assert lines[0] == '"Tên";"Số";"Năm"'
    assert lines[1].startswith("\"'=HYPERLINK(") and lines[1].endswith(';"5";"2024"')
    _assert_no_formula(content)
    parsed = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert parsed[2][0] == "Công ty A,'=cmd|' /C calc'!A0"  # the text is kept, made inert
    assert parsed[-1][0] == "ổn, không có gì"


def test_numbers_are_written_from_numbers_and_a_negative_one_stays_readable():
    content = table_csv(COLUMNS, [("Tồn kho", Decimal("-1.5"), 2024), ("Lao động", 1234, 2025)])
    parsed = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert parsed[1] == ["Tồn kho", "-1,5", "2024"]
    assert parsed[2] == ["Lao động", "1.234", "2025"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(alphabet='=+-@\t\r\n,;" aĐ1', max_size=12), min_size=1, max_size=4))
def test_no_text_opens_as_a_formula_under_either_separator(texts):
    content = table_csv([Column(f"C{n}", lambda item, n=n: item[n]) for n in range(len(texts))], [texts, texts[::-1]])
    _assert_no_formula(content)


def test_xlsx_cells_from_data_are_text_never_formulas_and_keep_their_text():
    sheet = load_workbook(
        io.BytesIO(table_xlsx(COLUMNS, [(text, -5, 2024) for text in HOSTILE], sheet_title="T"))
    ).active
    cells = [cell for line in sheet.iter_rows() for cell in line]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    # Everything comes back as written. openpyxl keeps a CR when it reads with lxml (which python-docx brings);
    # the standard library's XML parser reads it as LF.
    read_back = [sheet.cell(row=n + 2, column=1).value for n in range(len(HOSTILE))]
    assert read_back in (list(HOSTILE), [text.replace("\r", "\n") for text in HOSTILE])
    assert sheet["A2"].quotePrefix and not sheet["A11"].quotePrefix
    assert sheet["B2"].value == -5 and sheet["B2"].data_type == "n"


def test_the_task_exports_neutralise_a_hostile_title(login, cast, hcm_task):
    Task.objects.filter(pk=hcm_task.pk).update(title="Kế hoạch,=cmd|' /C calc'!A0", lead_agency="@SUM(1)")
    client = login(cast.staff_hcm)
    csv_file = client.get(reverse("programs:tasks_export", kwargs={"format": "csv"}))
    _assert_no_formula(csv_file.content)
    xlsx_file = client.get(reverse("programs:tasks_export", kwargs={"format": "xlsx"}))
    sheet = load_workbook(io.BytesIO(xlsx_file.content)).active
    cells = [cell for line in sheet.iter_rows() for cell in line]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    assert "Kế hoạch,=cmd|' /C calc'!A0" in [cell.value for cell in cells]
