"""The program dashboard's content kept in the cache (programs/caching.py): served again without its queries,
stale as soon as a write changes what it shows, whoever writes (a service, the admin, a shell, plain SQL), and
only for the program written to; never showing one viewer's bits to another, one copy per language, never kept
under a version a rolled-back write saw, and computed afresh when Redis is away."""

import datetime
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enterprises.models import Enrollment
from programs import selectors, services
from programs.changes import TRIGGER, all_programs_data_version, program_data_version
from programs.metrics import metric_choices
from programs.models import Program, Task, TaskUpdate
from programs.targets import TargetKind
from tests.factories import EnterpriseFactory, IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cache_of_this_process(settings):
    """A cache no other test process clears: the suite's Redis database is shared by the test workers, and some
    tests empty it (the API throttle's counters) while these count what is served from it."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.PROGRAM_PAGES_CACHED = True
    cache.clear()  # what earlier tests of this process left


UNREACHABLE_REDIS = {
    "default": {"BACKEND": "portal.cache.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"},
}


def _dashboard(client, program) -> str:
    response = client.get(reverse("programs:dashboard", args=[program.slug]))
    assert response.status_code == 200
    return response.content.decode()


def _status_count(html: str, status: str) -> int:
    """The count beside a status badge of the first task group's card."""
    card = html.split('id="group-1"', 1)[1].split("</li>\n", 1)[0] if 'id="group-1"' in html else html
    match = re.search(rf'badge-{status}">[^<]*</span>\s*<strong>(\d+)</strong>', card)
    assert match, card
    return int(match.group(1))


def test_second_view_is_served_from_the_cache(login, cast, hcm_program, django_assert_max_num_queries):
    client = login(cast.official)
    first = _dashboard(client, hcm_program)
    # The roll-ups, indicators and charts are not computed again: it reads the user, then the program with its
    # data version in one query.
    with django_assert_max_num_queries(2):
        second = _dashboard(client, hcm_program)
    main = re.compile(r"<main.*</main>", re.S)
    assert main.search(second).group(0) == main.search(first).group(0)


def test_nothing_is_kept_in_a_cache_of_one_process(settings, login, cast, hcm_program):
    """Without Redis every worker process has a cache of its own, which a write in another could not renew."""
    settings.PROGRAM_PAGES_CACHED = False
    client = login(cast.official)
    _dashboard(client, hcm_program)
    with CaptureQueriesContext(connection) as second:
        _dashboard(client, hcm_program)
    # The user, the program, then the roll-ups, overdue tasks, indicators and their values, computed again.
    assert len(second.captured_queries) >= 6


def test_unknown_program_is_missing_every_time(login, cast, hcm_program):
    client = login(cast.official)
    for _ in range(2):
        assert client.get(reverse("programs:dashboard", args=["khong-co"])).status_code == 404


def test_task_update_shows_at_once(login, cast, hcm_program, hcm_task, django_capture_on_commit_callbacks):
    client = login(cast.staff_hcm)
    assert _status_count(_dashboard(client, hcm_program), "in_progress") == 0

    with django_capture_on_commit_callbacks(execute=True):
        services.task_update_record(
            task=hcm_task, actor=cast.staff_hcm, date=datetime.date(2024, 5, 2), status="in_progress", progress=40
        )

    html = _dashboard(client, hcm_program)
    assert _status_count(html, "in_progress") == 1
    assert _status_count(html, "not_started") == 1


def test_indicator_value_shows_at_once(login, cast, hanoi_program, django_capture_on_commit_callbacks):
    client = login(cast.staff_hanoi)
    indicator = hanoi_program.indicators.get()
    assert "870 doanh nghiệp" in _dashboard(client, hanoi_program)

    with django_capture_on_commit_callbacks(execute=True):
        services.indicator_value_record(
            indicator=indicator,
            actor=cast.staff_hanoi,
            period_label="Năm 2022",
            period_end=datetime.date(2022, 12, 31),
            value=Decimal(955),
            source="Cục Thống kê Hà Nội",
        )

    html = _dashboard(client, hanoi_program)
    # The latest value is the actual; the earlier one stays in the indicator's history, worded with its unit.
    assert _actual_shown(html, "dn-cnht") == "955 doanh nghiệp"
    assert "Năm 2021: 870 doanh nghiệp" in html


def _actual_shown(html: str, code: str) -> str:
    """The text of the indicator's actual cell, without its period line."""
    row = html.split(f'id="indicator-{code}"', 1)[1].split("</tr>", 1)[0]
    cell = re.search(r'<td class="number actual">(.*?)(<br>|</td>)', row, re.S).group(1)
    return re.sub(r"<[^>]+>", "", cell).strip()


def _enrolled_shown(html: str) -> str:
    return _actual_shown(html, "dn-tham-gia")


