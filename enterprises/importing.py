"""Reading and checking an XLSX list of enterprises. Pure: no database access.

The city publishes its lists with Vietnamese headers; header matching ignores accents, case and
punctuation, so "MA SO THUE", "Mã số thuế" and "mã số thuế (MST)" are the same column. Each row becomes an
ImportRow (the cleaned values it gives) or RowErrors (row, column, value, message) for the report.

Bounds, so that no upload costs more than the largest list the import accepts: the zip and its XML are
inspected first (enterprises.xlsx_limits), then the first sheet is read with openpyxl in read-only mode
for at most MAX_SHEET_LINES lines (blank ones included: a sheet of a million blank rows stops there) and
MAX_COLUMNS columns (columns further right are ignored), every cell at most MAX_CELL_CHARS characters,
and at most MAX_ERRORS errors are collected. Whatever openpyxl raises on a broken file becomes the
message that the file is broken. Measured in tests/enterprises/test_import_property.py: a parse at the
test's limits stays under PARSE_CPU_SECONDS of CPU and PARSE_MEMORY_MB of memory, whatever the input.
"""

import io
import re
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.exports import write_text_row
from core.provinces import canonical_province
from core.text import fold_vietnamese
from enterprises.models import Certification, Enterprise, Sector
from enterprises.taxcode import normalize_tax_code
from enterprises.xlsx_limits import XlsxRefused, inspect_xlsx

MAX_ROWS = 20_000
MAX_BYTES = 10 * 1024 * 1024
MAX_BLANK_ROWS = 1_000  # blank lines tolerated besides the header and the data rows
MAX_COLUMNS = 50
MAX_CELL_CHARS = 2_000
MAX_ERRORS = 1_000
CENT = Decimal("0.01")
MONEY_LIMIT = Decimal(10) ** 12  # max_digits=14 with 2 decimal places


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    aliases: tuple[str, ...] = ()


COLUMNS = (
    Column("tax_code", "Mã số thuế", ("mst", "ma so thue mst")),
    Column("name", "Tên doanh nghiệp", ("ten cong ty", "ten doanh nghiep cong ty")),
    Column("english_name", "Tên tiếng Anh", ("ten tieng anh", "ten giao dich tieng anh", "english name")),
    Column("address", "Địa chỉ", ("dia chi tru so",)),
    Column("province", "Tỉnh/Thành phố", ("tinh thanh", "tinh tp", "tinh", "thanh pho")),
    Column("district", "Quận/Huyện", ("quan huyen thi xa", "quan", "huyen")),
    Column("ownership", "Loại hình sở hữu", ("loai hinh", "hinh thuc so huu")),
    Column("sector", "Ngành chính", ("nganh", "linh vuc", "nganh san xuat chinh")),
    Column("employees", "Số lao động", ("so lao dong bhxh", "lao dong")),
    Column("revenue", "Doanh thu (tỷ đồng)", ("doanh thu",)),
    Column("capital", "Tổng nguồn vốn (tỷ đồng)", ("tong nguon von", "nguon von")),
    Column("certifications", "Chứng nhận", ("chung nhan tieu chuan", "tieu chuan")),
    Column("awards", "Giải thưởng", ("giai thuong danh hieu",)),
)
COLUMN_TITLES = {column.key: column.title for column in COLUMNS}
REQUIRED_HEADERS = ("tax_code", "name")
TEXT_COLUMNS = ("name", "english_name", "address", "province", "district")
# The Enterprise columns an import writes (certifications and awards are rows of their own).
ENTERPRISE_COLUMNS = [column.key for column in COLUMNS if column.key not in ("tax_code", "certifications", "awards")]
# A new enterprise cannot be registered without these.
REQUIRED_FOR_NEW = ("province", "ownership", "sector")


@dataclass
class RowError:
    row: int | None  # the row number in the sheet; None for the file as a whole
    column: str
    value: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ImportRow:
    row: int
    tax_code: str
    values: dict[str, Any] = field(default_factory=dict)
    certifications: list[tuple[str, str]] = field(default_factory=list)
    awards: list[tuple[str, int]] = field(default_factory=list)
    enterprise: Enterprise | None = None  # set once written


