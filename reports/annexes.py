"""The annexes of a programme report: Phụ lục I (enrolled enterprises) and Phụ lục II (recognised products).

The registers leave the report's body, which gives their counts and refers to them. The worker writes each
annex twice, with the same columns:
- an XLSX workbook (openpyxl in write-only mode: rows are streamed, memory stays flat) with every row;
- a PDF in the report's header style with page numbers, holding at most PDF_ROW_LIMIT rows per annex, in the
  order of the XLSX. A register of tens of thousands of enterprises is hundreds of pages no one reads on paper,
  and laying it out costs more memory than the worker has; the PDF says where it stops and that the XLSX holds
  every row.
"""

import io

from django.template.loader import render_to_string
from django.utils import translation
from openpyxl import Workbook

from core.templatetags.vn import vn_date, vn_number
from reports.rendering import DocumentIssue, DocumentMeta, RenderedPdf, build_context, html_to_pdf

PDF_ROW_LIMIT = 2000
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


def render_annex_pdf(data: dict, meta: DocumentMeta, document: DocumentIssue | None = None) -> RenderedPdf:
    enterprises = len(data.get("enterprises", []))
    products = len((data.get("recognitions") or {}).get("items", []))
    context = build_context(data, meta, document)
    day = context["date_line"].split(", ", 1)[-1] if ", " in context["date_line"] else ""
    issuer = data.get("issuer") or {}
    context.update(
        {
            "attached_to": f"(Kèm theo Báo cáo số {context['number_line'].removeprefix('Số: ')} {day} "
            f"của {issuer.get('name', '')})",
            "enterprise_lines": _pdf_lines(enterprise_rows(data), PDF_ROW_LIMIT),
            "product_lines": _pdf_lines(product_rows(data), PDF_ROW_LIMIT),
            "enterprise_total": enterprises,
            "product_total": products,
            "row_limit": PDF_ROW_LIMIT,
        }
    )
    with translation.override("vi"):
        html = render_to_string(TEMPLATE, context)
    return html_to_pdf(html, meta)


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
