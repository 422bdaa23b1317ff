"""Past decision lists (danh sách sản phẩm đã được công nhận) loaded from XLSX, all rows or none.

The file is read with the enterprise import's machinery (enterprises/importing.py: the zip and XML bounds of
enterprises/xlsx_limits.py, the read-only sheet, header matching that ignores accents and case, row errors with
row, column, value and a Vietnamese message). Each row is one recognised product of one year's decision. Every
row is checked, first alone, then against the registry; if any fails nothing is written.

What a row becomes: the year's round of the programme (the existing one, or a closed round marked
is_historical whose decision is the city UBND's), the product (the enterprise's product of that name, or a new
one), and its recognition, first-time unless the product was recognised in an earlier year (in the registry or
earlier in the same file). An unknown tax code is a row error: a decision list gives neither the enterprise's
province nor its ownership, which the registry requires, so the enterprise is registered first (enterprise
import or staff page), never half-made here.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from core import permissions
from core.dates import add_years, validate_date_in_range, validate_year
from core.text import fold_vietnamese
from core.uploads import safe_display_name, validate_upload
from enterprises.importing import (
    MAX_CELL_CHARS,
    MAX_ERRORS,
    SECTOR_LOOKUP,
    CellError,
    Column,
    RowError,
    _key,
    _lines,
    _open_sheet,
    _text,
    _vn_int,
    _workbook_bytes,
    build_error_report,
)
from enterprises.models import Enterprise, Sector
from enterprises.taxcode import normalize_tax_code
from products.certified import certified_fields
from products.models import Product, Recognition, RecognitionImport, RecognitionRound, RoundEvent
from products.selectors import product_search_text, recognition_committee
from programs.models import Program

# A city's decision lists hold tens of products a year (Hanoi 2021: 46; 2022: 33): a file of years of them
# stays far below these bounds.
MAX_ROWS = 2_000
MAX_BYTES = 5 * 1024 * 1024
MAX_BLANK_ROWS = 200

COLUMNS = (
    Column("year", "Năm", ("nam xet chon", "nam cong nhan", "dot")),
    Column("decision_number", "Số quyết định", ("so qd", "quyet dinh so", "so quyet dinh cong nhan")),
    Column("decision_date", "Ngày quyết định", ("ngay qd", "ngay ban hanh", "ngay quyet dinh cong nhan")),
    Column("product", "Tên sản phẩm", ("san pham", "ten san pham duoc cong nhan")),
    Column("sector", "Ngành", ("nganh san xuat", "linh vuc", "nganh chinh")),
    Column("tax_code", "Mã số thuế", ("mst", "ma so thue mst")),
    Column("enterprise", "Tên doanh nghiệp", ("doanh nghiep", "ten cong ty", "ten doanh nghiep cong ty")),
    Column("kind", "Loại", ("loai san pham", "loai cong nhan", "chu luc tiem nang")),
    Column("certificate_number", "Số giấy chứng nhận", ("so gcn", "so chung nhan", "giay chung nhan so")),
    Column("valid_from", "Hiệu lực từ", ("ngay hieu luc", "hieu luc tu ngay")),
    Column("valid_until", "Hiệu lực đến", ("ngay het hieu luc", "het hieu luc", "hieu luc den ngay")),
)
TITLES = {column.key: column.title for column in COLUMNS}
REQUIRED = (
    "year",
    "decision_number",
    "decision_date",
    "product",
    "tax_code",
    "enterprise",
    "kind",
    "certificate_number",
)
HEADER_LOOKUP = {_key(name): column.key for column in COLUMNS for name in (column.title, column.key, *column.aliases)}
KIND_LOOKUP = {
    **{_key(label): value for value, label in Recognition.Kind.choices},
    **{_key(value): value for value, _label in Recognition.Kind.choices},
    _key("chủ lực"): Recognition.Kind.KEY,
    _key("sản phẩm chủ lực"): Recognition.Kind.KEY,
    _key("tiềm năng"): Recognition.Kind.POTENTIAL,
    _key("sản phẩm tiềm năng"): Recognition.Kind.POTENTIAL,
}
LIMITS = {
    "decision_number": Recognition._meta.get_field("decision_number").max_length,
    "certificate_number": Recognition._meta.get_field("certificate_number").max_length,
    "product": Product._meta.get_field("name").max_length,
    "enterprise": Recognition._meta.get_field("enterprise_name").max_length,
}


@dataclass
class HistoryRow:
    row: int
    year: int
    decision_number: str
    decision_date: datetime.date
    product: str
    sector: str
    tax_code: str
    enterprise_name: str
    kind: str
    certificate_number: str
    valid_from: datetime.date | None
    valid_until: datetime.date | None


@dataclass
class ParsedHistory:
    rows: list[HistoryRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    row_count: int = 0


@dataclass
class HistoryImportResult:
    record: RecognitionImport | None
    errors: list[RowError] = field(default_factory=list)
    rounds_created: int = 0
    products_created: int = 0

    @property
    def ok(self) -> bool:
        return self.record is not None


# --- Cells -------------------------------------------------------------------------------------------


def _date(value: Any) -> datetime.date:
    """A date cell: an Excel date, or text written the Vietnamese way (05/02/2021, 5-2-2021) or as 2021-02-05."""
    if isinstance(value, datetime.datetime):
        day = value.date()
    elif isinstance(value, datetime.date):
        day = value
    else:
        text = _text(value).replace("-", "/").replace(".", "/")
        parts = text.split("/")
        try:
            if len(parts) == 3 and len(parts[0]) == 4:
                day = datetime.date(int(parts[0]), int(parts[1]), int(parts[2]))
            elif len(parts) == 3:
                day = datetime.date(int(parts[2]), int(parts[1]), int(parts[0]))
            else:
                raise ValueError
        except ValueError as exc:
            raise CellError(_("Ngày không hợp lệ; hãy ghi theo dạng ngày/tháng/năm, ví dụ 05/02/2021.")) from exc
    try:
        validate_date_in_range(day)
    except ValidationError as exc:
        raise CellError(exc.messages[0]) from exc
    return day


def _year(value: Any) -> int:
    text = _text(value)
    if not text.isdigit():
        raise CellError(_("Năm phải là một số có 4 chữ số, ví dụ 2021."))
    year = int(text)
    try:
        validate_year(year)
    except ValidationError as exc:
        raise CellError(exc.messages[0]) from exc
    return year


def _bounded_text(key: str, value: Any) -> str:
    text = _text(value)
    if len(text) > LIMITS[key]:
        raise CellError(_("Nội dung dài quá %(n)s ký tự.") % {"n": LIMITS[key]})
    return text


def _clean_row(number: int, cells: dict[str, Any], today: datetime.date) -> tuple[HistoryRow | None, list[RowError]]:
    errors: list[RowError] = []
    values: dict[str, Any] = {}

    def fail(key: str, message: str) -> None:
        errors.append(RowError(number, TITLES[key], _text(cells.get(key))[:100], message))

    for key in REQUIRED:
        if _text(cells.get(key)) == "":
            fail(key, _("Thiếu %(column)s.") % {"column": TITLES[key]})
    cleaners = {
        "year": _year,
        "decision_date": _date,
        "valid_from": _date,
        "valid_until": _date,
        "tax_code": lambda value: _tax_code(value),
        "kind": lambda value: _choice(value, KIND_LOOKUP, _("Loại phải là “chủ lực” hoặc “tiềm năng”.")),
        "sector": lambda value: _choice(
            value, SECTOR_LOOKUP, _("Ngành không có trong danh mục (xem trang Hướng dẫn của tệp mẫu).")
        ),
    }
    for key in TITLES:
        raw = cells.get(key)
        if _text(raw) == "":
            values[key] = None if key in ("valid_from", "valid_until") else ""
            continue
        try:
            cleaner = cleaners.get(key)
            values[key] = cleaner(raw) if cleaner else _bounded_text(key, raw)
        except CellError as exc:
            fail(key, str(exc))
    if errors:
        return None, errors
    if values["decision_date"] > today:
        fail("decision_date", _("Ngày quyết định không được ở tương lai."))
    if values["valid_from"] and values["valid_until"] and values["valid_until"] < values["valid_from"]:
        fail("valid_until", _("Ngày hết hiệu lực không được trước ngày bắt đầu hiệu lực."))
    if errors:
        return None, errors
    row = HistoryRow(
        row=number,
        year=values["year"],
        decision_number=values["decision_number"],
        decision_date=values["decision_date"],
        product=values["product"],
        sector=values["sector"],
        tax_code=values["tax_code"],
        enterprise_name=values["enterprise"],
        kind=values["kind"],
        certificate_number=values["certificate_number"],
        valid_from=values["valid_from"],
        valid_until=values["valid_until"],
    )
    return row, []


def _tax_code(value: Any) -> str:
    try:
        return normalize_tax_code(_text(value))
    except ValidationError as exc:
        raise CellError(exc.messages[0]) from exc


def _choice(value: Any, lookup: dict[str, str], message: str) -> str:
    choice = lookup.get(_key(value))
    if choice is None:
        raise CellError(message)
    return choice


# --- The sheet ---------------------------------------------------------------------------------------


def _map_headers(header: tuple) -> tuple[dict[int, str], list[RowError]]:
    positions: dict[int, str] = {}
    for index, title in enumerate(header):
        key = HEADER_LOOKUP.get(_key(title))
        if key and key not in positions.values():
            positions[index] = key
    missing = [TITLES[key] for key in REQUIRED if key not in positions.values()]
    if missing:
        message = _("Thiếu cột bắt buộc: %(columns)s. Hãy dùng tệp mẫu.") % {"columns": ", ".join(missing)}
        return positions, [RowError(1, "", "", message)]
    return positions, []


def _long_cell(number: int, line: tuple, positions: dict[int, str]) -> RowError | None:
    for index, value in enumerate(line):
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            message = _("Nội dung dài quá %(n)s ký tự.") % {"n": _vn_int(MAX_CELL_CHARS)}
            return RowError(number, TITLES.get(positions.get(index, ""), ""), value[:100] + "…", message)
    return None


def parse_history_file(file, *, today: datetime.date, max_rows: int | None = None) -> ParsedHistory:
    """Read the first sheet: a header row, then one recognised product per row. Nothing is written."""
    parsed = ParsedHistory()
    max_rows = max_rows or MAX_ROWS
    max_lines = max_rows + 1 + MAX_BLANK_ROWS
    try:
        workbook = _open_sheet(file, MAX_BYTES, max_lines)
    except CellError as exc:
        parsed.errors.append(RowError(None, "", "", str(exc)))
        return parsed
    try:
        _read(workbook.worksheets[0], parsed, max_rows, max_lines, today)
    except CellError as exc:
        parsed.rows = []
        parsed.errors.append(RowError(None, "", "", str(exc)))
    finally:
        workbook.close()
    return parsed


def _read(sheet, parsed: ParsedHistory, max_rows: int, max_lines: int, today: datetime.date) -> None:
    lines = _lines(sheet, max_lines)
    header = next(lines, None)
    if header is None:
        parsed.errors.append(RowError(None, "", "", _("Tệp không có dữ liệu.")))
        return
    positions, header_errors = _map_headers(header)
    if header_errors:
        parsed.errors.extend(header_errors)
        return
    for number, line in enumerate(lines, start=2):
        if number > max_lines:
            message = _("Trang tính có hơn %(n)s dòng (kể cả dòng trống); hãy xóa các dòng thừa.")
            parsed.errors.append(RowError(None, "", "", message % {"n": _vn_int(max_lines)}))
            return
        cells = {key: line[index] for index, key in positions.items() if index < len(line)}
        if all(_text(value) == "" for value in cells.values()):
            continue
        parsed.row_count += 1
        if parsed.row_count > max_rows:
            message = _("Tệp có hơn %(n)s dòng dữ liệu; hãy chia thành nhiều tệp.") % {"n": _vn_int(max_rows)}
            parsed.errors.append(RowError(None, "", "", message))
            return
        long_cell = _long_cell(number, line, positions)
        if long_cell:
            parsed.errors.append(long_cell)
            continue
        row, errors = _clean_row(number, cells, today)
        if row:
            parsed.rows.append(row)
        parsed.errors.extend(errors)
        if len(parsed.errors) >= MAX_ERRORS:
            message = _("Đã dừng kiểm tra sau %(n)s lỗi; hãy sửa các lỗi này rồi tải lên lại.") % {
                "n": _vn_int(MAX_ERRORS)
            }
            parsed.errors.append(RowError(None, "", "", message))
            return


# --- Checks across rows and against the registry -----------------------------------------------------


def _product_key(tax_code: str, name: str) -> tuple[str, str]:
    return tax_code, " ".join(fold_vietnamese(name).split())


def _file_errors(rows: list[HistoryRow]) -> list[RowError]:
    """Within the file: a certificate number once, a product once a year, one decision per year."""
    errors = []
    certificates: dict[str, int] = {}
    products: dict[tuple, int] = {}
    decisions: dict[int, HistoryRow] = {}
    for row in rows:
        seen = certificates.setdefault(row.certificate_number.casefold(), row.row)
        if seen != row.row:
            message = _("Số giấy chứng nhận trùng với dòng %(row)s của tệp.") % {"row": seen}
            errors.append(RowError(row.row, TITLES["certificate_number"], row.certificate_number, message))
        seen = products.setdefault((row.year, *_product_key(row.tax_code, row.product)), row.row)
        if seen != row.row:
            message = _("Sản phẩm này của doanh nghiệp đã có ở dòng %(row)s, cùng năm.") % {"row": seen}
            errors.append(RowError(row.row, TITLES["product"], row.product, message))
        first = decisions.setdefault(row.year, row)
        if (first.decision_number, first.decision_date) != (row.decision_number, row.decision_date):
            message = _("Các dòng cùng năm %(year)s phải cùng số và ngày quyết định (như dòng %(row)s).") % {
                "year": row.year,
                "row": first.row,
            }
            errors.append(RowError(row.row, TITLES["decision_number"], row.decision_number, message))
    return errors


@dataclass
class _Registry:
    enterprises: dict[str, Enterprise]
    rounds: dict[int, RecognitionRound]
    products: dict[tuple[str, str], Product]
    recognised: set[tuple[int, int]]  # (product id, round year) already recognised


def _load_registry(program: Program, rows: list[HistoryRow]) -> _Registry:
    enterprises = Enterprise.objects.in_bulk({row.tax_code for row in rows}, field_name="tax_code")
    rounds = {r.year: r for r in RecognitionRound.objects.filter(program=program, year__in={row.year for row in rows})}
    products = {}
    for product in Product.objects.filter(enterprise__in=enterprises.values()).select_related("enterprise"):
        products.setdefault(_product_key(product.enterprise.tax_code, product.name), product)
    recognised = set(Recognition.objects.filter(product__in=products.values()).values_list("product_id", "round__year"))
    return _Registry(enterprises=enterprises, rounds=rounds, products=products, recognised=recognised)


def _registry_errors(program: Program, rows: list[HistoryRow], registry: _Registry) -> list[RowError]:
    errors = []
    taken = set(
        Recognition.objects.filter(certificate_number__in=[row.certificate_number for row in rows]).values_list(
            "certificate_number", flat=True
        )
    )
    for row in rows:
        if row.tax_code not in registry.enterprises:
            message = _(
                "Chưa có doanh nghiệp với mã số thuế này: hãy thêm doanh nghiệp vào danh bạ trước (nhập danh sách "
                "doanh nghiệp hoặc thêm ở trang quản lý doanh nghiệp)."
            )
            errors.append(RowError(row.row, TITLES["tax_code"], row.tax_code, message))
        if row.certificate_number in taken:
            message = _("Số giấy chứng nhận này đã có trong hệ thống.")
            errors.append(RowError(row.row, TITLES["certificate_number"], row.certificate_number, message))
        product = registry.products.get(_product_key(row.tax_code, row.product))
        if product is not None and (product.pk, row.year) in registry.recognised:
            message = _("Sản phẩm này đã được công nhận trong đợt năm %(year)s.") % {"year": row.year}
            errors.append(RowError(row.row, TITLES["product"], row.product, message))
        if row.valid_until is None and program.recognition_valid_years is None:
            message = _(
                "Thiếu ngày hết hiệu lực, và chương trình chưa quy định thời hạn hiệu lực của công nhận để tính."
            )
            errors.append(RowError(row.row, TITLES["valid_until"], "", message))
    return errors


# --- Writing -----------------------------------------------------------------------------------------


def _historical_round(*, program: Program, row: HistoryRow, committee) -> RecognitionRound:
    # Stored text is written in the site's language (Vietnamese), whatever language the importer reads.
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Danh sách công nhận năm %(year)s (nhập từ quyết định đã công bố)") % {"year": row.year}
    return RecognitionRound.objects.create(
        program=program,
        year=row.year,
        title=title,
        status=RecognitionRound.Status.CLOSED,
        is_historical=True,
        decision_body=committee,
        decision_number=row.decision_number,
        decision_date=row.decision_date,
    )


def _first_times(rows: list[HistoryRow], registry: _Registry) -> dict[int, bool]:
    """Row number → first time: no recognition of the same product in an earlier year, in the registry or in the
    file. Products are told apart by their enterprise's tax code and folded name, before any is created."""
    earliest: dict[tuple[str, str], int] = {}
    for product_key, product in registry.products.items():
        years = [year for pk, year in registry.recognised if pk == product.pk]
        if years:
            earliest[product_key] = min(years)
    for row in rows:
        product_key = _product_key(row.tax_code, row.product)
        earliest[product_key] = min(row.year, earliest.get(product_key, row.year))
    return {row.row: earliest[_product_key(row.tax_code, row.product)] >= row.year for row in rows}


