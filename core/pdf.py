"""The only way the PDF renderer (WeasyPrint) may read anything: inline data: URIs, and the static files
under the one prefix a document allows (none by default). Every PDF of the portal is rendered with PdfFetcher.

WeasyPrint's default fetcher follows file://, http(s):// and redirects, and embeds <link rel="attachment">
targets. The text of reports and certificates comes from enterprises and staff, so even though templates
escape it, the renderer gets a fetcher that reaches neither the network nor the file system outside the
allowed static subtree: any other URL (another host or scheme, a query, a traversal, a missing file) is
refused without being opened, and every URL served or refused is recorded.
"""

import base64
import logging
import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# A host that can never resolve (RFC 2606): relative URLs in the HTML resolve against it.
RENDER_BASE_URL = "https://pdf.invalid/"


class URLRefused(ValueError):
    """The renderer asked for something outside the allow-list."""


def static_url(relative_path: str) -> str:
    """The URL under which the fetcher serves a static file, e.g. for the PDF stylesheet."""
    return RENDER_BASE_URL.rstrip("/") + settings.STATIC_URL.rstrip("/") + "/" + relative_path


def _parse_data_uri(url: str) -> tuple[str, bytes]:
    header, sep, payload = url[len("data:") :].partition(",")
    if not sep:
        raise URLRefused("malformed data: URI")
    parts = header.split(";")
    mime_type = parts[0] or "text/plain"
    if "base64" in parts[1:]:
        return mime_type, base64.b64decode(unquote(payload), validate=False)
    return mime_type, unquote_to_bytes(payload)


def _static_relative_path(url: str, allowed_prefix: str | None) -> str:
    """The static path a URL names, or a refusal for anything else (other hosts, traversal, queries)."""
    if allowed_prefix is None:
        raise URLRefused(f"not a data: URI: {url}")
    parts = urlsplit(url)
    base = urlsplit(RENDER_BASE_URL)
    if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or parts.query:
        raise URLRefused(f"not a static URL of the renderer: {url}")
    prefix = settings.STATIC_URL if settings.STATIC_URL.startswith("/") else "/" + settings.STATIC_URL
    path = unquote(parts.path)
    if not path.startswith(prefix):
        raise URLRefused(f"not under STATIC_URL: {url}")
    relative = path[len(prefix) :]
    normalized = posixpath.normpath(relative)
    if normalized != relative or normalized.startswith(("/", "..")) or "\\" in relative or "\x00" in relative:
        raise URLRefused(f"suspicious static path: {url}")
    if not normalized.startswith(allowed_prefix):
        raise URLRefused(f"static file outside {allowed_prefix}: {url}")
    return normalized


def _find_static_file(relative: str) -> Path:
    found = finders.find(relative)
    if not found and settings.STATIC_ROOT:
        candidate = Path(settings.STATIC_ROOT) / relative
        found = str(candidate) if candidate.is_file() else None
    if not found:
        raise URLRefused(f"no such static file: {relative}")
    return Path(found)


class PdfFetcher(URLFetcher):
    """Serves data: URIs, and the static files under `static_prefix` ("reports/": static/reports/) when a
    document has one; refuses every other URL without opening it."""

    def __init__(self, static_prefix: str | None = None):
        super().__init__(allowed_protocols=("data", "https"), allow_redirects=False, fail_on_errors=False)
        self.static_prefix = static_prefix
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        try:
            response = self._serve(url)
        except ValueError as exc:
            self.refused.append(url)
            logger.warning("PDF renderer refused %s: %s", url[:200], exc)
            raise URLRefused(f"disallowed URL: {exc}") from exc
        self.served.append(url)
        return response

    def _serve(self, url: str) -> URLFetcherResponse:
        if url.lower().startswith("data:"):
            mime_type, body = _parse_data_uri(url)
            return URLFetcherResponse(url, body, {"Content-Type": mime_type})
        path = _find_static_file(_static_relative_path(url, self.static_prefix))
        mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})

    def open(self, url, data=None, timeout=None):
        # OpenerDirector.open is the door to urllib's handlers; it must lead to fetch() and nowhere else.
        target = url.full_url if hasattr(url, "full_url") else url
        return self.fetch(target)