def test_enrollment_written_in_the_admin_shows_at_once(client, login, cast, hcm_program):
    """Enrollments (counted by computed indicators) are written in the admin, which calls nothing to renew pages:
    the database renews the program's version."""
    IndicatorFactory(
        program=hcm_program,
        code="dn-tham-gia",
        name="Doanh nghiệp tham gia chương trình",
        metric="enrolled_enterprises",
        target_kind=TargetKind.MINIMUM,
        target_value=Decimal(1),
        target_low=None,
        target_high=None,
    )
    enterprise = EnterpriseFactory()
    staff = login(cast.staff_hcm)
    # Nothing counted yet: no data, never "0 doanh nghiệp".
    assert _enrolled_shown(_dashboard(staff, hcm_program)) == "Chưa có số liệu"

    admin = login(cast.admin)
    response = admin.post(
        reverse("admin:enterprises_enrollment_add"),
        {"enterprise": enterprise.pk, "program": hcm_program.pk, "enrolled_on": "2024-03-01", "note": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Enrollment.objects.filter(enterprise=enterprise, program=hcm_program).exists()

    staff = login(cast.staff_hcm)
    assert _enrolled_shown(_dashboard(staff, hcm_program)) == "1 doanh nghiệp"


def test_viewers_with_different_rights_never_see_each_others_bits(client, cast, hcm_program):
    def view_as(user) -> str:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return _dashboard(client, hcm_program)

    editor = view_as(cast.staff_hcm)  # staff of the program's city: may enter indicator values
    reader = view_as(cast.staff_hanoi)  # staff of another city: reads only
    editor_again = view_as(cast.staff_hcm)

    enter_value = reverse("programs:indicator_value_add", args=[hcm_program.slug, "iip"])
    assert enter_value in editor and enter_value in editor_again
    assert enter_value not in reader
    assert "Chỉ xem" in reader and "Chỉ xem" not in editor
    # The top bar is the viewer's own, with a CSRF token of the viewer's own session.
    lan, minh = 'class="user-name">Lan<', 'class="user-name">Minh<'
    assert lan in editor and minh not in editor
    assert minh in reader and lan not in reader
    tokens = [re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html) for html in (editor, reader)]
    assert tokens[0] and tokens[1] and not set(tokens[0]) & set(tokens[1])


def test_english_and_vietnamese_are_kept_apart(login, cast, hcm_program):
    client = login(cast.official)
    assert "Các chỉ tiêu" in _dashboard(client, hcm_program)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _dashboard(client, hcm_program)
    assert "Task groups and solutions" in english and "Các chỉ tiêu" not in english

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    vietnamese = _dashboard(client, hcm_program)
    assert "Nhóm nhiệm vụ và giải pháp" in vietnamese and "Task groups and solutions" not in vietnamese


def test_redis_away_still_serves_the_dashboard_and_takes_updates(
    settings, login, cast, hcm_program, hcm_task, django_capture_on_commit_callbacks
):
    settings.CACHES = UNREACHABLE_REDIS
    client = login(cast.staff_hcm)
    html = _dashboard(client, hcm_program)
    assert "Phát triển nguồn nhân lực" in html  # the page itself, computed afresh
    assert _status_count(html, "in_progress") == 0

    with django_capture_on_commit_callbacks(execute=True):
        services.task_update_record(
            task=hcm_task, actor=cast.staff_hcm, date=datetime.date(2024, 5, 2), status="in_progress", progress=40
        )

    assert Task.objects.get(pk=hcm_task.pk).status == "in_progress"
    assert _status_count(_dashboard(client, hcm_program), "in_progress") == 1
    overview = client.get(reverse("programs:overview"))
    assert overview.status_code == 200 and hcm_program.title in overview.content.decode()
    assert client.get(reverse("home")).status_code == 200


def _served_from_the_cache(client, program, queries) -> str:
    with CaptureQueriesContext(connection) as captured:
        html = _dashboard(client, program)
    queries.append(len(captured.captured_queries))
    return html


def test_a_shell_write_through_no_service_shows_on_the_next_request(login, cast, hcm_program, hcm_task):
    """As from `manage.py shell`: a plain save and a queryset update, no service, nothing renewed by hand."""
    client = login(cast.official)
    assert _status_count(_dashboard(client, hcm_program), "in_progress") == 0
    assert _status_count(_dashboard(client, hcm_program), "in_progress") == 0  # now served from the cache

    Task.objects.filter(pk=hcm_task.pk).update(status="in_progress", progress=40)
    assert _status_count(_dashboard(client, hcm_program), "in_progress") == 1

    TaskUpdate.objects.create(task=hcm_task, date=datetime.date(2024, 5, 3), status="done", progress=100)
    Task.objects.filter(pk=hcm_task.pk).update(status="done", progress=100)
    html = _dashboard(client, hcm_program)
    assert _status_count(html, "in_progress") == 0 and _status_count(html, "done") == 1


def test_a_write_in_plain_sql_shows_on_the_next_request(login, cast, hcm_program, hcm_task):
    client = login(cast.official)
    assert _status_count(_dashboard(client, hcm_program), "in_progress") == 0
    assert _status_count(_dashboard(client, hcm_program), "in_progress") == 0
    with connection.cursor() as cursor:
        cursor.execute("UPDATE programs_task SET status = 'in_progress', progress = 40 WHERE id = %s", [hcm_task.pk])
    assert _status_count(_dashboard(client, hcm_program), "in_progress") == 1


def test_a_write_to_one_program_leaves_the_other_programs_page_in_the_cache(
    login, cast, hcm_program, hcm_task, hanoi_program, hanoi_task
):
    client = login(cast.official)
    for program in (hcm_program, hanoi_program):
        _dashboard(client, program)
    hanoi_version = program_data_version(hanoi_program.id)

    Task.objects.filter(pk=hcm_task.pk).update(status="in_progress", progress=40)

    assert program_data_version(hanoi_program.id) == hanoi_version
    queries = []
    hanoi = _served_from_the_cache(client, hanoi_program, queries)
    hcm = _served_from_the_cache(client, hcm_program, queries)
    assert "Kết nối doanh nghiệp CNHT" in hanoi
    assert queries[0] <= 3 < queries[1]  # Hà Nội's page as kept; TPHCM's computed again
    assert _status_count(hcm, "in_progress") == 1

    Task.objects.filter(pk=hanoi_task.pk).update(status="in_progress", progress=10)
    assert program_data_version(hanoi_program.id) != hanoi_version
    assert _status_count(_dashboard(client, hanoi_program), "in_progress") == 1


def test_the_overview_is_stale_after_a_write_to_any_program(login, cast, hcm_program, hanoi_program, hanoi_task):
    client = login(cast.official)

    def overview() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("programs:overview"))
        assert response.status_code == 200
        return response.content.decode(), len(captured.captured_queries)

    overview()
    _html, kept = overview()
    assert kept <= 2  # the user and the versions
    version = all_programs_data_version()
    Task.objects.filter(pk=hanoi_task.pk).update(status="in_progress", progress=10)
    assert all_programs_data_version() != version
    _html, computed = overview()
    assert computed > kept
    Program.objects.filter(pk=hanoi_program.pk).update(title="Chương trình CNHT Hà Nội, bản sửa")
    assert "Chương trình CNHT Hà Nội, bản sửa" in overview()[0]


