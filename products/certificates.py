"""Certificate PDFs: data → HTML from a template → PDF bytes. Nothing is fetched from outside the document:
the renderer reads data: URIs only (core.pdf.PdfFetcher without a static prefix)."""

import base64
import io

import qrcode
import qrcode.image.svg
from django.template.loader import render_to_string

from products.models import Recognition


def qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def certificate_html(recognition: Recognition, verify_url: str) -> str:
    return render_to_string(
        "products/certificate.html",
        {"recognition": recognition, "verify_url": verify_url, "qr": qr_data_uri(verify_url)},
    )


def render_certificate_pdf(recognition: Recognition, verify_url: str) -> bytes:
    from weasyprint import HTML

    from core.pdf import PdfFetcher

    return HTML(string=certificate_html(recognition, verify_url), url_fetcher=PdfFetcher()).write_pdf()
