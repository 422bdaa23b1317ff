"""Server time and queries of the portal's list pages beside the Django admin changelist of the same rows.

Requests go through django.test.Client in this process: server time is the time around `client.get`
(middleware, view, template), without a network. Portal and admin requests alternate, so that a slower
moment of a shared machine weighs on both.
"""

from dataclasses import asdict, dataclass

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from benchmark.measure import Timing, timed
from programs.models import City, Program
from programs.seed_data import HCM_RUBBER_PLASTICS

STAFF = "demo.canbo.hcm"
ADMIN = "demo.quantri"
SEARCH = "nhựa"
BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass(frozen=True)
class PageCase:
    key: str
    label: str
    url: str
    user: str | None
    admin_label: str
    admin_url: str


def page_cases() -> list[PageCase]:
    program = Program.objects.get(slug=HCM_RUBBER_PLASTICS)
    city = City.objects.get(code="hcm")
    admin = "/quan-tri/"
    return [
        PageCase(
            "dashboard",
            "Dashboard (HCMC program)",
            reverse("programs:dashboard", kwargs={"slug": program.slug}),
            STAFF,
            "admin Task changelist, same program",
            f"{admin}programs/task/?group__program__id__exact={program.id}",
        ),
        PageCase(
            "tasks",
            "Tasks list, filtered (program + in progress)",
            f"{reverse('programs:tasks')}?program={program.id}&status=in_progress",
            STAFF,
            "admin Task changelist, same filter",
            f"{admin}programs/task/?group__program__id__exact={program.id}&status__exact=in_progress",
        ),
        PageCase(
            "registry",
            f"Registry search “{SEARCH}”",
            f"{reverse('products:registry')}?q={SEARCH}",
            None,
            "admin Recognition changelist, same search",
            f"{admin}products/recognition/?q={SEARCH}",
        ),
        PageCase(
            "directory",
            f"Enterprise directory search “{SEARCH}”",
            f"{reverse('enterprises:directory')}?q={SEARCH}",
            None,
            "admin Enterprise changelist, same search",
            f"{admin}enterprises/enterprise/?q={SEARCH}",
        ),
        PageCase(
            "applications",
            "Application list (HCMC staff)",
            reverse("products:staff_applications"),
            STAFF,
            "admin Application changelist, HCMC rounds",
            f"{admin}products/application/?round__program__city__id__exact={city.id}",
        ),
    ]


def _client(username: str | None) -> Client:
    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username), backend=BACKEND)
    return client


def _get(client: Client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return response


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        _get(client, url)
    return len(queries)


def query_counts() -> dict[str, dict[str, int]]:
    """Queries per request of every page and its admin peer (for the count at a second dataset size)."""
    admin = _client(ADMIN)
    counts = {}
    for case in page_cases():
        portal = _client(case.user)
        counts[case.key] = {"portal": count_queries(portal, case.url), "admin": count_queries(admin, case.admin_url)}
    return counts


@dataclass
class PageFigures:
    key: str
    label: str
    url: str
    admin_label: str
    admin_url: str
    portal: Timing
    admin: Timing
    portal_queries: int
    admin_queries: int

    @property
    def ratio(self) -> float:
        return round(self.portal.median_ms / self.admin.median_ms, 3)

    def as_dict(self) -> dict:
        return {**asdict(self), "ratio": self.ratio}


def measure_page(case: PageCase, admin: Client, *, repeats: int, warmup: int = 3) -> PageFigures:
    portal = _client(case.user)
    for _ in range(warmup):
        _get(portal, case.url)
        _get(admin, case.admin_url)
    portal_times, admin_times = [], []
    for _ in range(repeats):
        portal_times.append(timed(lambda: _get(portal, case.url))[0])
        admin_times.append(timed(lambda: _get(admin, case.admin_url))[0])
    return PageFigures(
        key=case.key,
        label=case.label,
        url=case.url,
        admin_label=case.admin_label,
        admin_url=case.admin_url,
        portal=Timing.of(portal_times),
        admin=Timing.of(admin_times),
        portal_queries=count_queries(portal, case.url),
        admin_queries=count_queries(admin, case.admin_url),
    )


def measure_pages(*, repeats: int) -> list[PageFigures]:
    admin = _client(ADMIN)
    return [measure_page(case, admin, repeats=repeats) for case in page_cases()]
