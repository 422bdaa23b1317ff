"""Report data → HTML (autoescaped templates) → PDF bytes. No database, no storage, no status here.

The documents follow Decree 30/2020/NĐ-CP on administrative documents (Appendix I), which prescribes
Vietnamese, so they are always rendered with the Vietnamese locale whatever the requester's language:
the header (parent body above the issuing body; quốc hiệu and tiêu ngữ), "Số: …/BC-…", place and date, the
document kind and subject, the body, "Nơi nhận:" and the signature block, and nothing else on the page. What
the document says about itself (data version, template version, generated at, fingerprint) is in the PDF's
metadata (/PortalDataVersion, /PortalTemplateVersion, /PortalGeneratedAt, /PortalFingerprint), never in the body.
"""

import contextlib
import datetime
import gc
import time
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

from core.documents import date_line
from core.pdf import RENDER_BASE_URL, PdfFetcher, static_url
from products.certificates import qr_data_uri
from reports import conf
from reports.charts import indicator_chart
from reports.selectors import place_name  # noqa: F401  (re-exported: the rule lives with the data)

TEMPLATES = {
    "midterm": "reports/pdf/program_report.html",
    "progress": "reports/pdf/program_report.html",
    "summary": "reports/pdf/summary_report.html",
}
# The renderer serves this static subtree only: the fonts and the PDF stylesheet.
STATIC_PREFIX = "reports/"
STYLESHEET = "reports/pdf/report.css"
# Decree 30: the storage line of "Nơi nhận" ("Lưu: VT, <drafting unit>").
DEFAULT_FILING_LINE = "Lưu: VT, QLCN"


@dataclass(frozen=True)
class DocumentMeta:
    """What the document says about itself rather than about the program: it goes into the PDF metadata."""

    generated_at: datetime.datetime
    requested_by: str
    template_version: str
    fingerprint: str
    data_version: str = ""


@dataclass(frozen=True)
class SignatureBlock:
    authority: str  # "KT. GIÁM ĐỐC"; empty when the head signs directly
    position: str  # "PHÓ GIÁM ĐỐC"
    full_name: str


@dataclass(frozen=True)
class Recipient:
    name: str
    purpose: str = ""  # "để báo cáo", shown in brackets


@dataclass(frozen=True)
class DocumentIssue:
    """An issued (or drafted) document's own particulars: number, date, signer, recipients and narrative."""

    number: str = ""  # "" on a draft: a dotted blank after "Số:"
    issued_on: datetime.date | None = None
    signer: SignatureBlock | None = None
    recipients: tuple[Recipient, ...] = ()
    verify_url: str = ""  # "" on a draft: no QR code
    # "can_cu", "chi_dao", "ton_tai", "nguyen_nhan", "kinh_phi", "kien_nghi" and "group:<code>"; a missing key
    # renders the data-driven default.
    sections: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int
    served_urls: tuple[str, ...]
    refused_urls: tuple[str, ...]


def number_line(number: str, abbreviation: str) -> str:
    """ "Số: 12/BC-SCT"; a draft has a dotted blank where the register's number goes."""
    suffix = f"/BC-{abbreviation or 'SCT'}"
    if not number:
        return f"Số: \u2026\u2026\u2026{suffix}"
    return f"Số: {number}" if "/" in number else f"Số: {number}{suffix}"


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def _default_recipients(data: dict) -> tuple[Recipient, ...]:
    issuer = data.get("issuer") or {}
    return (
        Recipient("Bộ Công Thương", "để báo cáo"),
        Recipient(issuer.get("committee_name") or "Ủy ban nhân dân Thành phố", "để báo cáo"),
        Recipient("Ban Giám đốc Sở", "để chỉ đạo"),
    )


def _recipient_lines(data: dict, document: DocumentIssue | None) -> list[str]:
    recipients = list(document.recipients if document and document.recipients else _default_recipients(data))
    filing = [r for r in recipients if r.name.strip().lower().startswith("lưu")]
    recipients = [r for r in recipients if r not in filing]
    lines = [f"- {r.name.strip()}{f' ({r.purpose.strip()})' if r.purpose.strip() else ''};" for r in recipients]
    last = filing[-1].name.strip().rstrip(".;") if filing else DEFAULT_FILING_LINE
    lines.append(f"- {last}.")
    return lines


def _signature(document: DocumentIssue | None) -> dict:
    """The signer of an issued document; a draft shows the head's position, its signer is chosen at issue."""
    if document and document.signer:
        s = document.signer
        return {"authority": s.authority, "position": s.position, "full_name": s.full_name}
    return {"authority": "", "position": "GIÁM ĐỐC", "full_name": ""}