def _write(*, actor, program: Program, rows: list[HistoryRow], registry: _Registry, committee) -> tuple[int, int]:
    rounds_created = products_created = 0
    first_times = _first_times(rows, registry)
    counts: dict[int, int] = {}
    for row in sorted(rows, key=lambda r: (r.year, r.row)):
        round = registry.rounds.get(row.year)
        if round is None:
            round = registry.rounds[row.year] = _historical_round(program=program, row=row, committee=committee)
            rounds_created += 1
        enterprise = registry.enterprises[row.tax_code]
        product_key = _product_key(row.tax_code, row.product)
        product = registry.products.get(product_key)
        if product is None:
            sector = row.sector or enterprise.sector
            product = registry.products[product_key] = Product(
                enterprise=enterprise,
                name=row.product,
                sector=sector,
                search_text=product_search_text(name=row.product, description="", sector=sector),
            )
            product._history_user = actor
            product.save()
            products_created += 1
        valid_from = row.valid_from or row.decision_date
        valid_until = row.valid_until or add_years(valid_from, program.recognition_valid_years)
        certified = certified_fields(product)
        # The names the decision list printed are what was certified, whatever the registry calls them today.
        certified.update(product_name=row.product, enterprise_name=row.enterprise_name)
        if row.sector:
            certified["product_sector"] = row.sector
        recognition = Recognition(
            product=product,
            round=round,
            kind=row.kind,
            **certified,
            is_first_time=first_times[row.row],
            decision_body_name=committee.name,
            decision_number=row.decision_number,
            decision_date=row.decision_date,
            certificate_number=row.certificate_number,
            valid_from=valid_from,
            valid_until=valid_until,
        )
        recognition._history_user = actor
        recognition.save()
        counts[round.pk] = counts.get(round.pk, 0) + 1
    _later_become_renewals(rows, registry)
    for round_id, count in counts.items():
        with translation.override(settings.LANGUAGE_CODE):
            note = _("Nhập %(n)s sản phẩm được công nhận từ danh sách đã công bố.") % {"n": count}
        RoundEvent.objects.create(round_id=round_id, kind=RoundEvent.Kind.IMPORTED, actor=actor, note=note)
    return rounds_created, products_created


