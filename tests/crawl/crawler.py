"""A bounded crawler of the portal as one user meets it, and the checks it runs on every page.

Standard library only: the crawl test drives it in-process through Django's test client, the production-install
check (tests/production/check.py) over HTTP against gunicorn. A `Fetcher` hides which.

What it does, per role:
- starts from the given pages (the home page and the role's landing page), follows every same-site link and
  submits every GET form it finds (as found, and once more with its empty text boxes filled and its lists set to
  another choice); never POSTs, never follows sign-out, language-switch or deleting links;
- is bounded: URLs are grouped by pattern (ids and UUIDs in the path become placeholders, the query keeps its
  keys and whether each is filled), at most `per_pattern` URLs of a pattern and `max_pages` pages in all are
  fetched;
- checks every answer (see `check_page`): a 5xx, a raw template tag, a year printed with a thousands
  separator, and, on the English page of each pattern, Vietnamese text that is a msgid of the catalogues or
  is not the portal's data (unless marked lang="vi").
"""

from __future__ import annotations

import ast
import csv
import io
import re
import unicodedata
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

# ---------------------------------------------------------------------------------------------------------------
# Fetching


@dataclass
class Answer:
    url: str
    status: int
    content_type: str = ""
    body: bytes = b""
    location: str = ""
    error: str = ""  # the exception behind a 5xx, when the fetcher can see it

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def is_html(self) -> bool:
        return self.content_type.startswith("text/html")


class Fetcher(Protocol):
    def get(self, url: str, *, language: str) -> Answer:
        """GET a site-relative URL (path and query) in a language ("vi" or "en"), without following redirects."""


# ---------------------------------------------------------------------------------------------------------------
# Parsing

# Text inside these elements reads as one run with the text around it ("Công ty <mark>Nhựa</mark> Đồng Tiến").
INLINE = {"a", "abbr", "b", "bdi", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp", "small",
          "span", "strong", "sub", "sup", "time", "u", "var", "wbr", "br"}  # fmt: skip
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIP_TEXT = {"script", "style", "noscript", "textarea"}
UI_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")


@dataclass
class Text:
    value: str
    tag: str  # the nearest block element
    lang: str  # the nearest lang attribute
    parts: tuple[str, ...] = ()  # the text nodes of a run, split where an inline element starts or ends


@dataclass
class Control:
    tag: str  # input, select, textarea
    type: str
    name: str
    value: str = ""
    checked: bool = False
    options: list[tuple[str, str, bool]] = field(default_factory=list)  # (value, label, selected)
    multiple: bool = False


@dataclass
class Form:
    method: str
    action: str
    controls: list[Control] = field(default_factory=list)


