"""What an uploaded XLSX may cost before openpyxl is allowed to read it. Pure: no database access.

An XLSX is a zip of XML parts. openpyxl trusts both layers: it decompresses whatever the zip declares,
builds every shared string and every cell of a row in memory, and pads rows and columns up to whatever
coordinates the file names. So the zip and its XML are inspected first, at C speed and in fixed-size
blocks (never more than one block in memory):

- the zip: at most MAX_MEMBERS parts, no encryption, only stored or deflated parts, the parts an XLSX
  must have, at most MAX_TOTAL_BYTES uncompressed in all, MAX_PART_BYTES per part (MAX_SHARED_BYTES for
  the shared strings), and a part over RATIO_FLOOR bytes compressed at most MAX_RATIO times;
- every XML part: UTF-8 or another ASCII-compatible encoding (no NUL byte), no document type declaration
  (so no entities expanding into elements), no run of text longer than MAX_RUN_BYTES (a cell the reader
  would refuse anyway), and at most a bounded number of elements (MAX_SHEET_ELEMENTS in a worksheet,
  MAX_SHARED_ELEMENTS in the shared strings, MAX_PART_ELEMENTS elsewhere);
- every worksheet: at most the reader's number of lines as row tags, and at most MAX_ROW_ELEMENTS elements between two row tags, so a single row (or the
  content after the last one) never becomes a million cells in memory.

With these bounds and the reader's own (rows including blank ones, columns, cell text), an upload of any
shape costs no more than the largest file the import accepts: tests/enterprises/test_import_property.py
states and measures the bound.
"""

import re
import zipfile
import zlib

from django.utils.translation import gettext as _

MAX_MEMBERS = 500
MAX_TOTAL_BYTES = 96 * 1024 * 1024
MAX_PART_BYTES = 64 * 1024 * 1024
MAX_SHARED_BYTES = 24 * 1024 * 1024
MAX_RATIO = 150  # real sheets compress 5-30 times; a sheet of blank rows, hundreds of times
RATIO_FLOOR = 1024 * 1024
REQUIRED_MEMBERS = ("[Content_Types].xml", "xl/workbook.xml")
BLOCK_BYTES = 64 * 1024
MAX_RUN_BYTES = 2 * BLOCK_BYTES  # a run this long always covers one whole block without a "<"
MAX_SHEET_ELEMENTS = 1_000_000
MAX_SHARED_ELEMENTS = 400_000
MAX_PART_ELEMENTS = 200_000
MAX_ROW_ELEMENTS = 20_000
XML_SUFFIXES = (".xml", ".rels", ".vml")
_ROW_TAG = re.compile(rb"<(?:[^\s/>!?<]*:)?row[\s/>]")
_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")


class XlsxRefused(Exception):
    """The file is refused as a whole; the message says why, in the user's language."""


def _broken() -> XlsxRefused:
    return XlsxRefused(_("Tệp bị hỏng hoặc không phải là bảng tính Excel (.xlsx) hợp lệ."))


def _mb(size: int) -> str:
    return f"{size // (1024 * 1024)}"


def inspect_xlsx(file, *, max_sheet_rows: int) -> None:
    """Raise XlsxRefused if the upload is not an XLSX within bounds; leave the file at its start.

    A worksheet may hold at most max_sheet_rows row tags (blank rows included), so that openpyxl, which
    reads a whole sheet when it has no dimension tag, never parses more rows than the reader will take.
    """
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            _check_members(archive.infolist())
            for info in archive.infolist():
                if info.filename.lower().endswith(XML_SUFFIXES):
                    _scan_part(archive, info, max_sheet_rows)
    except XlsxRefused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError) as exc:
        raise _broken() from exc
    finally:
        file.seek(0)


