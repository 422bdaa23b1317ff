from html.parser import HTMLParser

import pytest
from django.urls import NoReverseMatch, reverse

from tests.factories import ProgramFactory, TaskGroupFactory
from tests.portal.conftest import HANOI_CNHT_TITLE, HANOI_KEY_TITLE, HCM_TITLE

pytestmark = pytest.mark.django_db


class SectionCollector(HTMLParser):
    """Collects, for each city section heading, the program titles (h3) listed under it."""

    def __init__(self):
        super().__init__()
        self.sections: dict[str, list[str]] = {}
        self._current_city = None
        self._capture = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        if tag == "h2" and "section-title" in (dict(attrs).get("class") or ""):
            self._capture, self._text = "city", ""
        elif tag == "h3":
            self._capture, self._text = "program", ""
        elif tag == "span" and self._capture == "city":
            self._capture = "city-count"

    def handle_endtag(self, tag):
        if tag == "span" and self._capture == "city-count":
            self._capture = "city-done"
        if tag == "h2" and self._capture in ("city", "city-done"):
            self._current_city = self._text.strip()
            self.sections[self._current_city] = []
            self._capture = None
        elif tag == "h3" and self._capture == "program":
            self.sections[self._current_city].append(self._text.strip())
            self._capture = None

    def handle_data(self, data):
        if self._capture in ("city", "program"):
            self._text += data


def test_home_lists_the_three_programs_grouped_by_city(client, three_programs):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    parser = SectionCollector()
    parser.feed(response.content.decode())
    assert parser.sections == {
        "Hà Nội": [HANOI_CNHT_TITLE, HANOI_KEY_TITLE],
        "TP Hồ Chí Minh": [HCM_TITLE],
    }


def test_home_shows_progress_and_deployed_groups(client, three_programs):
    html = client.get(reverse("home")).content.decode()

    # HCMC: 9 groups, all started, half the tasks done → 75%.
    assert "<strong>9/9</strong> nhóm nhiệm vụ đã triển khai" in html
    assert 'value="75.0"' in html and "75%" in html
    # Hanoi CNHT 2021: 4 of 5 groups started; 800 / 12 tasks → 66,7% written the Vietnamese way.
    assert "<strong>4/5</strong> nhóm nhiệm vụ đã triển khai" in html
    assert "66,7%" in html
    # Hanoi key products 2022: nothing started yet, plan number and period shown.
    assert "<strong>0/6</strong> nhóm nhiệm vụ đã triển khai" in html
    assert "267/KH-UBND" in html
    assert "2020 - 2030" in html


def test_home_links_each_program_when_its_public_page_exists(client, three_programs):
    html = client.get(reverse("home")).content.decode()
    try:
        urls = [reverse("programs:public_detail", kwargs={"slug": p.slug}) for p in three_programs]
    except NoReverseMatch:
        assert "Xem chi tiết" not in html
    else:
        for url in urls:
            assert f'href="{url}"' in html


def test_home_without_programs_says_so(client, db):
    html = client.get(reverse("home")).content.decode()
    assert "Chưa có chương trình nào được công bố." in html


@pytest.mark.parametrize("program_count", [3, 12])
def test_home_query_count_does_not_grow_with_programs(client, hcm, program_count, django_assert_max_num_queries):
    for _ in range(program_count):
        program = ProgramFactory(city=hcm)
        TaskGroupFactory.create_batch(3, program=program)

    with django_assert_max_num_queries(2):
        response = client.get(reverse("home"))

    assert response.content.decode().count('class="program-card"') == program_count