@dataclass
class ParsedFile:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    row_count: int = 0


@lru_cache(maxsize=8192)  # the same sector, ownership and province names repeat on every row
def _key(text: Any) -> str:
    """Folded, punctuation-free form used to compare headers and choice labels."""
    return re.sub(r"[^a-z0-9]+", " ", fold_vietnamese(str(text or ""))).strip()


def _header_lookup() -> dict[str, str]:
    lookup = {}
    for column in COLUMNS:
        for name in (column.title, column.key, *column.aliases):
            lookup[_key(name)] = column.key
    return lookup


HEADER_LOOKUP = _header_lookup()


def _choice_lookup(choices, extra: dict[str, str]) -> dict[str, str]:
    lookup = {_key(value): value for value, _label in choices}
    lookup.update({_key(label): value for value, label in choices})
    lookup.update({_key(alias): value for alias, value in extra.items()})
    return lookup


OWNERSHIP_LOOKUP = _choice_lookup(
    Enterprise.Ownership.choices,
    {
        "Tư nhân": Enterprise.Ownership.PRIVATE,
        "Ngoài nhà nước": Enterprise.Ownership.PRIVATE,
        "Doanh nghiệp nhà nước": Enterprise.Ownership.STATE,
        "Vốn đầu tư nước ngoài": Enterprise.Ownership.FDI,
        "FDI": Enterprise.Ownership.FDI,
    },
)
SECTOR_LOOKUP = _choice_lookup(
    Sector.choices,
    {
        "Nhựa": Sector.RUBBER_PLASTICS,
        "Cao su": Sector.RUBBER_PLASTICS,
        "Nhựa - cao su": Sector.RUBBER_PLASTICS,
        "Cơ khí": Sector.MECHANICAL,
        "Điện tử": Sector.ELECTRONICS,
        "Công nghiệp hỗ trợ": Sector.COMPONENTS,
        "Dệt may": Sector.TEXTILE_LEATHER,
        "Da giày": Sector.TEXTILE_LEATHER,
        "Thực phẩm": Sector.FOOD,
        "Chế biến thực phẩm": Sector.FOOD,
        "Hóa chất": Sector.CHEMICALS,
        "Hóa dược": Sector.CHEMICALS,
    },
)
STANDARD_KEYS = {
    "iso9001": Certification.Standard.ISO_9001,
    "iatf16949": Certification.Standard.IATF_16949,
    "iso14001": Certification.Standard.ISO_14001,
    "iso45001": Certification.Standard.ISO_45001,
    "iso13485": Certification.Standard.ISO_13485,
}
YEAR_PATTERN = re.compile(r"(?:19|20)\d{2}")
THOUSANDS_PATTERN = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


# --- Cell values -------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def _number(value: Any) -> Decimal:
    """A number from a cell: Excel numbers as they are, text in Vietnamese ("1.234,5") or plain ("12.5")."""
    if isinstance(value, bool):
        raise InvalidOperation
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value))
    text = str(value).replace("\xa0", "").replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif THOUSANDS_PATTERN.match(text):
        text = text.replace(".", "")
    return Decimal(text)


class CellError(Exception):
    pass


def _clean_employees(value: Any) -> int:
    try:
        number = _number(value)
    except InvalidOperation as exc:
        raise CellError(_("Số lao động phải là một số nguyên.")) from exc
    if number != number.to_integral_value():
        raise CellError(_("Số lao động phải là một số nguyên."))
    if number < 0:
        raise CellError(_("Số lao động không được âm."))
    if number > 2_000_000_000:
        raise CellError(_("Số lao động quá lớn."))
    return int(number)


def _clean_money(value: Any) -> Decimal:
    try:
        number = _number(value)
    except InvalidOperation as exc:
        raise CellError(_("Giá trị phải là một số (tỷ đồng).")) from exc
    if not number.is_finite():
        raise CellError(_("Giá trị phải là một số (tỷ đồng)."))
    if number < 0:
        raise CellError(_("Giá trị không được âm."))
    if number >= MONEY_LIMIT:
        raise CellError(_("Giá trị quá lớn."))
    return number.quantize(CENT, rounding=ROUND_HALF_UP)


