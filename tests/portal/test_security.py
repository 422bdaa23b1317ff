"""The CSP header is sent and the pages need no 'unsafe-inline': no style attributes, no inline scripts."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


class InlineCodeFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes:
            self.problems.append(f"style attribute on <{tag}>")
        if tag == "style":
            self.problems.append("<style> element")
        if tag == "script" and not attributes.get("src"):
            self.problems.append("<script> without src")
        self.problems.extend(f"{name} handler on <{tag}>" for name in attributes if name.startswith("on"))


def inline_code_in(html: str) -> list[str]:
    finder = InlineCodeFinder()
    finder.feed(html)
    return finder.problems


def test_home_sends_a_strict_content_security_policy(client):
    response = client.get(reverse("home"))

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_home_has_no_inline_style_or_script(client, three_programs):
    assert inline_code_in(client.get(reverse("home")).content.decode()) == []


def test_signed_in_pages_have_no_inline_style_or_script(client, login, cast, three_programs):
    login(cast.admin)
    assert inline_code_in(client.get(reverse("home")).content.decode()) == []


@pytest.mark.parametrize("path", ["/dang-nhap/", "/khong-ton-tai/"])
def test_login_and_error_pages_have_no_inline_style_or_script(client, path):
    assert inline_code_in(client.get(path).content.decode()) == []


def test_htmx_is_told_not_to_inject_its_indicator_styles(client):
    html = client.get(reverse("home")).content.decode()
    assert """<meta name="htmx-config" content='{"includeIndicatorStyles":false}'>""" in html
    assert "vendor/htmx/htmx.min.js" in html