def _later_become_renewals(rows: list[HistoryRow], registry: _Registry) -> None:
    """A recognition already recorded for a later year than an imported one is a renewal now that history shows
    the earlier one."""
    earliest: dict[int, int] = {}
    for row in rows:
        product = registry.products[_product_key(row.tax_code, row.product)]
        earliest[product.pk] = min(row.year, earliest.get(product.pk, row.year))
    later = Q()
    for product_id, year in earliest.items():
        later |= Q(product_id=product_id, round__year__gt=year)
    Recognition.objects.filter(later, is_first_time=True).update(is_first_time=False)


def recognition_list_import(
    *, actor, program: Program, file, today: datetime.date | None = None
) -> HistoryImportResult:
    """Import a past decision list of `program` from XLSX: all rows, or none with the row errors.

    Staff of the programme's city (and administrators) only."""
    permissions.require_city_editor(actor, program.city_id)
    today = today or timezone.localdate()
    try:
        validate_upload(file, ("xlsx",))
    except ValidationError as exc:
        return HistoryImportResult(record=None, errors=[RowError(None, "", "", exc.messages[0])])
    parsed = parse_history_file(file, today=today)
    errors = list(parsed.errors)
    if not errors and not parsed.rows:
        errors = [RowError(None, "", "", _("Tệp không có dòng dữ liệu nào."))]
    committee = recognition_committee(program.city_id)
    if committee is None:
        message = _("Chưa cấu hình Ủy ban nhân dân của thành phố, cơ quan ra quyết định công nhận.")
        errors.append(RowError(None, "", "", message))
    if any(error.row is None or error.row == 1 for error in errors):
        return HistoryImportResult(record=None, errors=_sorted(errors))
    # The rows that read well are checked together and against the registry too: one upload lists every error.
    errors += _file_errors(parsed.rows)
    try:
        with transaction.atomic():
            registry = _load_registry(program, parsed.rows)
            errors += _registry_errors(program, parsed.rows, registry)
            if errors:
                return HistoryImportResult(record=None, errors=_sorted(errors))
            rounds_created, products_created = _write(
                actor=actor, program=program, rows=parsed.rows, registry=registry, committee=committee
            )
            record = RecognitionImport.objects.create(
                created_by=actor,
                program=program,
                original_name=safe_display_name(getattr(file, "name", "") or "danh-sach.xlsx"),
                row_count=len(parsed.rows),
            )
    except IntegrityError:
        # Another import (or a decision) took a certificate number or a year's round in the meantime.
        message = _("Dữ liệu vừa thay đổi trong lúc nhập (có thể do một lần nhập khác); hãy tải tệp lên lại.")
        return HistoryImportResult(record=None, errors=[RowError(None, "", "", message)])
    return HistoryImportResult(
        record=record, rounds_created=rounds_created, products_created=products_created, errors=[]
    )


