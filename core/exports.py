"""Lists as CSV or XLSX files: one table writer for every list of the portal (tasks, the product registry, the
enterprise directory). Each list only says which columns it has, so the files look the same and are equally safe.

Safe in a spreadsheet program (OWASP "CSV injection"): text from the database can be anything its authors
typed, so it never becomes a live formula.
- CSV: every field is quoted (QUOTE_ALL), lines end with LF and a CR in a text becomes LF, and a text that starts with = + - @ tab or CR gets an apostrophe
  in front. Because the file may be opened with a comma separator (en-US Excel) or a semicolon one, a
  text is also neutralised after every comma, semicolon, tab and line break inside it: wherever a program
  that guesses the separator wrongly could start a new cell. See neutralise_text.
- XLSX: every text cell is written as a string cell (never a formula), and one that starts with a formula
  character is marked quotePrefix, so that editing it in Excel keeps it text. The text itself is kept.
- Numbers are written from numbers (the columns say which), never from text: a negative quantity reads
  -1,5 in the CSV and is a number in the XLSX, not a formula. No list today has a negative figure.
"""

import csv
import datetime
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core.numbers import format_number

# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[object], object]
    # A year is a label, not a quantity: written 2024, never with a thousands separator ("2.024").
    is_year: bool = False


# Where a new cell can start when a CSV is read with the wrong separator or quoting: the start of the text
# and after any separator or line break, even behind quotes and spaces the reader may drop.
_CELL_START = re.compile(r"(^|[,;\t\r\n])(?=[\" ]*[=+\-@\t\r])")


def neutralise_text(value: str) -> str:
    """The text with an apostrophe wherever a spreadsheet could read the start of a formula.

    Line breaks become LF, like the file's own (a CR could otherwise start a cell on its own).
    """
    return _CELL_START.sub(r"\1'", value.replace("\r\n", "\n").replace("\r", "\n"))


def starts_formula(value: str) -> bool:
    return value.lstrip('" ').startswith(_FORMULA_PREFIXES)


def write_text_row(sheet, values: Sequence) -> None:
    """Append a row to an openpyxl sheet: text from any source as string cells, never formulas."""
    sheet.append(list(values))
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            text_cell(sheet.cell(row=sheet.max_row, column=column), value)


def text_cell(cell, value: str) -> None:
    cell.value = value
    cell.data_type = "s"  # openpyxl would store "=..." as a formula
    if starts_formula(value):
        cell.quotePrefix = True


def _csv_value(value, *, is_year: bool = False) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str):
        return neutralise_text(value)
    if is_year:
        return str(value)
    return format_number(value)


def _rows(columns: Sequence[Column], items: Iterable) -> Iterable[list]:
    for item in items:
        yield [column.value(item) for column in columns]


def table_csv(columns: Sequence[Column], items: Iterable) -> bytes:
    """UTF-8 with a byte-order mark and semicolons, so Excel opens Vietnamese text and 0,5 correctly.

    Every field quoted and every text neutralised (see the module's docstring).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow([neutralise_text(str(column.header)) for column in columns])
    for row in _rows(columns, items):
        writer.writerow([_csv_value(v, is_year=column.is_year) for column, v in zip(columns, row, strict=True)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def table_xlsx(columns: Sequence[Column], items: Iterable, *, sheet_title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(sheet_title)[:31]
    write_text_row(sheet, [str(column.header) for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _rows(columns, items):
        write_text_row(sheet, row)
        for cell, value, column in zip(sheet[sheet.max_row], row, columns, strict=True):
            if isinstance(value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
            elif column.is_year:
                cell.number_format = "0"
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def export_response(columns: Sequence[Column], items: Iterable, *, format: str, name: str, sheet_title: str):
    """The file as a download named `<name>-<date>.<format>`."""
    if format == "csv":
        response = HttpResponse(table_csv(columns, items), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(table_xlsx(columns, items, sheet_title=sheet_title), content_type=XLSX_CONTENT_TYPE)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{format}"'
    return response


def filter_error_response() -> HttpResponse:
    return HttpResponse(_("Bộ lọc không hợp lệ."), status=400, content_type="text/plain; charset=utf-8")
