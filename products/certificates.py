"""Certificate PDFs: data → HTML from a template → PDF bytes. Nothing is fetched from outside the document."""

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


def data_only_fetcher():
    """A WeasyPrint fetcher that refuses everything but inline data: URIs, so rendering never reaches a network
    address or a local file, whatever a template or a product name contains."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=("data",), allow_redirects=False)


def certificate_html(recognition: Recognition, verify_url: str) -> str:
    return render_to_string(
        "products/certificate.html",
        {"recognition": recognition, "verify_url": verify_url, "qr": qr_data_uri(verify_url)},
    )


def render_certificate_pdf(recognition: Recognition, verify_url: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=certificate_html(recognition, verify_url), url_fetcher=data_only_fetcher()).write_pdf()
