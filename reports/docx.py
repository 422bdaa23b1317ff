"""A report's draft as a Word document (python-docx), for those who edit in Word: the same header and sections.

Laid out as Decree 30/2020/NĐ-CP sets an administrative document: A4, Times New Roman 13–14 pt, margins 20 mm
top and bottom, 30 mm left, 15 mm right; the issuing body above the national title, "Số: …/BC-…", place and
date, BÁO CÁO and its subject, the sections, "Nơi nhận:" and the signature block.
"""

from io import BytesIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from reports import narrative
from reports.rendering import date_line

FONT = "Times New Roman"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def _paragraph(container, text: str = "", *, bold=False, italic=False, size=13, align=None, space_after=0):
    paragraph = container.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(size)
        run.font.name = FONT
    return paragraph


def _header_lines(document_row, data: dict) -> tuple[list[str], str, str, str]:
    """(the body's lines, the place name, the abbreviation, the number's digits) from the body, else the data."""
    body = document_row.body
    if body is not None:
        lines = [line for line in (body.parent_name, body.header_name) if line]
        return (
            lines,
            body.place_name,
            body.abbreviation,
            document_row.number.split("/")[0] if document_row.number else "",
        )
    issuer = data.get("issuer") or {}
    lines = list(issuer.get("parent_lines") or []) + ([issuer["header"]] if issuer.get("header") else [])
    return lines, issuer.get("place", ""), issuer.get("abbreviation", ""), ""


def _subject(data: dict) -> str:
    program = data.get("program") or {}
    kind = {"midterm": "Kết quả thực hiện giữa kỳ", "progress": "Tiến độ thực hiện", "summary": "Tổng hợp"}.get(
        data.get("kind"), ""
    )
    subject = f"{kind} {program['title']}" if program.get("title") else f"{kind} các chương trình hỗ trợ công nghiệp"
    period = data.get("period") or {}
    if period.get("start") and period.get("end"):
        subject += f" (từ ngày {period['start']:%d/%m/%Y} đến ngày {period['end']:%d/%m/%Y})"
    return subject


def draft_docx(*, document, data: dict, today) -> bytes:
    """The document's draft (or its issued text) as DOCX bytes."""
    word = Document()
    section = word.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = word.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(14)

    lines, place, abbreviation, digits = _header_lines(document, data)
    table = word.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.paragraphs[0].text = ""
    for index, line in enumerate(lines):
        _paragraph(left, line.upper(), bold=index == len(lines) - 1, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(left, "_______", size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(left, f"Số: {digits or '     '}/BC-{abbreviation}", size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    right.paragraphs[0].text = ""
    _paragraph(right, NATIONAL_TITLE, bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(right, MOTTO, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(right, "_______________________", size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    day = document.issued_on or today
    _paragraph(right, date_line(place, day) if place else "", italic=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)

    _paragraph(word, "")
    _paragraph(word, "BÁO CÁO", bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(word, _subject(data), bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(word, "__________", size=14, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=6)

    labels = narrative.section_labels(data)
    keys = narrative.section_keys(data) + [k for k in document.sections if k not in narrative.section_keys(data)]
    for number, key in enumerate(keys, start=1):
        text = document.sections.get(key, "")
        _paragraph(word, f"{number}. {labels.get(key, key)}", bold=True, size=14, space_after=3)
        for line in text.splitlines() or [""]:
            paragraph = _paragraph(word, line, size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, space_after=3)
            paragraph.paragraph_format.first_line_indent = Mm(10)

    _paragraph(word, "")
    closing = word.add_table(rows=1, cols=2)
    recipients_cell, signature_cell = closing.rows[0].cells
    recipients_cell.paragraphs[0].text = ""
    _paragraph(recipients_cell, "Nơi nhận:", bold=True, italic=True, size=12)
    listed = [(r["name"], r.get("purpose", "")) for r in document.recipients]
    unit = document.filing_unit.strip()
    listed.append((f"Lưu: VT, {unit}" if unit else "Lưu: VT", ""))
    for index, (name, purpose) in enumerate(listed):
        end = "." if index == len(listed) - 1 else ";"
        _paragraph(recipients_cell, f"- {name}{f' ({purpose})' if purpose else ''}{end}", size=11)
    signature_cell.paragraphs[0].text = ""
    authority = document.signer_authority if document.signer_name else ""
    position = document.signer_position if document.signer_name else ""
    for line in (authority, position):
        if line:
            _paragraph(signature_cell, line.upper(), bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    if not (authority or position):
        _paragraph(signature_cell, "(Thẩm quyền, chức vụ người ký)", italic=True, size=13,
                   align=WD_ALIGN_PARAGRAPH.CENTER)  # fmt: skip
    for _ in range(3):
        _paragraph(signature_cell, "", size=14)
    _paragraph(signature_cell, document.signer_name or "(Họ và tên)", bold=bool(document.signer_name), size=14,
               italic=not document.signer_name, align=WD_ALIGN_PARAGRAPH.CENTER)  # fmt: skip

    out = BytesIO()
    word.core_properties.title = f"BÁO CÁO {_subject(data)}"[:250]
    word.save(out)
    return out.getvalue()
