"""Hand-built XLSX files, hostile or broken, and a way to measure what reading one costs."""

import io
import multiprocessing
import resource
import zipfile
from dataclasses import dataclass

from openpyxl import Workbook

from enterprises import importing

MAIN_NS = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def workbook_bytes() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([column.title for column in importing.COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


BASE = workbook_bytes()


def replace_parts(parts: dict[str, bytes], data: bytes = BASE, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """The workbook with some parts replaced or added."""
    parts = dict(parts)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression, compresslevel=9) as archive:
        for info in source.infolist():
            archive.writestr(info.filename, parts.pop(info.filename, None) or source.read(info.filename))
        for name, content in parts.items():
            archive.writestr(name, content)
    return out.getvalue()


def header_row() -> bytes:
    cells = b"".join(
        b'<c r="%s1" t="inlineStr"><is><t>%s</t></is></c>' % (chr(65 + i).encode(), column.title.encode())
        for i, column in enumerate(importing.COLUMNS)
    )
    return b'<row r="1">' + cells + b"</row>"


def sheet_xml(body: bytes, *, header: bool = True) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="'
        + MAIN_NS
        + b'"><sheetData>'
        + (header_row() if header else b"")
        + body
        + b"</sheetData></worksheet>"
    )


def shared_strings_xml(*texts: bytes) -> bytes:
    items = b"".join(b"<si><t>%s</t></si>" % text for text in texts)
    return b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="' + MAIN_NS + b'">' + items + b"</sst>"


def with_sheet(body: bytes, **parts: bytes) -> bytes:
    return replace_parts({"xl/worksheets/sheet1.xml": sheet_xml(body), **parts})


def inline_cell(ref: str, text: str) -> bytes:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").encode()
    return b'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref.encode(), escaped)


@dataclass
class Cost:
    cpu_seconds: float
    memory_mb: float  # growth of the peak resident size while parsing
    errors: list[str]
    rows: int
    crashed: str = ""


def _child(connection, data: bytes, max_rows: int) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF)
    crashed = ""
    errors, rows = [], 0
    try:
        parsed = importing.parse_enterprise_file(io.BytesIO(data), max_rows=max_rows)
        errors, rows = [error.message for error in parsed.errors], len(parsed.rows)
    except BaseException as exc:  # noqa: BLE001 - reported to the test, which fails on it
        crashed = f"{type(exc).__name__}: {exc}"[:500]
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    # A forked child starts with its parent's resident pages as its peak, so the growth is the parse's own.
    memory = (after.ru_maxrss - before.ru_maxrss) / 1024
    connection.send(Cost(cpu, memory, errors[:5], rows, crashed))
    connection.close()


def measure_parse(data: bytes, *, max_rows: int = importing.MAX_ROWS) -> Cost:
    """Parse in a forked child and report its CPU time and peak memory growth (resource.getrusage)."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, data, max_rows))
    process.start()
    sender.close()
    cost = receiver.recv() if receiver.poll(120) else Cost(120, 0, [], 0, "no answer within 120 s")
    process.join(10)
    if process.is_alive():
        process.kill()
    return cost
