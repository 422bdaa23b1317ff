"""Report data → HTML (autoescaped templates) → PDF bytes. No database, no storage, no status here.

The documents follow Decree 30/2020/NĐ-CP on administrative documents, which prescribes Vietnamese, so
they are always rendered with the Vietnamese locale whatever the requester's language.
"""

import contextlib
import datetime
import gc
import time
from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import HTML

from core.pdf import RENDER_BASE_URL, PdfFetcher, static_url
from core.templatetags.vn import vn_date, vn_number
from reports import conf
from reports.charts import indicator_chart

TEMPLATES = {
    "midterm": "reports/pdf/program_report.html",
    "progress": "reports/pdf/program_report.html",
    "summary": "reports/pdf/summary_report.html",
}
# The renderer serves this static subtree only: the fonts and the PDF stylesheet.
STATIC_PREFIX = "reports/"
STYLESHEET = "reports/pdf/report.css"


@dataclass(frozen=True)
class DocumentMeta:
    """What the document says about itself rather than about the program."""

    generated_at: datetime.datetime
    requested_by: str
    template_version: str
    fingerprint: str


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int
    served_urls: tuple[str, ...]
    refused_urls: tuple[str, ...]


def place_name(city_name: str) -> str:
    """How Decree 30 writes the place of issue: "TP. Hồ Chí Minh", "Hà Nội"."""
    if city_name.startswith("TP "):
        return "TP. " + city_name[3:]
    if city_name.lower().startswith("thành phố "):
        return "TP. " + city_name[len("thành phố ") :]
    return city_name


def city_body_lines(city_name: str) -> list[str]:
    """The people's committee a department belongs to, as Decree 30 sets it: two lines in capitals."""
    bare = city_name[3:] if city_name.startswith("TP ") else city_name
    if bare.lower().startswith("thành phố "):
        bare = bare[len("thành phố ") :]
    return ["ỦY BAN NHÂN DÂN", f"THÀNH PHỐ {bare}".upper()]


def date_line(place: str, day: datetime.date) -> str:
    """Decree 30: a leading zero for days below 10 and for months 1 and 2 ("ngày 05 tháng 01 năm 2024")."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def own_body_name(lead_agency: str) -> str:
    name = lead_agency.upper()
    return "SỞ CÔNG THƯƠNG" if name.startswith("SỞ CÔNG THƯƠNG") else name


def _issuer(data: dict) -> dict:
    program = data.get("program")
    if program:
        return {
            "parent": city_body_lines(program["city_name"]),
            "own": own_body_name(program["lead_agency"]),
            "place": place_name(program["city_name"]),
        }
    return {
        "parent": [getattr(settings, "REPORTS_SUMMARY_PARENT_BODY", "BỘ CÔNG THƯƠNG")],
        "own": getattr(settings, "REPORTS_SUMMARY_OWN_BODY", "CỔNG THEO DÕI CHƯƠNG TRÌNH HỖ TRỢ CÔNG NGHIỆP"),
        "place": getattr(settings, "REPORTS_SUMMARY_PLACE", "Hà Nội"),
    }


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def register_lines(enterprises: list[dict]) -> list[str]:
    """The register of enrolled enterprises, one plain-text line each (the template escapes them).

    Formatted here rather than field by field in the template: with thousands of enterprises, the template
    engine's per-variable and per-filter work was a tenth of the whole render. No-break spaces keep a value
    with its label or unit when a line wraps.
    """
    return [
        f"{number}. {row['name']} — MST\u00a0{row['tax_code']} — {vn_date(row['enrolled_on'])} — "
        f"{vn_number(row['participations'])}\u00a0lượt"
        for number, row in enumerate(enterprises, start=1)
    ]


def build_context(data: dict, meta: DocumentMeta) -> dict:
    issuer = _issuer(data)
    charts = [chart for chart in (indicator_chart(i) for i in data.get("indicators", [])) if chart]
    return {
        "data": data,
        "meta": meta,
        "issuer": issuer,
        "date_line": date_line(issuer["place"], _local_date(meta.generated_at)),
        "charts": charts,
        "register": register_lines(data.get("enterprises", [])),
        "stylesheet_url": static_url(STYLESHEET),
        "font_base_url": static_url("reports/fonts/"),
        "fingerprint_short": meta.fingerprint[:12],
    }


def render_html(data: dict, meta: DocumentMeta) -> str:
    with translation.override("vi"):
        return render_to_string(TEMPLATES[data["kind"]], build_context(data, meta))


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


def html_to_pdf(html: str) -> RenderedPdf:
    fetcher = PdfFetcher(static_prefix=STATIC_PREFIX)
    with _cyclic_gc_paused():
        document = HTML(string=html, base_url=RENDER_BASE_URL, url_fetcher=fetcher).render()
        # Belt and braces: a report never carries embedded files, whatever the HTML says.
        document.metadata.attachments = []
        for page in document.pages:
            page.links[:] = [link for link in page.links if link[0] != "attachment"]
        pause = conf.render_delay_seconds()
        if pause:
            time.sleep(pause)
        content = document.write_pdf()
    return RenderedPdf(
        content=content,
        page_count=len(document.pages),
        served_urls=tuple(fetcher.served),
        refused_urls=tuple(fetcher.refused),
    )


def render_report_pdf(data: dict, meta: DocumentMeta) -> RenderedPdf:
    with _cyclic_gc_paused():
        return html_to_pdf(render_html(data, meta))
