"""Public pages: what a program promised and how far it got, the task list and the exports of every list."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from programs.models import Task
from tests.factories import (
    EnterpriseFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    ParticipationFactory,
    ProductFactory,
    RecognitionFactory,
    RecognitionRoundFactory,
    SupportActivityFactory,
    TaskFactory,
    TaskGroupFactory,
)

pytestmark = pytest.mark.django_db


def _html(client, url, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_program_page_shows_groups_indicators_activities_and_products(client, world):
    html = _html(client, reverse("programs:public_detail", kwargs={"slug": world.program.slug}))

    assert "Chương trình cao su - nhựa" in html
    assert "1. Phát triển thị trường" in html and 'aria-label="Phát triển thị trường"' in html  # progress bar
    assert "70%" in html  # weighted progress: (100 + 40) / 2
    assert "20–25 doanh nghiệp" in html and "22 doanh nghiệp" in html  # target as written, actual
    assert 'class="chart"' in html
    assert "Lớp đào tạo quản trị" in html and "2 lượt doanh nghiệp tham gia; 1 lượt trở thành" in html
    assert "Ống nhựa HDPE" in html and world.recognition.certificate_number in html
    # Nothing from the workspace: no task pages, no update forms, no value entry.
    assert "/theo-doi/" not in html


def test_program_page_needs_no_login_and_hides_drafts(client, world):
    assert client.get(reverse("programs:public_detail", kwargs={"slug": world.program.slug})).status_code == 200
    assert client.get(reverse("programs:public_detail", kwargs={"slug": world.draft_program.slug})).status_code == 404
    assert client.get(reverse("programs:public_detail", kwargs={"slug": "khong-co"})).status_code == 404


def test_home_links_to_each_program_page(client, world):
    html = _html(client, reverse("home"))
    assert reverse("programs:public_detail", kwargs={"slug": world.program.slug}) in html


def test_public_task_list_filters_and_has_no_staff_actions(client, world):
    html = _html(client, reverse("programs:public_tasks"), status=Task.Status.DONE)

    assert "Hội chợ sản phẩm nhựa" in html and "Đào tạo kỹ năng" not in html
    assert "/theo-doi/" not in html and "Cập nhật</a>" not in html
    assert f"{reverse('programs:public_tasks_export', args=['csv'])}?status=done" in html


def _csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def _xlsx_rows(response) -> list[list]:
    workbook = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def _export(client, name, format, **params):
    response = client.get(reverse(name, kwargs={"format": format}), params)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return _csv_rows(response) if format == "csv" else _xlsx_rows(response)


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_task_export_matches_the_filtered_rows(client, world, format):
    rows = _export(client, "programs:public_tasks_export", format, status=Task.Status.IN_PROGRESS)
    api = client.get("/api/v1/tasks/", {"status": "in_progress"}, HTTP_ACCEPT="application/json").json()

    assert rows[0][:4] == ["Chương trình", "Thành phố", "Nhóm nhiệm vụ", "Nhiệm vụ"]
    assert [row[3] for row in rows[1:]] == [t["title"] for t in api["results"]] == ["Đào tạo kỹ năng"]


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_registry_export_matches_the_filtered_rows(client, world, format):
    RecognitionFactory(
        product=ProductFactory(name="Lốp xe tải", sector="rubber_plastics"), round=world.recognition.round
    )
    page = _html(client, reverse("products:registry"), q="lop xe")
    rows = _export(client, "products:registry_export", format, q="lop xe")

    assert [row[0] for row in rows[1:]] == ["Lốp xe tải"]
    assert "Lốp xe tải" in page and "Ống nhựa HDPE" not in page
    assert len(_export(client, "products:registry_export", format)) == 3  # header + both products


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_directory_export_matches_the_filtered_rows(client, world, format):
    rows = _export(client, "enterprise_directory_export", format, province="Hà Nội")
    assert rows[0][0] == "Doanh nghiệp"
    assert [row[0] for row in rows[1:]] == [world.other_enterprise.name]
    everyone = _export(client, "enterprise_directory_export", format)
    assert [row[0] for row in everyone[1:]] == sorted([world.enterprise.name, world.other_enterprise.name])


def test_directory_lists_each_enterprises_recognised_products_only(client, world):
    directory = _html(client, reverse("enterprises:directory"))
    detail = _html(client, reverse("enterprises:public_detail", kwargs={"public_id": world.enterprise.public_id}))
    other = _html(client, reverse("enterprises:public_detail", kwargs={"public_id": world.other_enterprise.public_id}))

    assert "Sản phẩm được công nhận" in directory and "Ống nhựa HDPE" in directory
    assert "Ống nhựa HDPE" in detail
    # The other enterprise's product has only a draft application: not recognised, not shown.
    assert "sản phẩm chưa công nhận" not in directory and "Chưa có sản phẩm được công nhận." in other


def test_directory_export_names_the_recognised_products(client, world):
    rows = _export(client, "enterprise_directory_export", "csv")
    column = rows[0].index("Sản phẩm được công nhận")
    by_name = {row[0]: row[column] for row in rows[1:]}
    assert by_name == {world.enterprise.name: "Ống nhựa HDPE", world.other_enterprise.name: ""}


def test_an_invalid_export_filter_is_refused_with_a_message(client, world):
    response = client.get(reverse("programs:public_tasks_export", args=["csv"]), {"due_after": "x", "status": "sai"})
    assert response.status_code == 400
    assert "Bộ lọc không hợp lệ." in response.content.decode()


def test_an_invalid_registry_filter_shows_no_rows_as_its_export_refuses_it(client, world):
    # A sector that is no choice: the page says so and lists nothing, rather than every product unfiltered.
    page = _html(client, reverse("products:registry"), sector="khong-co")
    assert "Ống nhựa HDPE" not in page
    assert client.get(reverse("products:registry_export", args=["csv"]), {"sector": "khong-co"}).status_code == 400
    assert "Ống nhựa HDPE" in _html(client, reverse("products:registry"))


def test_spreadsheet_formulas_are_neutralised(client, world):
    TaskFactory(group=world.done_task.group, order=9, title='=HYPERLINK("http://x")')
    rows = _export(client, "programs:public_tasks_export", "csv", q="HYPERLINK")
    assert rows[1][3].startswith("'=")


# --- Query counts at two sizes -------------------------------------------------------------------------


def _grow(world, n: int) -> None:
    """n more groups, tasks, indicators with values, activities with participants, recognised products."""
    program = world.program
    for i in range(n):
        group = TaskGroupFactory(program=program, order=10 + i)
        TaskFactory(group=group, status=Task.Status.IN_PROGRESS, progress=30)
        IndicatorValueFactory(indicator=IndicatorFactory(program=program, code=f"them-{i}"))
        activity = SupportActivityFactory(program=program)
        ParticipationFactory(activity=activity, enterprise=EnterpriseFactory())
        round_ = RecognitionRoundFactory(program=program, year=2030 + i)
        RecognitionFactory(product=ProductFactory(enterprise=world.enterprise), round=round_)


PAGES = [
    ("program page", lambda w: reverse("programs:public_detail", kwargs={"slug": w.program.slug}), 10),
    ("task list", lambda w: reverse("programs:public_tasks"), 8),
    ("task export", lambda w: reverse("programs:public_tasks_export", args=["xlsx"]), 3),
    ("registry export", lambda w: reverse("products:registry_export", args=["csv"]), 3),
    ("directory page", lambda w: reverse("enterprises:directory"), 8),
    (
        "enterprise page",
        lambda w: reverse("enterprises:public_detail", kwargs={"public_id": w.enterprise.public_id}),
        6,
    ),
    ("directory export", lambda w: reverse("enterprise_directory_export", args=["csv"]), 4),
    ("api tasks", lambda w: "/api/v1/tasks/", 4),
    ("api programs", lambda w: "/api/v1/programs/", 4),
    ("api indicators", lambda w: "/api/v1/indicators/", 6),
    ("api products", lambda w: "/api/v1/recognised-products/", 4),
    ("api enterprises", lambda w: "/api/v1/enterprises/", 4),
]


@pytest.mark.parametrize("size", [2, 25])
@pytest.mark.parametrize(("name", "url", "limit"), PAGES, ids=[p[0] for p in PAGES])
def test_query_count_does_not_grow_with_the_rows(client, world, django_assert_max_num_queries, size, name, url, limit):
    _grow(world, size)
    with django_assert_max_num_queries(limit):
        response = client.get(url(world), HTTP_ACCEPT="application/json")
    assert response.status_code == 200


# --- Language ------------------------------------------------------------------------------------------


def test_public_pages_switch_to_english(client, world):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    program_page = _html(client, reverse("programs:public_detail", kwargs={"slug": world.program.slug}))
    tasks_page = _html(client, reverse("programs:public_tasks"))

    assert '<html lang="en">' in program_page
    assert "Support activities" in program_page and "Recognised products" in program_page
    assert "Hoạt động hỗ trợ" not in program_page
    assert "Programme tasks" in tasks_page and "Export CSV" in tasks_page


def test_public_pages_are_vietnamese_by_default(client, world):
    html = _html(client, reverse("programs:public_detail", kwargs={"slug": world.program.slug}))
    assert '<html lang="vi">' in html and "Hoạt động hỗ trợ" in html


def test_registry_and_directory_link_to_their_filtered_exports(client, world):
    registry = _html(client, reverse("products:registry"), q="hdpe")
    directory = _html(client, reverse("enterprises:directory"), province="Hà Nội")

    assert f"{reverse('products:registry_export', args=['xlsx'])}?q=hdpe" in registry
    assert f"{reverse('enterprise_directory_export', args=['csv'])}?province=H%C3%A0+N%E1%BB%99i" in directory


def test_exports_follow_the_chosen_language(client, world):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    tasks = _export(client, "programs:public_tasks_export", "csv")
    registry = _export(client, "products:registry_export", "xlsx")

    assert tasks[0][:2] == ["Program", "Cities"]
    assert registry[0][0] == "Product"
