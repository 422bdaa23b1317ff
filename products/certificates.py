"""Certificate PDFs in the form of Decree 30/2020/NĐ-CP: data → HTML from a template → PDF bytes.

The certificate rests on the decision of the city's Ủy ban nhân dân (programs.IssuingBody of kind COMMITTEE):
its header, place name and signers are the committee's, and its QR code leads to the public verification page
at the site's configured address (settings.SITE_URL), never at whatever Host a request named. A demo
recognition can be downloaded but never looks real: a "DỮ LIỆU MINH HỌA" watermark lies across the page and
the text says so.

Nothing is fetched from outside the document: the renderer reads data: URIs and the serif font files under
static/reports/fonts/ only (core.pdf.PdfFetcher).
"""

import base64
import io
from dataclasses import dataclass

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from core.documents import date_line, written_date
from core.pdf import RENDER_BASE_URL, PdfFetcher, static_url
from products import selectors
from products.models import Recognition
from programs.models import IssuingBody, Signer

FONT_PREFIX = "reports/fonts/"
DEMO_MARK = "DỮ LIỆU MINH HỌA"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
# A decision of the Ủy ban nhân dân is signed on behalf of the committee as a collective (Decree 30, Appendix I).
COMMITTEE_AUTHORITY = "TM. ỦY BAN NHÂN DÂN"


@dataclass(frozen=True)
class Signature:
    """The signature block: authority lines ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"), position, full name.
    Position and name are blank when the body has no active signer: nothing is invented."""

    authority_lines: tuple[str, ...]
    position: str
    full_name: str


@dataclass(frozen=True)
class Issuer:
    header_lines: tuple[str, ...]  # in capitals, as the header prints them
    name: str  # as the text names the body: "Ủy ban nhân dân Thành phố Hồ Chí Minh"
    place: str  # Decree 30 place name: "Thành phố Hồ Chí Minh", "Hà Nội"
    signature: Signature


def written_place(name: str) -> str:
    """A city's name as a document writes it: in full, "TP Hồ Chí Minh" → "Thành phố Hồ Chí Minh"."""
    for short in ("TP. ", "TP.", "TP "):
        if name.startswith(short):
            return "Thành phố " + name[len(short) :].strip()
    return name


def _header_lines(body: IssuingBody) -> tuple[str, ...]:
    """The parent body (if any) above the body's own header, in capitals; "ỦY BAN NHÂN DÂN" on a line of its
    own above the city, as the committee's documents set it."""
    lines = []
    if body.parent_name.strip():
        lines.append(body.parent_name.strip().upper())
    own = (body.header_name or body.name).strip().upper()
    committee = "ỦY BAN NHÂN DÂN"
    if own.startswith(committee + " "):
        lines += [committee, own[len(committee) :].strip()]
    else:
        lines.append(own)
    return tuple(lines)


def _signature(body: IssuingBody, signer: Signer | None) -> Signature:
    authority = [line.strip() for line in (signer.authority if signer else "").splitlines() if line.strip()]
    if body.kind == IssuingBody.Kind.COMMITTEE and not any(line.upper().startswith("TM.") for line in authority):
        authority.insert(0, COMMITTEE_AUTHORITY)
    if signer is None:
        return Signature(tuple(authority), "", "")
    return Signature(tuple(line.upper() for line in authority), signer.position.strip().upper(), signer.full_name)


def certificate_issuer(recognition: Recognition) -> Issuer:
    """The committee that made the decision. A city whose committee is not configured yet gets the programme's
    recorded issuer as its header and the city's name as its place, and a blank signature block."""
    program = recognition.round.program
    body = selectors.recognition_committee(program.city_id)
    if body is None:
        return Issuer(
            header_lines=(program.issuer.upper(),),
            name=program.issuer,
            place=program.city.name,
            signature=Signature((), "", ""),
        )
    return Issuer(
        header_lines=_header_lines(body),
        name=body.name,
        place=body.place_name,
        # The signer the decision recorded; a recognition decided before signers were recorded, the body's first.
        signature=_signature(body, recognition.round.decision_signer or selectors.active_signer(body)),
    )


def verify_url(recognition: Recognition) -> str:
    """The public verification page at the site's configured address (https in production)."""
    path = reverse("products:verify", kwargs={"public_id": recognition.public_id})
    return settings.SITE_URL.rstrip("/") + path


def qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


# A certificate of a recognition no longer in force says so across its page (products/lifecycle.py).
STATUS_MARKS = {Recognition.Status.SUSPENDED: "ĐANG BỊ TẠM ĐÌNH CHỈ", Recognition.Status.REVOKED: "ĐÃ BỊ THU HỒI"}


def status_mark(recognition: Recognition) -> str:
    """The mark of a suspended or revoked recognition with the day it took effect ("" while it is active)."""
    mark = STATUS_MARKS.get(recognition.status, "")
    change = selectors.latest_status_change(recognition) if mark else None
    if change is not None:
        mark = f"{mark} TỪ NGÀY {change.effective_on:%d/%m/%Y}"
    return mark


def certificate_context(recognition: Recognition) -> dict:
    issuer = certificate_issuer(recognition)
    url = verify_url(recognition)
    return {
        "recognition": recognition,
        "issuer": issuer,
        "national_title": NATIONAL_TITLE,
        "motto": MOTTO,
        "date_line": date_line(issuer.place, recognition.decision_date),
        "decision_date": written_date(recognition.decision_date),
        "valid_from": written_date(recognition.valid_from),
        "valid_until": written_date(recognition.valid_until),
        "enterprise_province": written_place(recognition.enterprise_province),
        "kind": recognition.get_kind_display(),
        "year": recognition.round.year,
        "is_demo": selectors.recognition_is_demo(recognition),
        "demo_mark": DEMO_MARK,
        "status_mark": status_mark(recognition),
        "verify_url": url,
        "qr": qr_data_uri(url),
        "font_base_url": static_url(FONT_PREFIX),
    }


def certificate_html(recognition: Recognition) -> str:
    # A certificate is a Vietnamese administrative document whatever language the person downloading it reads.
    with translation.override("vi"):
        return render_to_string("products/certificate.html", certificate_context(recognition))


def render_certificate_pdf(recognition: Recognition) -> bytes:
    from weasyprint import HTML

    html = HTML(string=certificate_html(recognition), base_url=RENDER_BASE_URL, url_fetcher=PdfFetcher(FONT_PREFIX))
    return html.write_pdf()