def _clean_choice(value: Any, lookup: dict[str, str], message: str) -> str:
    choice = lookup.get(_key(value))
    if choice is None:
        raise CellError(message)
    return choice


def _clean_certifications(value: Any) -> list[tuple[str, str]]:
    found = []
    for token in re.split(r"[;,\n]+", _text_lines(value)):
        token = " ".join(token.split())
        if not token:
            continue
        compact = _key(token).replace(" ", "")
        standard = next((std for prefix, std in STANDARD_KEYS.items() if compact.startswith(prefix)), None)
        if standard:
            found.append((standard, ""))
        elif len(token) > 100:
            raise CellError(_("Tên chứng nhận dài quá 100 ký tự: %(name)s") % {"name": token[:40]})
        else:
            found.append((Certification.Standard.OTHER, token))
    return list(dict.fromkeys(found))


def _clean_awards(value: Any) -> list[tuple[str, int]]:
    found = []
    for token in re.split(r"[;\n]+", _text_lines(value)):
        token = " ".join(token.split())
        if not token:
            continue
        years = YEAR_PATTERN.findall(token)
        if not years:
            raise CellError(
                _("Giải thưởng cần ghi kèm năm, ví dụ: Thương hiệu Vàng (2022). Không rõ năm: %(name)s")
                % {"name": token}
            )
        year = int(years[-1])
        if year > date.today().year:
            raise CellError(_("Năm của giải thưởng ở tương lai: %(name)s") % {"name": token})
        name = re.sub(r"[\s(\[,–-]*" + years[-1] + r"[)\]]?", "", token, count=1).strip(" -–,(")
        name = re.sub(r"\s+năm$", "", name, flags=re.IGNORECASE)
        if not name or len(name) > 200:
            raise CellError(_("Tên giải thưởng trống hoặc dài quá 200 ký tự: %(name)s") % {"name": token[:40]})
        found.append((name, year))
    return list(dict.fromkeys(found))


def _text_lines(value: Any) -> str:
    return "" if value is None else str(value)


TEXT_LIMITS = {name: Enterprise._meta.get_field(name).max_length for name in TEXT_COLUMNS}
CELL_CLEANERS = {
    "employees": _clean_employees,
    "revenue": _clean_money,
    "capital": _clean_money,
    "ownership": lambda value: _clean_choice(
        value, OWNERSHIP_LOOKUP, _("Loại hình sở hữu không hợp lệ (dùng: Tư nhân trong nước, Nhà nước, FDI).")
    ),
    "sector": lambda value: _clean_choice(
        value, SECTOR_LOOKUP, _("Ngành chính không có trong danh mục (xem trang Hướng dẫn của tệp mẫu).")
    ),
}


def _clean_text(key: str, value: Any) -> str:
    text = _text(value)
    if len(text) > TEXT_LIMITS[key]:
        raise CellError(_("Nội dung dài quá %(n)s ký tự.") % {"n": TEXT_LIMITS[key]})
    return _canonical_province(text) if key == "province" else text


_canonical_province = lru_cache(maxsize=1024)(canonical_province)


# --- Rows --------------------------------------------------------------------------------------------


def _clean_row(number: int, cells: dict[str, Any], seen: dict[str, int]) -> tuple[ImportRow | None, list[RowError]]:
    errors: list[RowError] = []

    def fail(key: str, message: str) -> None:
        errors.append(RowError(number, COLUMN_TITLES[key], _text(cells.get(key)), message))

    tax_code = ""
    try:
        tax_code = normalize_tax_code(_text(cells.get("tax_code")))
    except ValidationError as exc:
        fail("tax_code", exc.messages[0])
    if tax_code in seen:
        fail("tax_code", _("Mã số thuế trùng với dòng %(row)s của tệp.") % {"row": seen[tax_code]})
    elif tax_code:
        seen[tax_code] = number
    if not _text(cells.get("name")):
        fail("name", _("Thiếu tên doanh nghiệp."))

    row = ImportRow(row=number, tax_code=tax_code)
    for key, raw in cells.items():
        if key == "tax_code" or raw is None or _text(raw) == "":
            continue  # an empty cell leaves the registered value as it is
        try:
            if key in TEXT_COLUMNS:
                row.values[key] = _clean_text(key, raw)
            elif key == "certifications":
                row.certifications = _clean_certifications(raw)
            elif key == "awards":
                row.awards = _clean_awards(raw)
            else:
                row.values[key] = CELL_CLEANERS[key](raw)
        except CellError as exc:
            fail(key, str(exc))
    return (None if errors else row), errors


