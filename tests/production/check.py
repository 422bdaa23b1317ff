"""The production install, checked over HTTP as its users meet it (run by tools/production_check.sh).

    python -m tests.production.check --base-url http://127.0.0.1:PORT --logins logins.json

Standard library only: it talks to gunicorn as a browser behind the TLS-terminating proxy would
(X-Forwarded-Proto: https, so the secure cookies and CSRF's origin checks are those of production), and never
imports the portal. Each check prints PASS or FAIL with the reason; the last line counts them.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import sys
import time
import traceback
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from tests.crawl.crawler import Answer, crawl, distinct_findings, parse_html

INVALID_TAX_CODE = "0100233480"  # ten digits whose check digit is wrong
PAGES_PER_ROLE = 40


class Browser:
    """One visitor: a cookie jar (sent back whatever the Secure flag: TLS ends at the proxy) and plain requests."""

    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.origin = f"https://{parts.netloc}"
        self.cookies: dict[str, str] = {}

    def request(self, method: str, url: str, *, data: dict | list | None = None, language: str = "vi") -> Answer:
        self.cookies["django_language"] = language
        headers = {
            "Host": f"{self.host}:{self.port}",
            "X-Forwarded-Proto": "https",
            "User-Agent": "portal-production-check",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if method == "POST":
            body = urlencode(data or {}).encode()
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": self.origin,
                "Referer": self.origin + url,
            }
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            connection.request(method, url, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
            for header in response.headers.get_all("Set-Cookie") or []:
                jar = SimpleCookie()
                jar.load(header)
                for name, morsel in jar.items():
                    if morsel["max-age"] == "0" or morsel.value == "":
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
            return Answer(url, response.status, response.headers.get("Content-Type", ""), content,
                          response.headers.get("Location", ""))  # fmt: skip
        finally:
            connection.close()

    def get(self, url: str, *, language: str = "vi") -> Answer:
        return self.request("GET", url, language=language)

    def post(self, url: str, data) -> Answer:
        return self.request("POST", url, data=data)


def site_path(location: str) -> str:
    parts = urlsplit(location)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def form_fields(form) -> list[tuple[str, str]]:
    """What a browser would send for a form as the page fills it (no file, no button)."""
    fields = []
    for control in form.controls:
        if control.tag == "select":
            chosen = [o for o in control.options if o[2]]
            if not chosen and not control.multiple:
                chosen = control.options[:1]
            fields += [(control.name, o[0]) for o in chosen]
        elif control.type in ("checkbox", "radio"):
            if control.checked:
                fields.append((control.name, control.value or "on"))
        elif control.type not in ("file", "submit", "button", "reset", "image"):
            fields.append((control.name, control.value))
    return fields


def sign_in(browser: Browser, username: str, password: str) -> str:
    page = browser.get("/dang-nhap/")
    assert page.status == 200, f"login page answered {page.status}"
    form = next(f for f in parse_html(page.text).forms if any(c.type == "password" for c in f.controls))
    user_field = next(c.name for c in form.controls if c.type in ("text", "email"))
    data = [(k, v) for k, v in form_fields(form) if k not in (user_field, "password")]
    data += [(user_field, username), ("password", password)]
    answer = browser.post(form.action or "/dang-nhap/", data)
    assert answer.status == 302, f"{username} was not signed in: {answer.status} {answer.text[:300]}"
    assert "sessionid" in browser.cookies, f"{username}: no session cookie"
    return site_path(answer.location)


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def run(self, name: str, check, *args) -> None:
        started = time.monotonic()
        try:
            detail = check(*args)
        except AssertionError as exc:
            self.failed += 1
            print(f"FAIL {name}: {exc}", flush=True)
        except Exception:  # a crash of the check itself is a failure too, with its traceback
            self.failed += 1
            print(f"FAIL {name}: {traceback.format_exc()}", flush=True)
        else:
            self.passed += 1
            print(f"PASS {name} ({time.monotonic() - started:.1f} s){': ' + detail if detail else ''}", flush=True)


def check_health(base_url: str) -> str:
    answer = Browser(base_url).get("/healthz")
    assert answer.status == 200, f"/healthz answered {answer.status}: {answer.text[:200]}"
    state = json.loads(answer.text)
    assert state.get("status") == "ok" and state.get("database") == "ok" and state.get("broker") == "ok", state
    return answer.text


def check_static(base_url: str) -> str:
    browser = Browser(base_url)
    home = browser.get("/")
    assert home.status == 200, f"home answered {home.status}"
    sheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', home.text)
    assert sheets, "no stylesheet on the home page"
    for href in sheets:
        assert re.search(r"\.[0-9a-f]{12}\.css$", href), f"{href} is not a manifest (hashed) name"
        sheet = browser.get(href)
        assert sheet.status == 200 and sheet.content_type.startswith("text/css"), f"{href}: {sheet.status}"
    return ", ".join(sheets)


def check_role(base_url: str, username: str | None, password: str | None) -> str:
    browser = Browser(base_url)
    start = ["/", "/dang-nhap/"]
    if username:
        start = [sign_in(browser, username, password), "/"]
    result = crawl(browser, role=username or "anonymous", host=f"{browser.host}:{browser.port}", start=start,
                   max_pages=PAGES_PER_ROLE, max_admin_pages=10, per_pattern=1)  # fmt: skip
    errors = [f for f in result.findings if f.kind == "server-error"]
    notes = [f for f, _n in distinct_findings(result.findings) if f.kind != "server-error"]
    for finding in notes:
        print(f"  note {finding.kind} {finding.url}: {finding.detail}")
    for url, status in result.pages:
        print(f"  {status} {url}")
    assert not errors, "server errors on " + ", ".join(f"{f.url} ({f.detail})" for f in errors)
    assert len(result.pages) > 3, f"only {len(result.pages)} pages reached"
    return f"{len(result.pages)} pages, no 5xx"


def check_midterm_report(base_url: str, username: str, password: str) -> str:
    browser = Browser(base_url)
    sign_in(browser, username, password)
    page = browser.get("/bao-cao/")
    assert page.status == 200, f"/bao-cao/ answered {page.status}"
    forms = [f for f in parse_html(page.text).forms if f.method == "post" and f.action.rstrip("/").endswith("yeu-cau")]
    assert forms, "no report request form on /bao-cao/"
    # A program's own "mid-term report" button, or else the general form with the choices set.
    form = next((f for f in forms if ("kind", "midterm") in form_fields(f)), forms[0])
    data = dict(form_fields(form))
    if data.get("kind") != "midterm":
        kind = next(c for c in form.controls if c.name == "kind")
        assert any(o[0] == "midterm" for o in kind.options), f"no mid-term choice in {kind.options}"
        program = next(c for c in form.controls if c.name == "program")
        data |= {"kind": "midterm", "program": next(o[0] for o in program.options if o[0]), "period": ""}
    answer = browser.post(form.action, data)
    assert answer.status == 302, f"the request answered {answer.status}: {answer.text[:300]}"
    status_url = site_path(answer.location)
    deadline = time.monotonic() + 240
    while True:
        status_page = browser.get(status_url)
        assert status_page.status == 200, f"{status_url} answered {status_page.status}"
        state = re.search(r'data-status="(\w+)"', status_page.text).group(1)
        if state in ("done", "failed"):
            break
        assert time.monotonic() < deadline, f"the report is still {state} after 4 minutes: is the worker running?"
        time.sleep(1)
    assert state == "done", f"the worker failed the report: {status_page.text[:500]}"
    link = re.search(r'href="([^"]+/tai-ve/)"', status_page.text)
    assert link, "no download link on the finished report's page"
    pdf = browser.get(link.group(1))
    assert pdf.status == 200, f"download answered {pdf.status}"
    assert pdf.content_type.startswith("application/pdf"), pdf.content_type
    assert pdf.body.startswith(b"%PDF"), f"not a PDF: {pdf.body[:20]!r}"
    return f"{status_url}: {len(pdf.body):,} bytes of PDF"


def check_admin_refuses_invalid_tax_code(base_url: str, username: str, password: str) -> str:
    browser = Browser(base_url)
    sign_in(browser, username, password)
    listing = browser.get("/quan-tri/enterprises/enterprise/")
    assert listing.status == 200, f"the enterprise changelist answered {listing.status}"
    change_url = re.search(r'href="(/quan-tri/enterprises/enterprise/\d+/change/)[^"]*"', listing.text).group(1)
    page = browser.get(change_url)
    assert page.status == 200, f"{change_url} answered {page.status}"
    form = next(f for f in parse_html(page.text).forms if f.method == "post" and any(
        c.name == "tax_code" for c in f.controls))  # fmt: skip
    before = next(c.value for c in form.controls if c.name == "tax_code")
    data = [(k, INVALID_TAX_CODE if k == "tax_code" else v) for k, v in form_fields(form)]
    answer = browser.post(change_url, data)
    assert answer.status != 302, f"the admin saved tax code {INVALID_TAX_CODE} on {change_url} (redirected: saved)"
    assert answer.status == 200, f"the admin answered {answer.status}"
    assert "errorlist" in answer.text, "the admin answered the form again but shows no error"
    again = browser.get(change_url)
    after = next(c.value for f in parse_html(again.text).forms for c in f.controls if c.name == "tax_code")
    assert after == before, f"the tax code changed from {before} to {after}"
    return f"{change_url}: refused, tax code still {before}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--proxy-url", help="nginx in front of --base-url (deploy/nginx.conf)")
    parser.add_argument("--logins", required=True, help="JSON: [{username, password, role}] of the demo logins")
    args = parser.parse_args()
    with open(args.logins, encoding="utf-8") as handle:
        logins = {entry["username"]: entry for entry in json.load(handle)}
    official = next(u for u, e in logins.items() if e["role"] == "official")
    admin = next(u for u, e in logins.items() if e["role"] == "admin")

    checks = Checks()
    checks.run("health", check_health, args.base_url)
    checks.run("static files from the manifest", check_static, args.base_url)
    if args.proxy_url:
        checks.run("health through nginx", check_health, args.proxy_url)
        checks.run("static files through nginx, from the static root", check_static, args.proxy_url)
    checks.run("crawl as anonymous", check_role, args.base_url, None, None)
    for username, entry in logins.items():
        checks.run(f"sign in and crawl as {username}", check_role, args.base_url, username, entry["password"])
    checks.run(f"mid-term report PDF for {official}", check_midterm_report, args.base_url, official,
               logins[official]["password"])  # fmt: skip
    checks.run(f"admin refuses tax code {INVALID_TAX_CODE}", check_admin_refuses_invalid_tax_code, args.base_url,
               admin, logins[admin]["password"])  # fmt: skip
    print(f"production: {checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