def _sorted(errors: list[RowError]) -> list[RowError]:
    return sorted(errors, key=lambda error: error.row or 0)


# --- Workbooks we hand out ---------------------------------------------------------------------------


def build_template() -> bytes:
    """The XLSX to fill in: the header row, an example row, and a guide sheet listing the accepted values."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Danh sách công nhận")
    sheet.append([column.title for column in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet(_("Hướng dẫn"))
    guide.append([_("Cột"), _("Giá trị hợp lệ")])
    guide.append([TITLES["year"], _("Năm của đợt xét chọn, ví dụ 2021.")])
    guide.append([TITLES["decision_number"], _("Số quyết định công nhận của UBND thành phố, ví dụ 5012/QĐ-UBND.")])
    guide.append([TITLES["decision_date"], _("Ngày/tháng/năm, ví dụ 05/02/2021.")])
    guide.append(
        [TITLES["sector"], _("Không bắt buộc. Một trong: ") + "; ".join(str(label) for label in Sector.labels)]
    )
    guide.append([TITLES["tax_code"], _("Doanh nghiệp phải có trong danh bạ; 10 hoặc 13 chữ số.")])
    guide.append([TITLES["kind"], _("chủ lực hoặc tiềm năng")])
    guide.append([TITLES["certificate_number"], _("Không trùng với giấy chứng nhận đã có.")])
    guide.append(
        [
            f"{TITLES['valid_from']}, {TITLES['valid_until']}",
            _(
                "Không bắt buộc. Để trống: hiệu lực từ ngày quyết định, đến hết thời hạn chương trình quy định "
                "(nếu chương trình chưa quy định thì phải ghi ngày hết hiệu lực)."
            ),
        ]
    )
    guide.append([_("Cả tệp"), _("Nếu có dòng lỗi, không dòng nào được lưu.")])
    return _workbook_bytes(workbook)


def error_report(errors: list[RowError]) -> bytes:
    return build_error_report([error.as_dict() for error in errors])


# --- Reads for the staff page ------------------------------------------------------------------------


def importable_programs(user):
    """The programmes whose past lists `user` may load: their city's, every one for administrators."""
    city_ids = permissions.editable_city_ids(user)
    programs = Program.objects.select_related("city").order_by("city__name", "-period_start", "title")
    return programs if city_ids is None else programs.filter(city_id__in=city_ids)


def recent_imports(user, limit: int = 20):
    """The latest imports of the programmes `user` may load, with their programme and who loaded them."""
    return (
        RecognitionImport.objects.filter(program__in=importable_programs(user))
        .select_related("program", "created_by")
        .order_by("-created_at", "-id")[:limit]
    )