@dataclass
class Table:
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Document:
    links: list[str] = field(default_factory=list)
    forms: list[Form] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)  # text nodes and UI attributes, outside scripts and styles
    raw_values: list[str] = field(default_factory=list)  # every attribute value, for the template-tag check
    tables: list[Table] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.doc = Document()
        self.stack: list[tuple[str, str]] = []  # (tag, lang)
        self.forms: list[Form] = []
        self.select: Control | None = None
        self.option: list | None = None  # [value, label parts, selected]
        self.tables: list[dict] = []
        self.run: list[str] = []
        self.run_tag = ""
        self.run_lang = ""

    # -- structure
    @property
    def lang(self) -> str:
        return self.stack[-1][1] if self.stack else ""

    def _flush(self):
        """End the current run of text (at the start or end of a block element, or where the language changes)."""
        if self.run and "".join(self.run).strip():
            parts = tuple(p for p in self.run if p.strip())
            self.doc.texts.append(Text("".join(self.run), self.run_tag, self.run_lang, parts))
        self.run = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value or "") for name, value in attrs}
        if tag not in INLINE or ("lang" in attributes and attributes["lang"] != self.lang):
            self._flush()
        for value in attributes.values():
            if value:
                self.doc.raw_values.append(value)
        lang = attributes.get("lang", self.lang)
        if tag not in VOID:
            self.stack.append((tag, lang))
        if tag in ("a", "area") and attributes.get("href"):
            self.doc.links.append(attributes["href"])
        for name in UI_ATTRIBUTES:
            if attributes.get(name, "").strip():
                self.doc.texts.append(Text(attributes[name], tag, lang))
        if tag == "form":
            form = Form(attributes.get("method", "get").lower(), attributes.get("action", ""))
            self.forms.append(form)
            self.doc.forms.append(form)
        elif tag == "input":
            kind = attributes.get("type", "text").lower()
            if kind in ("submit", "button", "reset") and attributes.get("value", "").strip():
                self.doc.texts.append(Text(attributes["value"], tag, lang))
            self._control(Control("input", kind, attributes.get("name", ""), attributes.get("value", ""),
                                  "checked" in attributes))  # fmt: skip
        elif tag == "select":
            self.select = Control("select", "select", attributes.get("name", ""), multiple="multiple" in attributes)
            self._control(self.select)
        elif tag == "option" and self.select is not None:
            self.option = [attributes.get("value"), [], "selected" in attributes]
        elif tag == "textarea":
            self._control(Control("textarea", "textarea", attributes.get("name", "")))
        elif tag == "table":
            self.tables.append({"table": Table(), "row": None, "cell": None, "in_head": False})
            self.doc.tables.append(self.tables[-1]["table"])
        elif tag == "thead" and self.tables:
            self.tables[-1]["in_head"] = True
        elif tag == "tr" and self.tables:
            self.tables[-1]["row"] = []
        elif tag in ("td", "th") and self.tables:
            self.tables[-1]["cell"] = []

    def _control(self, control: Control) -> None:
        if self.forms and control.name:
            self.forms[-1].controls.append(control)

    def handle_endtag(self, tag):
        if tag not in INLINE or any(t == tag and lang != self.run_lang for t, lang in self.stack[-1:]):
            self._flush()
        if tag == "form" and self.forms:
            self.forms.pop()
        elif tag == "select":
            self._close_option()
            self.select = None
        elif tag == "option":
            self._close_option()
        elif tag in ("td", "th") and self.tables and self.tables[-1]["cell"] is not None:
            state = self.tables[-1]
            if state["row"] is not None:
                state["row"].append(_squash(" ".join(state["cell"])))
            state["cell"] = None
        elif tag == "tr" and self.tables and self.tables[-1]["row"] is not None:
            state = self.tables[-1]
            table = state["table"]
            if state["in_head"] or (not table.headers and not table.rows):
                table.headers = table.headers or state["row"]
            else:
                table.rows.append(state["row"])
            state["row"] = None
        elif tag == "thead" and self.tables:
            self.tables[-1]["in_head"] = False
        elif tag == "table" and self.tables:
            self.tables.pop()
        if tag in VOID:
            return
        # Pop up to the matching open tag (HTML lets some end tags be omitted).
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def _close_option(self):
        if self.option is not None and self.select is not None:
            value, parts, selected = self.option
            label = _squash(" ".join(parts))
            self.select.options.append((label if value is None else value, label, selected))
        self.option = None

    def handle_data(self, data):
        if any(tag in SKIP_TEXT for tag, _lang in self.stack):
            if self.stack and self.stack[-1][0] == "textarea" and self.forms and self.forms[-1].controls:
                self.forms[-1].controls[-1].value += data
            return
        if self.option is not None:
            self.option[1].append(data)
        if self.tables and self.tables[-1]["cell"] is not None:
            self.tables[-1]["cell"].append(data)
        if not self.run:
            block = next((t for t, _lang in reversed(self.stack) if t not in INLINE), "")
            self.run_tag, self.run_lang = block, self.lang
        self.run.append(data)


def parse_html(html: str) -> Document:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.doc