def _map_headers(header: tuple) -> tuple[dict[int, str], list[RowError]]:
    positions: dict[int, str] = {}
    for index, title in enumerate(header):
        key = HEADER_LOOKUP.get(_key(title))
        if key and key not in positions.values():
            positions[index] = key
    missing = [COLUMN_TITLES[key] for key in REQUIRED_HEADERS if key not in positions.values()]
    if missing:
        message = _("Thiếu cột bắt buộc: %(columns)s. Hãy dùng tệp mẫu.") % {"columns": ", ".join(missing)}
        return positions, [RowError(1, "", "", message)]
    return positions, []


def _vn_int(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _broken_file() -> CellError:
    return CellError(_("Tệp bị hỏng hoặc không phải là bảng tính Excel (.xlsx) hợp lệ."))


def _open_sheet(file, max_bytes: int, max_lines: int):
    size = getattr(file, "size", None)
    if size is None:
        size = file.seek(0, io.SEEK_END)
        file.seek(0)
    if size > max_bytes:
        limit = max_bytes // (1024 * 1024)
        raise CellError(_("Tệp quá lớn: tối đa %(mb)s MB.") % {"mb": limit})
    try:
        inspect_xlsx(file, max_sheet_rows=max_lines)
    except XlsxRefused as exc:
        raise CellError(str(exc)) from exc
    try:
        workbook = load_workbook(file, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises anything on a broken file; the user gets one message
        raise _broken_file() from exc
    if not workbook.worksheets:
        workbook.close()
        raise CellError(_("Tệp không có trang tính nào."))
    return workbook


def parse_enterprise_file(file, *, max_rows: int = MAX_ROWS, max_bytes: int = MAX_BYTES) -> ParsedFile:
    """Read the first sheet: a header row, then one enterprise per row. Nothing is written anywhere."""
    parsed = ParsedFile()
    try:
        workbook = _open_sheet(file, max_bytes, _max_lines(max_rows))
    except CellError as exc:
        parsed.errors.append(RowError(None, "", "", str(exc)))
        return parsed
    try:
        _read_rows(workbook.worksheets[0], parsed, max_rows)
    except CellError as exc:
        parsed.rows = []
        parsed.errors.append(RowError(None, "", "", str(exc)))
    finally:
        workbook.close()
    return parsed


def _max_lines(max_rows: int) -> int:
    return max_rows + 1 + MAX_BLANK_ROWS


def _lines(sheet, max_lines: int):
    """The sheet's lines, at most max_lines + 1 of them and MAX_COLUMNS wide; a parser failure is a CellError."""
    lines = sheet.iter_rows(min_row=1, max_row=max_lines + 1, max_col=MAX_COLUMNS, values_only=True)
    while True:
        try:
            line = next(lines)
        except StopIteration:
            return
        except Exception as exc:  # noqa: BLE001 - broken XML, bad shared-string index, bad number...
            raise _broken_file() from exc
        yield line


def _long_cells(number: int, line: tuple, positions: dict[int, str]) -> list[RowError]:
    errors = []
    for index, value in enumerate(line):
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            letter = get_column_letter(index + 1)
            message = _("Dòng %(row)s, ô %(cell)s: nội dung dài quá %(n)s ký tự.") % {
                "row": number,
                "cell": letter,
                "n": _vn_int(MAX_CELL_CHARS),
            }
            column = COLUMN_TITLES.get(positions.get(index, ""), letter)
            errors.append(RowError(number, column, value[:100] + "…", message))
    return errors


def _read_rows(sheet, parsed: ParsedFile, max_rows: int) -> None:
    max_lines = _max_lines(max_rows)
    lines = _lines(sheet, max_lines)
    header = next(lines, None)
    if header is None:
        parsed.errors.append(RowError(None, "", "", _("Tệp không có dữ liệu.")))
        return
    long_cells = _long_cells(1, header, {})
    if long_cells:
        parsed.errors.extend(long_cells)
        return
    positions, header_errors = _map_headers(header)
    if header_errors:
        parsed.errors.extend(header_errors)
        return
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=2):
        if number > max_lines:
            message = _(
                "Trang tính có hơn %(n)s dòng (kể cả dòng trống); hãy xóa các dòng thừa hoặc chia thành nhiều tệp."
            )
            parsed.errors.append(RowError(None, "", "", message % {"n": _vn_int(max_lines)}))
            return
        long_cells = _long_cells(number, line, positions)
        if long_cells:
            parsed.errors.extend(long_cells)
            continue
        cells = {key: line[index] for index, key in positions.items() if index < len(line)}
        if all(value is None or _text(value) == "" for value in cells.values()):
            continue
        parsed.row_count += 1
        if parsed.row_count > max_rows:
            message = _("Tệp có hơn %(n)s dòng dữ liệu; hãy chia thành nhiều tệp.") % {"n": _vn_int(max_rows)}
            parsed.errors.append(RowError(None, "", "", message))
            return
        row, errors = _clean_row(number, cells, seen)
        if row:
            parsed.rows.append(row)
        parsed.errors.extend(errors)
        if len(parsed.errors) >= MAX_ERRORS:
            message = _("Đã dừng kiểm tra sau %(n)s lỗi; hãy sửa các lỗi này rồi tải lên lại.") % {
                "n": _vn_int(MAX_ERRORS)
            }
            parsed.errors.append(RowError(None, "", "", message))
            return


def registry_errors(
    rows: list[ImportRow], existing_provinces: dict[str, str], *, can_manage_province
) -> list[RowError]:
    """Checks that need the registry: what a new enterprise must give, and whose city the row is in."""
    errors = []
    for row in rows:
        current = existing_provinces.get(row.tax_code)
        if current is None:
            for key in REQUIRED_FOR_NEW:
                if key not in row.values:
                    message = _("Doanh nghiệp mới (chưa có mã số thuế này) cần có %(column)s.") % {
                        "column": COLUMN_TITLES[key]
                    }
                    errors.append(RowError(row.row, COLUMN_TITLES[key], "", message))
        province = row.values.get("province", current)
        for checked in {current, province} - {None}:
            if not can_manage_province(checked):
                message = _("Doanh nghiệp ở %(province)s không thuộc thành phố bạn phụ trách.") % {"province": checked}
                errors.append(RowError(row.row, COLUMN_TITLES["province"], checked, message))
    return errors


# --- Workbooks we hand out ---------------------------------------------------------------------------


def _workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def build_template() -> bytes:
    """The XLSX to fill in: the header row, and a guide sheet listing the accepted values."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Doanh nghiệp")
    sheet.append([column.title for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet(_("Hướng dẫn"))
    guide.append([_("Cột"), _("Giá trị hợp lệ")])
    guide.append([COLUMN_TITLES["tax_code"], _("10 chữ số, hoặc 13 chữ số với chi nhánh (0100233488-001).")])
    guide.append([COLUMN_TITLES["ownership"], "; ".join(str(label) for label in Enterprise.Ownership.labels)])
    guide.append([COLUMN_TITLES["sector"], "; ".join(str(label) for label in Sector.labels)])
    guide.append([COLUMN_TITLES["certifications"], _("Cách nhau bởi dấu chấm phẩy: ISO 9001; IATF 16949")])
    guide.append([COLUMN_TITLES["awards"], _("Tên và năm, cách nhau bởi dấu chấm phẩy: Thương hiệu Vàng (2022)")])
    guide.append([_("Ô để trống"), _("Giữ nguyên thông tin đã có của doanh nghiệp.")])
    return _workbook_bytes(workbook)


def build_error_report(errors: list[dict[str, Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Lỗi")
    sheet.append([_("Dòng"), _("Cột"), _("Giá trị"), _("Lỗi")])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for error in errors:
        # The value, and the messages that quote it, are what the file held: written as text, never formulas.
        write_text_row(
            sheet, [error["row"] or _("Cả tệp"), str(error["column"]), str(error["value"]), str(error["message"])]
        )
    return _workbook_bytes(workbook)
