"""The seeded programmes with the demo data, walked as every demo login: every programme page, dashboard and task
page answers, and none prints a figure the articles do not give (no "0 %" for the HCMC groups, which the article
reports deployed without a percentage; no "x/10 nhiệm vụ" for Hanoi CNHT, whose plan states 12)."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from demo.management.commands.seed_demo import DEMO_LOGINS
from programs.models import Program, Task

pytestmark = pytest.mark.django_db

WORKSPACE_ROLES = {"admin", "staff", "official"}
# A percentage printed as zero, in any of the ways the pages write one.
ZERO_PERCENT = re.compile(r"(?<![\d,.])0(,0)?\s?%")


@pytest.fixture
def seeded(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_programs", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    return {p.slug: p for p in Program.objects.select_related("city")}


def _hcm(programs: dict) -> Program:
    return next(p for p in programs.values() if p.city.code == "hcm" and p.groups.count() == 9)


def _cnht(programs: dict) -> Program:
    return next(p for p in programs.values() if p.stated_task_count == 12)


def _pages(programs: dict) -> tuple[list[str], list[str]]:
    """(public pages, workspace pages) of every programme and every task."""
    public = [reverse("home"), reverse("programs:public_tasks")]
    public += [reverse("programs:public_detail", kwargs={"slug": slug}) for slug in programs]
    workspace = [reverse("programs:overview"), reverse("programs:tasks")]
    workspace += [reverse("programs:dashboard", args=[slug]) for slug in programs]
    workspace += [reverse("programs:task_detail", args=[t.public_id]) for t in Task.objects.all()]
    return public, workspace


def test_every_programme_and_task_page_answers_for_every_demo_login(seeded):
    public, workspace = _pages(seeded)
    users = get_user_model().objects.in_bulk([login.username for login in DEMO_LOGINS], field_name="username")
    for login in DEMO_LOGINS:
        client = Client()
        client.force_login(users[login.username], backend="django.contrib.auth.backends.ModelBackend")
        for url in public:
            assert client.get(url).status_code == 200, (login.username, url)
        # Enterprise accounts have no workspace (tests/security: the access matrix).
        expected = 200 if login.role in WORKSPACE_ROLES else 403
        for url in workspace:
            assert client.get(url).status_code == expected, (login.username, url)
    anonymous = Client()
    for url in public:
        assert anonymous.get(url).status_code == 200, url


def _cards(html: str) -> list[str]:
    return re.findall(r'<li class="card group-card.*?</li>\n', html, re.S)


def test_hcmc_groups_read_deployed_never_zero_percent(seeded, client):
    program = _hcm(seeded)
    official = get_user_model().objects.get(username="demo.lanhdao")
    client.force_login(official, backend="django.contrib.auth.backends.ModelBackend")
    for url in (
        reverse("programs:dashboard", args=[program.slug]),
        reverse("programs:public_detail", kwargs={"slug": program.slug}),
    ):
        html = client.get(url).content.decode()
        cards = _cards(html)
        assert len(cards) == 9, url
        for card in cards:
            assert not ZERO_PERCENT.search(card), (url, card)
            assert "Đã triển khai" in card or "%" in card, (url, card)
        stats = html.split('class="stat-grid"', 1)[1].split("</ul>", 1)[0]
        assert not ZERO_PERCENT.search(stats), url
    overview = client.get(reverse("programs:overview")).content.decode()
    card = overview.split(program.title, 1)[1].split("</li>", 1)[0]
    assert not ZERO_PERCENT.search(card)
    home = Client().get(reverse("home")).content.decode()
    card = home.split(program.title, 1)[1].split("</li>", 1)[0]
    assert not ZERO_PERCENT.search(card)


def _counts_over(total: int) -> re.Pattern:
    """ "2/10" read as a count out of `total`, not a date such as 30/10/2021."""
    return re.compile(rf"(?<![\d/])\d+/{total}(?![\d/])")


def test_hanoi_cnht_states_its_twelve_tasks(seeded, client):
    program = _cnht(seeded)
    entered = Task.objects.filter(group__program=program).count()
    official = get_user_model().objects.get(username="demo.lanhdao")
    client.force_login(official, backend="django.contrib.auth.backends.ModelBackend")
    for url in (
        reverse("programs:dashboard", args=[program.slug]),
        reverse("programs:public_detail", kwargs={"slug": program.slug}),
    ):
        html = client.get(url).content.decode()
        assert f"Kế hoạch nêu 12 nhiệm vụ trong 5 nhóm; {entered} nhiệm vụ được nêu tên và theo dõi tại đây." in html
        assert not _counts_over(entered).search(html), url
    overview = client.get(reverse("programs:overview")).content.decode()
    card = overview.split(program.title, 1)[1].split("</li>", 1)[0]
    assert not _counts_over(entered).search(card)
