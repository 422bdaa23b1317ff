"""The language switch on every page: Vietnamese by default, English on request."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_pages_are_vietnamese_by_default(client):
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="vi">' in html
    assert "Bỏ qua đến nội dung chính" in html


def test_every_page_carries_the_language_switch(client):
    html = client.get(reverse("login")).content.decode()
    assert f'action="{reverse("set_language")}"' in html
    assert 'name="language" value="en"' in html
    assert f'name="next" value="{reverse("login")}"' in html


def test_switching_to_english_translates_the_page(client, three_programs):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")}, follow=True)

    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("home")
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    assert "Industrial development support programmes" in html
    assert "task groups deployed" in html
    assert "Bỏ qua đến nội dung chính" not in html


def test_switching_back_to_vietnamese(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert "Bỏ qua đến nội dung chính" in client.get(reverse("home")).content.decode()