def _check_members(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise XlsxRefused(
            _("Tệp có hơn %(n)s thành phần; đây không phải là một danh sách Excel thông thường.") % {"n": MAX_MEMBERS}
        )
    names = {info.filename for info in infos}
    if any(name not in names for name in REQUIRED_MEMBERS):
        raise _broken()
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise XlsxRefused(_("Tệp được đặt mật khẩu; hãy lưu lại không có mật khẩu rồi tải lên."))
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _broken()
        limit = MAX_SHARED_BYTES if _is_shared_strings(info.filename) else MAX_PART_BYTES
        if info.file_size > limit:
            raise XlsxRefused(
                _("Phần %(part)s của tệp lớn %(size)s MB khi giải nén, quá giới hạn %(limit)s MB.")
                % {"part": info.filename[:80], "size": _mb(info.file_size), "limit": _mb(limit)}
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise XlsxRefused(
                _(
                    "Phần %(part)s của tệp nén quá %(ratio)s lần (thường do hàng triệu dòng trống); hãy xóa các dòng thừa."
                )
                % {"part": info.filename[:80], "ratio": MAX_RATIO}
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise XlsxRefused(
            _("Tệp lớn %(size)s MB khi giải nén, quá giới hạn %(limit)s MB.")
            % {"size": _mb(total), "limit": _mb(MAX_TOTAL_BYTES)}
        )


def _is_shared_strings(name: str) -> bool:
    return name.lower().endswith("sharedstrings.xml")


def _is_worksheet(name: str) -> bool:
    return name.lower().startswith("xl/worksheets/") and name.lower().endswith(".xml")


def _scan_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_sheet_rows: int) -> None:
    if _is_worksheet(info.filename):
        max_elements = MAX_SHEET_ELEMENTS
    elif _is_shared_strings(info.filename):
        max_elements = MAX_SHARED_ELEMENTS
    else:
        max_elements = MAX_PART_ELEMENTS
    worksheet = _is_worksheet(info.filename)
    elements = 0
    in_row = 0  # elements since the last row tag (or the start of the part)
    rows = 0
    tail = b""
    with archive.open(info) as stream:
        while block := stream.read(BLOCK_BYTES):
            if b"\x00" in block:
                raise _broken()
            joined = tail + block
            if any(declaration in joined for declaration in _DECLARATIONS):
                raise _broken()
            tail = block[-16:]
            if len(block) == BLOCK_BYTES and b"<" not in block:
                raise XlsxRefused(
                    _(
                        "Tệp có một ô hoặc một phần dữ liệu dài hơn %(kb)s kB (trong %(part)s); không ô nào của danh sách dài như vậy."
                    )
                    % {"kb": MAX_RUN_BYTES // 1024, "part": info.filename[:80]}
                )
            starts = block.count(b"<") - block.count(b"</") - block.count(b"<!") - block.count(b"<?")
            elements += starts
            if elements > max_elements:
                raise XlsxRefused(
                    _("Phần %(part)s của tệp có hơn %(n)s phần tử; tệp quá lớn để nhập một lần, hãy chia nhỏ.")
                    % {"part": info.filename[:80], "n": f"{max_elements:,}".replace(",", ".")}
                )
            if worksheet:
                in_row, rows = _count_rows(block, in_row, rows)
                if rows > max_sheet_rows:
                    raise XlsxRefused(
                        _(
                            "Trang tính có hơn %(n)s dòng (kể cả dòng trống); hãy xóa các dòng thừa hoặc chia thành nhiều tệp."
                        )
                        % {"n": f"{max_sheet_rows:,}".replace(",", ".")}
                    )


def _count_rows(block: bytes, in_row: int, rows: int) -> tuple[int, int]:
    position = 0
    for match in _ROW_TAG.finditer(block):
        in_row += _starts(block, position, match.start())
        _check_row(in_row, rows)
        rows += 1
        in_row, position = 0, match.end()
    in_row += _starts(block, position, len(block))
    _check_row(in_row, rows)
    return in_row, rows


def _starts(block: bytes, start: int, end: int) -> int:
    return block.count(b"<", start, end) - block.count(b"</", start, end)


def _check_row(in_row: int, rows: int) -> None:
    if in_row > MAX_ROW_ELEMENTS:
        raise XlsxRefused(
            _("Dòng thứ %(row)s của trang tính có hơn %(n)s ô; hãy xóa các cột thừa.")
            % {"row": rows, "n": f"{MAX_ROW_ELEMENTS:,}".replace(",", ".")}
        )