def test_a_page_seen_by_a_rolled_back_write_is_never_served_again(login, cast, hcm_program, hcm_task):
    """A page computed inside a transaction that rolls back is kept under a version nobody gets again: versions
    come from a sequence, which a rollback does not give back."""
    client = login(cast.staff_hcm)
    assert _status_count(_dashboard(client, hcm_program), "in_progress") == 0
    versions = set()
    with pytest.raises(RuntimeError), transaction.atomic():
        Task.objects.filter(pk=hcm_task.pk).update(status="in_progress", progress=40)
        versions.add(program_data_version(hcm_program.id))
        assert _status_count(_dashboard(client, hcm_program), "in_progress") == 1  # kept under that version
        raise RuntimeError("rolled back")

    assert _status_count(_dashboard(client, hcm_program), "in_progress") == 0
    # A later write that commits gets a version of its own, whatever the rolled-back one held.
    Task.objects.filter(pk=hcm_task.pk).update(status="done", progress=100)
    assert program_data_version(hcm_program.id) not in versions
    html = _dashboard(client, hcm_program)
    assert _status_count(html, "done") == 1 and _status_count(html, "in_progress") == 0


def test_every_table_the_cached_pages_read_renews_versions(cast, hcm_program):
    """What the cached parts read, each table carries the triggers that renew the versions of its programmes."""
    for metric, _label in metric_choices():
        IndicatorFactory(program=hcm_program, code=f"m-{metric}", name=f"Chỉ tiêu {metric}", metric=metric)
    with CaptureQueriesContext(connection) as queries:
        dashboard = selectors.program_dashboard(hcm_program, cast.official)
        render_to_string("programs/_dashboard_content.html", {"dashboard": dashboard, "can_edit": True})
        render_to_string("programs/_overview_content.html", {"columns": selectors.workspace_overview()})
    read = {table for q in queries.captured_queries for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', q["sql"])}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = ANY(%s) AND t.tgenabled <> 'D' GROUP BY c.relname HAVING count(*) = 4",
            [[f"{TRIGGER}_{event}" for event in ("insert", "update", "delete", "truncate")]],
        )
        watched = {row[0] for row in cursor.fetchall()}
    assert {"programs_task", "programs_indicatorvalue", "enterprises_enrollment", "products_recognition"} <= read
    assert read - watched == set()
