"""The annexes of a programme report: Phụ lục I (enrolled enterprises) and Phụ lục II (recognised products).

The registers leave the report's body, which gives their counts and refers to them. The worker writes each
annex twice, with the same columns:
- an XLSX workbook (openpyxl in write-only mode: rows are streamed, memory stays flat) with every row;
- a PDF in the report's header style with page numbers, holding at most PDF_ROW_LIMIT rows per annex, in the
  order of the XLSX. A register of tens of thousands of enterprises is hundreds of pages no one reads on paper,
  and laying it out costs more memory than the worker has; the PDF says where it stops and that the XLSX holds
  every row.
"""

import gc
import io

from django.template.loader import render_to_string
from django.utils import translation
from openpyxl import Workbook
from pypdf import PdfReader, PdfWriter

from core.templatetags.vn import vn_date, vn_number
from reports.rendering import DocumentIssue, DocumentMeta, RenderedPdf, build_context, html_to_pdf, provenance

PDF_ROW_LIMIT = 2000
# Rows laid out at a time in the annex PDF (render_annex_pdf).
CHUNK_ROWS = 400
TEMPLATE = "reports/pdf/annexes.html"

ENTERPRISE_COLUMNS = ("TT", "Tên doanh nghiệp", "Mã số thuế", "Tỉnh/thành phố", "Ngày tham gia", "Lượt tham gia")
PRODUCT_COLUMNS = ("TT", "Sản phẩm", "Loại", "Doanh nghiệp", "Số quyết định", "Ngày quyết định", "Lần công nhận")


def has_annexes(data: dict) -> bool:
    return "enterprises" in data


def enterprise_rows(data: dict):
    for number, row in enumerate(data.get("enterprises", []), start=1):
        yield (
            number,
            row["name"],
            row["tax_code"],
            row["province"],
            row["enrolled_on"],
            row["participations"],
        )


def product_rows(data: dict):
    for number, item in enumerate((data.get("recognitions") or {}).get("items", []), start=1):
        yield (
            number,
            item["product"],
            item["kind_label"],
            item["enterprise"],
            item["decision_number"],
            item["decision_date"],
            "Lần đầu" if item["is_first_time"] else "Công nhận lại",
        )


def _pdf_lines(rows, limit: int) -> list[str]:
    """One plain-text line per row (the template escapes them): far cheaper to lay out than a table cell per field."""
    lines = []
    for row in rows:
        if len(lines) >= limit:
            break
        lines.append(
            " — ".join(
                vn_date(value)
                if hasattr(value, "isoformat")
                else vn_number(value)
                if isinstance(value, int)
                else str(value)
                for value in row[1:]
                if value not in (None, "")
            )
        )
    return lines


def _parts(enterprise_lines: list[str], product_lines: list[str], chunk: int):
    """The annex cut into parts of at most `chunk` rows: each part is laid out on its own (see render_annex_pdf).
    Yields (annex, lines of the part, number of its first row, whether it opens its annex)."""
    for annex, lines in (("I", enterprise_lines), ("II", product_lines)):
        if not lines:
            yield annex, [], 1, True
            continue
        for first in range(0, len(lines), chunk):
            yield annex, lines[first : first + chunk], first + 1, first == 0


def render_annex_pdf(data: dict, meta: DocumentMeta, document: DocumentIssue | None = None) -> RenderedPdf:
    """Phụ lục I and II as one PDF, laid out part by part.

    WeasyPrint holds a whole document's layout until it is written: 4,000 register lines were 160 MB above the
    rest of the worker. Each part of at most CHUNK_ROWS rows is rendered and written alone, its page numbers
    carrying on from the part before (`@page :first { counter-reset: page N }`), and the parts are joined with
    pypdf, so the worker holds one part's layout at a time. A part starts on a new page.
    """
    enterprises = len(data.get("enterprises", []))
    products = len((data.get("recognitions") or {}).get("items", []))
    context = build_context(data, meta, document)
    day = context["date_line"].split(", ", 1)[-1] if ", " in context["date_line"] else ""
    issuer = data.get("issuer") or {}
    context.update(
        {
            "attached_to": f"(Kèm theo Báo cáo số {context['number_line'].removeprefix('Số: ')} {day} "
            f"của {issuer.get('name', '')})",
            "enterprise_total": enterprises,
            "product_total": products,
            "row_limit": PDF_ROW_LIMIT,
        }
    )
    enterprise_lines = _pdf_lines(enterprise_rows(data), PDF_ROW_LIMIT)
    product_lines = _pdf_lines(product_rows(data), PDF_ROW_LIMIT)
    writer = PdfWriter()
    pages = 0
    served, refused = [], []
    with translation.override("vi"):
        for index, (annex, lines, start, opens) in enumerate(_parts(enterprise_lines, product_lines, CHUNK_ROWS)):
            html = render_to_string(
                TEMPLATE,
                {
                    **context,
                    "first_part": index == 0,
                    "annex": annex,
                    "opens_annex": opens,
                    "lines": lines,
                    "start": start,
                    "page_offset": pages,
                },
            )
            part = html_to_pdf(html, meta)
            del html
            writer.append(PdfReader(io.BytesIO(part.content)))
            pages += part.page_count
            served += part.served_urls
            refused += part.refused_urls
            del part
            gc.collect()  # the part's layout, before the next one is laid out
    if meta is not None:
        writer.add_metadata(
            {
                "/Title": f"Phụ lục — {(data.get('program') or {}).get('title', '')}",
                "/Creator": "Cổng chương trình hỗ trợ công nghiệp",
            }
            | {f"/{key}": str(value) for key, value in provenance(meta).items() if value}
        )
    buffer = io.BytesIO()
    writer.write(buffer)
    return RenderedPdf(
        content=buffer.getvalue(), page_count=pages, served_urls=tuple(served), refused_urls=tuple(refused)
    )


def write_annex_xlsx(data: dict) -> bytes:
    """Both registers, every row, one sheet each (write-only: rows are streamed to the file)."""
    workbook = Workbook(write_only=True)
    program = data.get("program") or {}
    for title, heading, columns, rows in (
        ("Phụ lục I", "Danh sách doanh nghiệp đăng ký tham gia", ENTERPRISE_COLUMNS, enterprise_rows(data)),
        ("Phụ lục II", "Danh sách sản phẩm được công nhận", PRODUCT_COLUMNS, product_rows(data)),
    ):
        sheet = workbook.create_sheet(title)
        sheet.append([f"{title}. {heading}: {program.get('title', '')}"])
        sheet.append(list(columns))
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