def _sections(data: dict, document: DocumentIssue | None) -> dict:
    """The narrative of each section: the document's text where given, else None (the template states facts)."""
    given = document.sections if document else {}
    return {key: text for key, text in given.items() if text and text.strip()}


def build_context(data: dict, meta: DocumentMeta, document: DocumentIssue | None = None) -> dict:
    issuer = data.get("issuer") or {}
    charts = [chart for chart in (indicator_chart(i) for i in data.get("indicators", [])) if chart]
    day = document.issued_on if document and document.issued_on else _local_date(meta.generated_at)
    sections = _sections(data, document)
    groups = [{**group, "narrative": sections.get(f"group:{group['code']}", "")} for group in data.get("groups", [])]
    verify_url = document.verify_url if document else ""
    return {
        "data": data,
        "meta": meta,
        "issuer": issuer,
        "groups": groups,
        "number_line": number_line(document.number if document else "", issuer.get("abbreviation", "")),
        "date_line": date_line(issuer.get("place", ""), day),
        "charts": charts,
        "sections": sections,
        "recipients": _recipient_lines(data, document),
        "signature": _signature(document),
        "verify_url": verify_url,
        "qr": qr_data_uri(verify_url) if verify_url else "",
        "annex": annex_summary(data),
        "stylesheet_url": static_url(STYLESHEET),
        "font_base_url": static_url("reports/fonts/"),
    }


def annex_summary(data: dict) -> dict:
    """What the body says of the annexes: their rows leave the body, the counts stay (reports/annexes.py)."""
    from reports.annexes import PDF_ROW_LIMIT

    enterprises = len(data.get("enterprises", []))
    products = len((data.get("recognitions") or {}).get("items", []))
    return {
        "enterprises": enterprises,
        "products": products,
        "pdf_row_limit": PDF_ROW_LIMIT,
        "capped": enterprises > PDF_ROW_LIMIT or products > PDF_ROW_LIMIT,
    }


def render_html(data: dict, meta: DocumentMeta, document: DocumentIssue | None = None) -> str:
    with translation.override("vi"):
        return render_to_string(TEMPLATES[data["kind"]], build_context(data, meta, document))


@contextlib.contextmanager
def _cyclic_gc_paused():
    """No cyclic garbage collection while WeasyPrint builds and lays out the document.

    A long report is hundreds of thousands of live objects (DOM, styles, boxes) built in one go; every full
    collection walks all of them again, which made a third of the render time. Nearly everything is freed by
    reference counting once the document is dropped; the few cycles left wait for the next ordinary collection
    (collecting here, with the document still alive, would walk it all once more). Nests: only the outermost
    pause turns the collector back on.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def provenance(meta: DocumentMeta) -> dict[str, str]:
    """The PDF's custom metadata keys (Info dictionary): the document's provenance, out of its body."""
    return {
        "PortalDataVersion": meta.data_version,
        "PortalTemplateVersion": meta.template_version,
        "PortalGeneratedAt": meta.generated_at.isoformat(),
        "PortalFingerprint": meta.fingerprint,
        "PortalRequestedBy": meta.requested_by,
    }


def html_to_pdf(html: str, meta: DocumentMeta | None = None) -> RenderedPdf:
    fetcher = PdfFetcher(static_prefix=STATIC_PREFIX)
    with _cyclic_gc_paused():
        document = HTML(string=html, base_url=RENDER_BASE_URL, url_fetcher=fetcher).render()
        # Belt and braces: a report never carries embedded files, whatever the HTML says.
        document.metadata.attachments = []
        for page in document.pages:
            page.links[:] = [link for link in page.links if link[0] != "attachment"]
        if meta is not None:
            document.metadata.generator = "Cổng chương trình hỗ trợ công nghiệp"
            document.metadata.created = meta.generated_at.isoformat(timespec="seconds")
            document.metadata.custom = {k: v for k, v in provenance(meta).items() if v}
        pause = conf.render_delay_seconds()
        if pause:
            time.sleep(pause)
        content = document.write_pdf(custom_metadata=meta is not None)
    return RenderedPdf(
        content=content,
        page_count=len(document.pages),
        served_urls=tuple(fetcher.served),
        refused_urls=tuple(fetcher.refused),
    )


def render_report_pdf(data: dict, meta: DocumentMeta, document: DocumentIssue | None = None) -> RenderedPdf:
    with _cyclic_gc_paused():
        return html_to_pdf(render_html(data, meta, document), meta)
