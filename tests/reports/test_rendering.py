"""The PDF itself: the seeded HCMC mid-term report, Decree 30 details, and the allow-list fetcher."""

import datetime
import subprocess
from io import StringIO

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from core.pdf import PdfFetcher, URLRefused, static_url
from reports.rendering import STATIC_PREFIX, date_line, html_to_pdf, place_name


def _text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _font_names(path) -> set[str]:
    names = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, "font must be embedded"
            names.add(str(font["/BaseFont"]))
    return names


@pytest.fixture
def hcm_midterm_pdf(seeded, tmp_path):
    out = tmp_path / "hcm.pdf"
    call_command("make_report", "--program", str(seeded.id), "--kind", "midterm", "--out", str(out), stdout=StringIO())
    return out


def test_seeded_hcmc_midterm_pdf_carries_the_required_text(hcm_midterm_pdf, seeded):
    text = _text(hcm_midterm_pdf)
    flat = " ".join(text.split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in flat
    assert "Độc lập - Tự do - Hạnh phúc" in flat
    assert " ".join(seeded.title.split()) in flat
    assert "9/9 nhóm nhiệm vụ đã triển khai" in flat
    assert "32,18" in flat
    assert "Thành phố Hồ Chí Minh, ngày" in flat


def test_the_shipped_serif_is_embedded(hcm_midterm_pdf):
    names = _font_names(hcm_midterm_pdf)
    assert names and all("Report-Serif" in name for name in names)


def test_page_one_renders_to_an_a4_png(hcm_midterm_pdf, tmp_path):
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(hcm_midterm_pdf), str(tmp_path / "p")],
                   check=True)  # fmt: skip
    png = next(tmp_path.glob("p-*.png"))
    width, height = int.from_bytes(png.read_bytes()[16:20]), int.from_bytes(png.read_bytes()[20:24])
    assert abs(height / width - 297 / 210) < 0.01  # A4 portrait
    page = PdfReader(hcm_midterm_pdf).pages[0]
    assert round(float(page.mediabox.width) / 72 * 25.4) == 210


def _top_band_text(path, page: int) -> str:
    """Text in the top 20 mm of a page (the header margin), read with poppler's pdftotext."""
    result = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-x", "0", "-y", "0", "-W", "595", "-H", "56", str(path), "-"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    return result.stdout.strip()


def test_page_numbers_centred_at_the_top_from_page_two(hcm_midterm_pdf):
    assert len(PdfReader(hcm_midterm_pdf).pages) >= 2
    assert _top_band_text(hcm_midterm_pdf, 1) == ""
    assert _top_band_text(hcm_midterm_pdf, 2) == "2"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2024, 1, 5), "Thành phố Hồ Chí Minh, ngày 05 tháng 01 năm 2024"),
        (datetime.date(2024, 2, 15), "Thành phố Hồ Chí Minh, ngày 15 tháng 02 năm 2024"),
        (datetime.date(2024, 11, 22), "Thành phố Hồ Chí Minh, ngày 22 tháng 11 năm 2024"),
        (datetime.date(2024, 3, 9), "Thành phố Hồ Chí Minh, ngày 09 tháng 3 năm 2024"),
    ],
)
def test_place_and_date_follow_decree_30(day, expected):
    assert date_line(place_name("TP Hồ Chí Minh"), day) == expected


def test_place_name_of_hanoi_is_plain():
    assert place_name("Hà Nội") == "Hà Nội"


# ---------------------------------------------------------------------------------------------------------
# The fetcher
# ---------------------------------------------------------------------------------------------------------


def test_fetcher_serves_the_shipped_font_and_data_uris():
    fetcher = PdfFetcher(static_prefix=STATIC_PREFIX)
    font = fetcher.fetch(static_url("reports/fonts/LiberationSerif-Regular.ttf"))
    assert font.read()[:4] == b"\x00\x01\x00\x00"
    assert fetcher.fetch("data:text/plain;base64,eGlu").read() == b"xin"
    assert fetcher.fetch("data:,a%20b").read() == b"a b"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/",
        "https://example.com/static/reports/fonts/LiberationSerif-Regular.ttf",
        static_url("reports/../../../etc/passwd"),
        static_url("reports/%2e%2e/%2e%2e/portal/settings.py"),
        static_url("css/portal.css"),
        static_url("reports/fonts/LiberationSerif-Regular.ttf") + "?x=1",
        static_url("reports/fonts/nothing.ttf"),
        "ftp://127.0.0.1/x",
        "javascript:alert(1)",
    ],
)
def test_fetcher_refuses_everything_else(url):
    fetcher = PdfFetcher(static_prefix=STATIC_PREFIX)
    with pytest.raises(URLRefused):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_raw_hostile_html_fetches_nothing_outside_static(trap_server):
    """Even HTML that escaped the templates could not make the renderer read files or call the network."""
    port = trap_server.port
    html = f"""<html><head>
      <link rel="stylesheet" href="http://127.0.0.1:{port}/a.css">
      <link rel="attachment" href="http://127.0.0.1:{port}/leak">
      <link rel="attachment" href="file:///etc/passwd">
      <style>@import url(http://127.0.0.1:{port}/i.css); body {{ background: url(file:///etc/hostname) }}</style>
      </head><body>
      <img src="file:///etc/passwd"><img src="http://127.0.0.1:{port}/img.png">
      <a rel="attachment" href="file:///etc/passwd">x</a>
      <svg><image href="http://127.0.0.1:{port}/svg.png" width="10" height="10"/></svg>
      <iframe src="file:///etc/passwd"></iframe><object data="file:///etc/passwd"></object>
      <p>Văn bản</p></body></html>"""
    rendered = html_to_pdf(html)
    assert rendered.content.startswith(b"%PDF")
    assert rendered.served_urls == ()
    assert all("127.0.0.1" in url or url.startswith("file:") for url in rendered.refused_urls)
    assert len(rendered.refused_urls) >= 5
    assert trap_server.connections == 0
    assert b"/EmbeddedFile" not in rendered.content
    assert b"root:x:0" not in rendered.content