def _squash(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------------------------
# Checks


@dataclass(frozen=True)
class Finding:
    kind: str  # server-error, raw-template, year-separator, untranslated-msgid, vietnamese-in-english
    url: str
    language: str
    detail: str


RAW_TEMPLATE = re.compile(r"\{\{|\{%")
# A year (1900-2199) written with a thousands separator: "2.024" (Vietnamese) or "2,024" (English).
SEPARATED_YEAR = r"(?<![\d.,])(?:1[.,]9\d\d|2[.,][01]\d\d)(?![\d]|[.,]\d)"
YEAR_WORDS = r"năm|year|giai đoạn|period|đợt|round|kỳ|niên khóa|khóa"
YEAR_IN_TEXT = re.compile(rf"(?i)(?<!\w)(?:{YEAR_WORDS})\s*[:\-–]?\s*({SEPARATED_YEAR})")
YEAR_RANGE = re.compile(
    rf"({SEPARATED_YEAR})\s*[-–]\s*(?:\d{{4}}|{SEPARATED_YEAR})|(?:\d{{4}}\s*[-–]\s*)({SEPARATED_YEAR})"
)
YEAR_HEADER = re.compile(r"(?i)^(?:năm|year)\b|\b(?:năm|year)$")
YEAR_CELL = re.compile(rf"^\s*{SEPARATED_YEAR}\s*$")
YEAR_FIELD = re.compile(r"(?i)(?:^|[_-])(?:year|nam)(?:$|[_-])|^(?:year|nam)")
VIETNAMESE = re.compile(
    "[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ]"
)


def check_raw_template(doc: Document) -> list[str]:
    found = []
    for value in [t.value for t in doc.texts] + doc.raw_values:
        match = RAW_TEMPLATE.search(value)
        if match:
            found.append(_snippet(value, match.start()))
    return found


def check_years_in_html(doc: Document) -> list[str]:
    found = []
    visible = " ".join(_squash(t.value) for t in doc.texts if t.tag not in ("option",))
    for pattern in (YEAR_IN_TEXT, YEAR_RANGE):
        for match in pattern.finditer(visible):
            found.append(_snippet(visible, match.start()))
    for table in doc.tables:
        columns = [i for i, header in enumerate(table.headers) if YEAR_HEADER.search(header)]
        for row in table.rows:
            for i in columns:
                if i < len(row) and YEAR_CELL.match(row[i]):
                    found.append(f"column “{table.headers[i]}”: {row[i]}")
    for form in doc.forms:
        for control in form.controls:
            if not YEAR_FIELD.search(control.name):
                continue
            values = [control.value] + [v for option in control.options for v in option[:2]]
            found += [f"field {control.name}: {v}" for v in values if v and YEAR_CELL.match(v)]
    return sorted(set(found))


def check_years_in_csv(text: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows:
        return []
    headers = rows[0]
    columns = [i for i, header in enumerate(headers) if YEAR_HEADER.search(header.strip())]
    found = []
    for row in rows[1:]:
        for i in columns:
            if i < len(row) and YEAR_CELL.match(row[i]):
                found.append(f"column “{headers[i]}”: {row[i]}")
    return sorted(set(found))


def _snippet(text: str, at: int, width: int = 50) -> str:
    return _squash(text[max(0, at - width) : at + width])


# -- translations


def _po_string(line: str) -> str:
    """The text of a catalogue line: `msgid "..."` or a continuation `"..."` (C escapes, as Python reads them)."""
    return ast.literal_eval(line[line.index('"') :]) if '"' in line else ""


def read_msgids(paths: Iterable[Path]) -> set[str]:
    """The source strings (msgid and msgid_plural) of gettext catalogues, whitespace squashed."""
    msgids: set[str] = set()
    for path in paths:
        current: list[str] | None = None
        for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
            line = raw.strip()
            if line.startswith(("msgid ", "msgid_plural ")):
                if current is not None:
                    msgids.add(_squash("".join(current)))
                current = [_po_string(line)]
            elif line.startswith('"') and current is not None:
                current.append(_po_string(line))
            else:
                if current is not None:
                    msgids.add(_squash("".join(current)))
                current = None
    msgids.discard("")
    return msgids


PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


class Catalogue:
    """Recognises a page text that is one of the catalogues' Vietnamese msgids: the whole text (a label's colon
    aside), or a msgid with placeholders found in it with its placeholders filled."""

    def __init__(self, msgids: Iterable[str]):
        self.exact = {m.casefold() for m in msgids if VIETNAMESE.search(m)}
        self.patterns = []
        for msgid in msgids:
            if not PLACEHOLDER.search(msgid):
                continue
            literal = PLACEHOLDER.sub("", msgid)
            if len(VIETNAMESE.findall(literal)) < 2 or len(literal.strip()) < 10:
                continue  # too little fixed Vietnamese text to tell it from data
            parts = [re.escape(part) for part in PLACEHOLDER.split(msgid)]
            self.patterns.append(re.compile("(?is)" + ".+?".join(parts)))

    def match(self, text: str) -> bool:
        folded = text.casefold()
        return folded in self.exact or folded.rstrip(" :*") in self.exact or any(p.search(text) for p in self.patterns)


WORD_EDGE = "\"'“”‘’()[]{}.,;:!?–—-/·|*«»"


def _words(text: str) -> list[str]:
    words = []
    for raw in unicodedata.normalize("NFC", text).casefold().split():
        word = raw.strip(WORD_EDGE)
        if word:
            words.append(word)
    return words


def _codes(text: str) -> set[str]:
    """Words written in capitals only, such as "NĐ-CP" or "UBND": abbreviations and document numbers, which
    stay as they are in any language."""
    return {
        raw.strip(WORD_EDGE).casefold()
        for raw in unicodedata.normalize("NFC", text).split()
        if raw == raw.upper() and any(ch.isalpha() for ch in raw)
    }


class DataIndex:
    """The portal's own data (the string values in the database), to tell data from interface text.

    A page text is explained by the data where it is a stored value or a run of at least `min_piece` words of one
    (a line of it, a sentence, its start before an ellipsis), or where every word of it that carries a Vietnamese
    letter belongs to a stored value (or a line of one) printed whole: "Tasks of Hà Nội", "Hùng Nguyễn Văn"."""

    def __init__(self, values: Iterable[str], *, min_piece: int = 4):
        self.min_piece = min_piece
        self.trie: dict = {}
        pieces = []
        for value in values:
            for piece in {value, *value.splitlines()}:
                words = _words(piece)
                if not words or not any(VIETNAMESE.search(w) for w in words):
                    continue
                pieces.append(" " + " ".join(words) + " ")
                node = self.trie
                for word in words:
                    node = node.setdefault(word, {})
                node[None] = True
        self.corpus = "\n".join(pieces)

    def unexplained(self, text: str) -> list[str]:
        words = _words(text)
        if text.rstrip().endswith(("…", "...")) and words:
            words = words[:-1]  # a word cut by the ellipsis
        codes = _codes(text)
        if not any(VIETNAMESE.search(w) and w not in codes for w in words):
            return []
        if len(words) >= self.min_piece and f" {' '.join(words)} " in self.corpus:
            return []
        covered = [False] * len(words)
        for start in range(len(words)):
            node, end = self.trie, None
            for position in range(start, len(words)):
                node = node.get(words[position])
                if node is None:
                    break
                if None in node:
                    end = position + 1
            if end is not None:
                for position in range(start, end):
                    covered[position] = True
        return [w for w, ok in zip(words, covered, strict=True) if not ok and VIETNAMESE.search(w) and w not in codes]


@dataclass
class LanguageCheck:
    catalogue: Catalogue
    data: DataIndex
    verdicts: dict = field(default_factory=dict)

    def check(self, doc: Document) -> list[tuple[str, str]]:
        """(kind, text) of every Vietnamese interface text on an English page."""
        found = []
        for item in doc.texts:
            if item.lang and not item.lang.startswith("en"):
                continue  # marked as another language on purpose (the language switch, a quoted name)
            text = _squash(item.value)
            if not VIETNAMESE.search(text):
                continue
            parts = tuple(_squash(p) for p in item.parts) or (text,)
            if parts not in self.verdicts:
                self.verdicts[parts] = self._verdict(text, parts)
            if self.verdicts[parts]:
                found.append((self.verdicts[parts], text))
        return found

    def _verdict(self, text: str, parts: tuple[str, ...]) -> str:
        """Data, printed whole or in pieces, is fine; so is a run whose every text node is data or not Vietnamese."""
        if not self.data.unexplained(" ".join(parts)) or not any(self.data.unexplained(p) for p in parts):
            return ""
        if self.catalogue.match(text) or any(self.catalogue.match(p) for p in parts):
            return "untranslated-msgid"
        return "vietnamese-in-english"


def check_page(answer: Answer, language_check: LanguageCheck | None) -> tuple[list[Finding], Document | None]:
    """The findings on one answer, and its parsed document when it is an HTML page."""
    findings = []
    if answer.status >= 500:
        findings.append(Finding("server-error", answer.url, "", f"{answer.status} {answer.error}".strip()))
        return findings, None
    if answer.status != 200:
        return findings, None
    language = "en" if language_check else "vi"
    if answer.content_type.startswith("text/csv"):
        for detail in check_years_in_csv(answer.text):
            findings.append(Finding("year-separator", answer.url, language, detail))
        return findings, None
    if not answer.is_html:
        return findings, None
    doc = parse_html(answer.text)
    for detail in check_raw_template(doc):
        findings.append(Finding("raw-template", answer.url, language, detail))
    for detail in check_years_in_html(doc):
        findings.append(Finding("year-separator", answer.url, language, detail))
    if language_check:
        for kind, text in language_check.check(doc):
            findings.append(Finding(kind, answer.url, language, text))
    return findings, doc


# ---------------------------------------------------------------------------------------------------------------
# Crawling

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
NUMBER = re.compile(r"^\d+$")
# Never fetched: signing out, switching language, static and uploaded files, deleting, the admin's writes.
SKIPPED = re.compile(
    r"^/(?:dang-xuat|i18n|static|media)/|/(?:delete|xoa|logout|dang-xuat)/|^/quan-tri/(?:logout|password_change)/"
)
SEARCH_WORD = "nhựa"


def pattern_of(url: str) -> str:
    """What URLs of one kind share: ids and UUIDs in the path become placeholders, the query keeps its keys and
    whether each is filled. A file (an export: xuat.csv, xuat.xlsx) is one kind whatever its query."""
    parts = urlsplit(url)
    segments = ["{id}" if UUID.match(s) or NUMBER.match(s) else s for s in parts.path.split("/")]
    if "." in segments[-1]:
        return "/".join(segments)
    keys = sorted({(k, bool(v)) for k, v in parse_qsl(parts.query, keep_blank_values=True)})
    query = "&".join(f"{k}={'*' if filled else ''}" for k, filled in keys)
    return "/".join(segments) + (f"?{query}" if query else "")


def same_site(base_url: str, href: str, host: str) -> str | None:
    """The site-relative URL of a link, or None for another site, a fragment, mailto: and the like."""
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:")):
        return None
    absolute = urlsplit(urljoin(f"http://{host}{base_url}", href))
    if absolute.scheme not in ("http", "https") or absolute.netloc != host:
        return None
    return absolute.path + (f"?{absolute.query}" if absolute.query else "")


def form_submissions(form: Form, page_url: str) -> list[str]:
    """The URLs a GET form leads to: as the page fills it, and with its text boxes and lists set."""
    action = form.action or urlsplit(page_url).path

    def encode(pairs):
        separator = "&" if "?" in action else "?"
        return action + (separator + urlencode(pairs) if pairs else "")

    as_found, filled = [], []
    for control in form.controls:
        if control.tag == "select":
            chosen = [o for o in control.options if o[2]] or control.options[:1]
            values = [o[0] for o in chosen]
            as_found += [(control.name, v) for v in values]
            others = [o[0] for o in control.options if o[0] and o[0] not in values]
            filled += [(control.name, others[-1] if others else (values[0] if values else ""))]
        elif control.tag == "textarea" or control.type in ("text", "search", "hidden", "email", "tel", "url"):
            as_found.append((control.name, control.value))
            word = SEARCH_WORD if control.type in ("text", "search") and not control.value else control.value
            filled.append((control.name, word))
        elif control.type in ("number", "date", "month", "week"):
            as_found.append((control.name, control.value))
            filled.append((control.name, control.value))
        elif control.type in ("checkbox", "radio") and control.checked:
            as_found.append((control.name, control.value or "on"))
            filled.append((control.name, control.value or "on"))
    return [encode(as_found), encode(filled)]


@dataclass
class RoleCrawl:
    role: str
    pages: list[tuple[str, int]] = field(default_factory=list)  # (url, status) in the order fetched
    findings: list[Finding] = field(default_factory=list)
    broken_links: list[tuple[str, str, int]] = field(default_factory=list)  # (url, found on, status)
    english_pages: int = 0

    def summary(self) -> dict:
        statuses = Counter(status for _url, status in self.pages)
        return {
            "role": self.role,
            "pages": len(self.pages),
            "english_pages": self.english_pages,
            "statuses": dict(sorted(statuses.items())),
            "findings": len(self.findings),
        }


def crawl(
    fetcher: Fetcher,
    *,
    role: str,
    host: str,
    start: Iterable[str],
    language_check: LanguageCheck | None = None,
    max_pages: int = 150,
    max_admin_pages: int = 40,
    per_pattern: int = 2,
    log: Callable[[str], None] | None = None,
) -> RoleCrawl:
    result = RoleCrawl(role)
    queue: deque[tuple[str, str]] = deque((url, "") for url in start)
    seen: set[str] = set()
    per_pattern_count: Counter = Counter()
    english_done: set[str] = set()
    admin_pages = 0
    while queue and len(result.pages) < max_pages:
        url, referrer = queue.popleft()
        if url in seen or SKIPPED.search(urlsplit(url).path):
            continue
        pattern = pattern_of(url)
        if per_pattern_count[pattern] >= per_pattern:
            continue
        is_admin = url.startswith("/quan-tri/")
        if is_admin and admin_pages >= max_admin_pages:
            continue
        seen.add(url)
        per_pattern_count[pattern] += 1
        admin_pages += is_admin
        answer = fetcher.get(url, language="vi")
        result.pages.append((url, answer.status))
        if log:
            log(f"{role} {answer.status} {url}")
        findings, doc = check_page(answer, None)
        result.findings += findings
        if answer.status in (301, 302, 303, 307, 308) and answer.location:
            target = same_site(url, answer.location, host)
            if target:
                queue.appendleft((target, url))
            continue
        if 400 <= answer.status < 500 and referrer:
            result.broken_links.append((url, referrer, answer.status))
        if doc is None:
            continue
        if language_check and pattern not in english_done:
            english_done.add(pattern)
            english = fetcher.get(url, language="en")
            result.english_pages += 1
            result.findings += check_page(english, language_check)[0]
        for href in doc.links:
            target = same_site(url, href, host)
            if target and target not in seen:
                queue.append((target, url))
        for form in doc.forms:
            if form.method != "get":
                continue
            for target in form_submissions(form, url):
                target = same_site(url, target, host)
                if target and target not in seen:
                    queue.append((target, url))
    return result


def distinct_findings(findings: Iterable[Finding]) -> list[tuple[Finding, int]]:
    """One line per kind and detail (a missing translation in the layout shows on every page), with a count."""
    first: dict[tuple[str, str], Finding] = {}
    counts: Counter = Counter()
    for finding in findings:
        key = (finding.kind, finding.detail if finding.kind != "server-error" else pattern_of(finding.url))
        first.setdefault(key, finding)
        counts[key] += 1
    return [(first[key], counts[key]) for key in first]
