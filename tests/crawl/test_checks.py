"""The crawler's checks catch what they are for, and leave the portal's data and proper Vietnamese alone."""

from tests.crawl.crawler import (
    Answer,
    Catalogue,
    DataIndex,
    LanguageCheck,
    check_page,
    check_years_in_csv,
    crawl,
    form_submissions,
    parse_html,
    pattern_of,
    same_site,
)

CATALOGUE = Catalogue(["Nhiệm vụ", "Tên nhiệm vụ (giảm dần)", "Số lượt doanh nghiệp tham gia: %(kind)s", "Năm"])
DATA = DataIndex(["Công ty TNHH Nhựa Đồng Tiến", "Hà Nội", "Sản xuất linh kiện\nCNHT cho ngành dệt may - da giày"])


def english(html: str):
    findings, _doc = check_page(
        Answer("/p/", 200, "text/html; charset=utf-8", html.encode()), LanguageCheck(CATALOGUE, DATA)
    )
    return {(f.kind, f.detail) for f in findings}


def vietnamese(html: str):
    findings, _doc = check_page(Answer("/p/", 200, "text/html; charset=utf-8", html.encode()), None)
    return {(f.kind, f.detail) for f in findings}


def test_a_msgid_on_an_english_page_is_untranslated():
    found = english("<table><tr><th>Nhiệm vụ</th></tr></table><label>Nhiệm vụ:</label>")
    assert ("untranslated-msgid", "Nhiệm vụ") in found
    assert ("untranslated-msgid", "Nhiệm vụ:") in found


def test_a_msgid_with_its_placeholder_filled_is_untranslated():
    found = english("<p>Computed from the registry: Số lượt doanh nghiệp tham gia: Tư vấn, đào tạo</p>")
    assert {kind for kind, _ in found} == {"untranslated-msgid"}


def test_vietnamese_that_is_neither_data_nor_a_msgid_is_reported():
    assert english("<button>Nộp hồ sơ</button>") == {("vietnamese-in-english", "Nộp hồ sơ")}


def test_data_whole_in_pieces_or_cut_short_is_not_reported():
    html = (
        "<h1>Công ty TNHH Nhựa Đồng Tiến</h1>"
        "<p>Tasks of Hà Nội</p>"
        "<li>CNHT cho ngành dệt may - da giày</li>"  # one line of a stored value
        "<td><a>Công ty TNHH Nhựa Đồng Tiến</a><span>Hà Nội</span></td>"  # two values side by side
        "<td>Công ty TNHH Nhựa Đồng…</td>"  # truncated
        "<p>Decree 80/2021/NĐ-CP</p>"  # a document number in capitals
    )
    assert english(html) == set()


def test_text_marked_as_vietnamese_is_left_alone():
    assert english('<button lang="vi">Tiếng Việt</button>') == set()


def test_raw_template_tags_are_found_in_text_and_attributes():
    found = vietnamese("<p>{{ task.title }}</p><a href=\"{% url 'home' %}\">x</a>")
    assert {kind for kind, _ in found} == {"raw-template"}
    assert len(found) == 2


def test_a_year_with_a_thousands_separator_is_found():
    html = (
        "<p>Năm 2.024</p><p>Giai đoạn 2.020 - 2030</p>"
        "<table><thead><tr><th>Tên</th><th>Năm</th></tr></thead><tbody><tr><td>A</td><td>2.024</td></tr></tbody></table>"
        '<form><select name="year"><option value="2024">2.024</option></select></form>'
    )
    details = {detail for _kind, detail in vietnamese(html)}
    assert any("Năm 2.024" in d for d in details)
    assert any("2.020 - 2030" in d for d in details)
    assert "column “Năm”: 2.024" in details
    assert "field year: 2.024" in details
    assert check_years_in_csv('Tên,Năm\nA,"2,024"\n') == ["column “Năm”: 2,024"]


def test_counts_and_proper_years_are_not_years_with_separators():
    html = (
        "<p>Năm 2024 có 2.050 doanh nghiệp</p><table><tr><th>Số doanh nghiệp</th></tr><tr><td>2.024</td></tr></table>"
    )
    assert vietnamese(html) == set()


def test_patterns_group_ids_and_query_values():
    assert pattern_of("/san-pham/ho-so/0f121c05-19dd-41c0-b6f8-7bee0812ae34/") == "/san-pham/ho-so/{id}/"
    assert pattern_of("/san-pham/?page=2&q=") == pattern_of("/san-pham/?q=&page=3") == "/san-pham/?page=*&q="
    assert pattern_of("/san-pham/?q=nhua") != pattern_of("/san-pham/?q=")
    assert pattern_of("/san-pham/xuat.csv?q=nhua") == pattern_of("/san-pham/xuat.csv") == "/san-pham/xuat.csv"


def test_links_stay_on_the_site():
    assert same_site("/a/b/", "c/", "testserver") == "/a/b/c/"
    assert same_site("/a/", "http://testserver/x?y=1#z", "testserver") == "/x?y=1"
    assert same_site("/a/", "https://example.org/", "testserver") is None
    assert same_site("/a/", "mailto:a@b.vn", "testserver") is None
    assert same_site("/a/", "#top", "testserver") is None


def test_get_forms_are_submitted_as_found_and_filled():
    doc = parse_html(
        '<form action="/tim/"><input type="search" name="q"><select name="city"><option value="">Tất cả</option>'
        '<option value="hcm">HCM</option><option value="hn">HN</option></select>'
        '<input type="checkbox" name="overdue" value="1"></form>'
    )
    assert form_submissions(doc.forms[0], "/tim/") == ["/tim/?q=&city=", "/tim/?q=nh%E1%BB%B1a&city=hn"]


class Pages:
    """A site of four pages: one fails, one links to sign-out, one is reached by a redirect."""

    def __init__(self):
        self.asked = []

    def get(self, url, *, language):
        self.asked.append((url, language))
        pages = {
            "/": '<a href="/a/">a</a><a href="/dang-xuat/">out</a><a href="/r/">r</a><a href="/missing/">m</a>',
            "/a/": "<p>ok</p>",
            "/b/": '<a href="/boom/">boom</a>',
        }
        if url == "/r/":
            return Answer(url, 302, location="/b/")
        if url == "/boom/":
            return Answer(url, 500, error="ZeroDivisionError")
        if url in pages:
            return Answer(url, 200, "text/html", pages[url].encode())
        return Answer(url, 404, "text/html")


def test_crawl_follows_links_and_redirects_skips_sign_out_and_reports_errors():
    site = Pages()
    result = crawl(site, role="r", host="testserver", start=["/"])
    urls = [url for url, _status in result.pages]
    assert urls == ["/", "/a/", "/r/", "/b/", "/missing/", "/boom/"]
    assert "/dang-xuat/" not in urls
    assert [(f.kind, f.url) for f in result.findings] == [("server-error", "/boom/")]
    assert result.broken_links == [("/missing/", "/", 404)]
