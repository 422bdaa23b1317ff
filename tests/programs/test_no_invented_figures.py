"""No page, export or API answer invents a figure: no measured progress, no recorded value and no count are
"Chưa có số liệu", never 0 or 0 %; a deployed group without a percentage reads "Đã triển khai"; qualifiers stay
with their numbers; context figures stand apart from the programme's chỉ tiêu; a plan that states more tasks than
are entered says so; a programme's status is its status by date."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from programs.models import Indicator, IndicatorValue, Program, Task, TaskUpdate
from programs.targets import TargetKind
from tests.factories import IndicatorFactory, IndicatorValueFactory, ProgramFactory, TaskFactory, TaskGroupFactory

NO_DATA = "Chưa có số liệu"


@pytest.fixture
def unmeasured(cast, hcm):
    """A programme whose groups are all deployed without any measured percentage, as the HCMC article says."""
    program = ProgramFactory(slug="trien-khai-khong-ty-le", city=hcm, short_title="Triển khai, không tỷ lệ")
    for order in (1, 2):
        group = TaskGroupFactory(program=program, order=order, code=str(order), title=f"Nhóm triển khai {order}")
        TaskFactory(group=group, title=f"Nhiệm vụ đã triển khai {order}", status=Task.Status.IN_PROGRESS, progress=None)
    return program


@pytest.fixture
def with_context(cast, hcm):
    """A programme with one chỉ tiêu and two context figures about the city, worded with qualifiers."""
    program = ProgramFactory(slug="co-so-lieu-boi-canh", city=hcm, short_title="Có số liệu bối cảnh")
    TaskFactory(group=TaskGroupFactory(program=program, order=1), progress=40, status=Task.Status.IN_PROGRESS)
    target = IndicatorFactory(
        program=program,
        code="san-pham",
        name="Sản phẩm được công nhận",
        unit="sản phẩm",
        order=1,
        target_kind=TargetKind.RANGE,
        target_low=Decimal(30),
        target_high=Decimal(35),
    )
    IndicatorValueFactory(indicator=target, period_label="Năm 2022", value=Decimal(32))
    products = IndicatorFactory(
        program=program,
        code="sp-fdi-tim",
        name="Sản phẩm CNHT doanh nghiệp FDI đang tìm nhà cung ứng",
        unit="sản phẩm",
        order=2,
        role=Indicator.Role.CONTEXT,
        target_kind=TargetKind.NONE,
        target_low=None,
        target_high=None,
    )
    IndicatorValueFactory(
        indicator=products,
        period_label="Năm 2020",
        value=Decimal(400),
        qualifier=IndicatorValue.Qualifier.OVER,
        source="Báo Sài Gòn Giải Phóng",
    )
    makers = IndicatorFactory(
        program=program,
        code="dn-san-xuat",
        name="Doanh nghiệp sản xuất trong nước",
        unit="doanh nghiệp",
        order=3,
        role=Indicator.Role.CONTEXT,
        target_kind=TargetKind.NONE,
        target_low=None,
        target_high=None,
    )
    IndicatorValueFactory(
        indicator=makers,
        period_label="Năm 2020",
        value=Decimal(5000),
        qualifier=IndicatorValue.Qualifier.NEARLY,
        source="Sở Công Thương TPHCM",
    )
    return program


@pytest.fixture
def partly_entered(cast, hanoi):
    """A plan that states 12 tasks in 5 groups, of which the source names 10."""
    program = ProgramFactory(
        slug="ke-hoach-12-nhiem-vu", city=hanoi, short_title="Kế hoạch 12 nhiệm vụ", stated_task_count=12
    )
    groups = [TaskGroupFactory(program=program, order=i, code=str(i)) for i in range(1, 6)]
    for i in range(10):
        done = i < 2
        TaskFactory(
            group=groups[i % 5],
            status=Task.Status.DONE if done else Task.Status.NOT_STARTED,
            progress=100 if done else 0,
        )
    return program


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert "{#" not in html and "{%" not in html, "a template comment or tag printed as text"
    return html


def _group_card(html: str, order: int) -> str:
    return html.split(f'id="group-{order}"', 1)[1].split("</li>\n", 1)[0]


def _pages(program) -> dict[str, str]:
    return {
        "dashboard": reverse("programs:dashboard", args=[program.slug]),
        "public": reverse("programs:public_detail", kwargs={"slug": program.slug}),
    }


# --- Progress ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["dashboard", "public"])
def test_deployed_groups_without_a_percentage_read_deployed_never_zero(login, cast, unmeasured, page):
    html = _html(login(cast.official), _pages(unmeasured)[page])
    for order in (1, 2):
        card = _group_card(html, order)
        assert "Đã triển khai" in card
        assert "<progress" not in card and "0%" not in card
    stats = html.split('class="stat-grid"', 1)[1].split("</ul>", 1)[0]
    assert NO_DATA in stats and "0%" not in stats
    assert "2/2" in stats  # both groups deployed: a count of what is recorded


def test_overview_and_home_draw_no_bar_for_no_measured_progress(client, login, cast, unmeasured):
    overview = _html(login(cast.official), reverse("programs:overview"))
    card = overview.split(unmeasured.title, 1)[1].split("</li>", 1)[0]
    assert NO_DATA in card and "<progress" not in card and "0%" not in card
    client.logout()
    home = _html(client, reverse("home"))
    card = home.split(unmeasured.title, 1)[1].split("</li>", 1)[0]
    assert NO_DATA in card and "<progress" not in card and "0%" not in card


def test_a_task_without_a_measured_progress_shows_its_status_without_a_percentage(login, cast, unmeasured):
    task = Task.objects.filter(group__program=unmeasured).first()
    TaskUpdate.objects.create(task=task, date=datetime.date(2023, 6, 30), status=Task.Status.IN_PROGRESS)
    client = login(cast.staff_hcm)
    listing = _html(client, reverse("programs:tasks") + f"?program={unmeasured.pk}")
    row = listing.split(f'id="task-{task.public_id}"', 1)[1].split("</tr>", 1)[0]
    assert "Đang triển khai" in row and "<progress" not in row and "%" not in row
    detail = _html(client, reverse("programs:task_detail", args=[task.public_id]))
    state = detail.split('id="task-state"', 1)[1].split("</div>\n</div>", 1)[0]
    assert "chưa đo được tỷ lệ hoàn thành" in state and "<progress" not in state
    timeline = detail.split('class="timeline"', 1)[1].split("</ol>", 1)[0]
    assert "chưa đo được tỷ lệ hoàn thành" in timeline and "0%" not in timeline


def test_a_partly_measured_group_says_how_many_tasks_its_figure_rests_on(login, cast, unmeasured):
    group = unmeasured.groups.get(order=1)
    TaskFactory(group=group, title="Nhiệm vụ có tỷ lệ", status=Task.Status.IN_PROGRESS, progress=50)
    card = _group_card(_html(login(cast.official), _pages(unmeasured)["dashboard"]), 1)
    assert "50%" in card
    assert "Tiến độ tính trên 1/2 nhiệm vụ có tỷ lệ hoàn thành đo được." in card


@pytest.mark.parametrize("format", ["csv", "xlsx"])
@pytest.mark.parametrize("name", ["programs:tasks_export", "programs:public_tasks_export"])
def test_exports_write_no_data_for_no_measured_progress(login, cast, unmeasured, name, format):
    response = login(cast.official).get(reverse(name, kwargs={"format": format}), {"program": unmeasured.pk})
    assert response.status_code == 200
    if format == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    else:
        rows = [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    column = rows[0].index("Tiến độ (%)")
    assert [row[column] for row in rows[1:]] == [NO_DATA, NO_DATA]


def test_api_answers_null_progress_never_zero(client, cast, unmeasured):
    def get(url, **params):
        return client.get(url, params, HTTP_ACCEPT="application/json").json()

    program = get(f"/api/v1/programs/{unmeasured.slug}/")
    assert program["progress"] is None and program["deployed_group_count"] == 2 and program["group_count"] == 2
    groups = get("/api/v1/task-groups/", program=unmeasured.slug)["results"]
    assert [(g["progress"], g["deployed"]) for g in groups] == [(None, True), (None, True)]
    tasks = get("/api/v1/tasks/", program=unmeasured.pk)["results"]
    assert [t["progress"] for t in tasks] == [None, None]


def test_api_schema_says_progress_may_be_null(client, db):
    schema = client.get("/api/v1/schema/?format=json").json()["components"]["schemas"]
    assert schema["Program"]["properties"]["progress"]["nullable"] is True
    assert schema["TaskGroup"]["properties"]["progress"]["nullable"] is True
    assert schema["Task"]["properties"]["progress"]["nullable"] is True
    assert schema["Indicator"]["properties"]["actual"]["nullable"] is True


def test_the_update_form_accepts_an_empty_progress(login, cast, hcm_task):
    client = login(cast.staff_hcm)
    url = reverse("programs:task_update", args=[hcm_task.public_id])
    form = _html(client, url)
    assert "Để trống nếu chưa đo được tỷ lệ hoàn thành" in form
    response = client.post(
        url, {"date": "2023-04-01", "status": "in_progress", "progress": "", "note": "Đã triển khai"}
    )
    assert response.status_code == 302
    update = TaskUpdate.objects.get(task=hcm_task)
    assert update.progress is None
    hcm_task.refresh_from_db()
    assert hcm_task.status == Task.Status.IN_PROGRESS and hcm_task.progress is None
    detail = _html(client, reverse("programs:task_detail", args=[hcm_task.public_id]))
    assert "chưa đo được tỷ lệ hoàn thành" in detail


# --- Indicators: qualifiers and context --------------------------------------------------------------------


@pytest.mark.parametrize("page", ["dashboard", "public"])
def test_context_figures_stand_apart_with_their_qualifiers_and_sources(login, cast, with_context, page):
    html = _html(login(cast.official), _pages(with_context)[page])
    indicators = html.split('id="indicators-title"', 1)[1].split("</section>", 1)[0]
    assert "Sản phẩm được công nhận" in indicators
    assert "FDI" not in indicators and "Doanh nghiệp sản xuất trong nước" not in indicators
    context = html.split('id="context-title"', 1)[1].split("</section>", 1)[0]
    assert "Số liệu bối cảnh" in html.split('id="context-title"', 1)[1][:40]
    assert "hơn 400 sản phẩm" in context and "gần 5.000 doanh nghiệp" in context
    assert "Báo Sài Gòn Giải Phóng" in context and "Năm 2020" in context
    assert "Mục tiêu" not in context and "badge-" not in context


def test_overview_counts_only_the_programmes_own_indicators(login, cast, with_context):
    overview = _html(login(cast.official), reverse("programs:overview"))
    card = overview.split(with_context.title, 1)[1].split("</li>", 1)[0]
    assert "1 / 0" in card and "(1 chỉ tiêu)" in card


def test_api_marks_context_figures_and_keeps_qualifiers(client, cast, with_context):
    rows = client.get("/api/v1/indicators/", {"program": with_context.slug}, HTTP_ACCEPT="application/json").json()
    by_code = {r["code"]: r for r in rows["results"]}
    assert by_code["san-pham"]["role"] == "indicator" and by_code["san-pham"]["attainment"] == "within"
    context = by_code["sp-fdi-tim"]
    assert context["role"] == "context" and context["attainment"] is None
    assert context["actual_display"] == "hơn 400 sản phẩm"
    assert context["values"][0]["qualifier"] == "over" and context["values"][0]["value_display"] == "hơn 400 sản phẩm"
    assert by_code["dn-san-xuat"]["actual_display"] == "gần 5.000 doanh nghiệp"
    only_context = client.get("/api/v1/indicators/", {"role": "context"}, HTTP_ACCEPT="application/json").json()
    assert {r["code"] for r in only_context["results"]} == {"sp-fdi-tim", "dn-san-xuat"}


def test_an_indicator_with_nothing_recorded_reads_no_data(login, cast, hanoi_program):
    IndicatorFactory(program=hanoi_program, code="chua-co", name="Chỉ tiêu chưa ghi", unit="sản phẩm")
    html = _html(login(cast.official), reverse("programs:dashboard", args=[hanoi_program.slug]))
    row = html.split('id="indicator-chua-co"', 1)[1].split("</tr>", 1)[0]
    assert NO_DATA in row and "0 sản phẩm" not in row and "badge-" not in row


# --- Task counts -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["dashboard", "public"])
def test_a_plan_stating_more_tasks_than_entered_says_so(login, cast, partly_entered, page):
    html = _html(login(cast.official), _pages(partly_entered)[page])
    assert "Kế hoạch nêu 12 nhiệm vụ trong 5 nhóm; 10 nhiệm vụ được nêu tên và theo dõi tại đây." in html
    assert "tổng số nhiệm vụ" not in html
    assert not re.search(r"\b2/10\b", html)


def test_overview_never_reads_the_entered_tasks_as_the_plans_total(login, cast, partly_entered):
    overview = _html(login(cast.official), reverse("programs:overview"))
    card = overview.split(partly_entered.title, 1)[1].split("</li>", 1)[0]
    assert not re.search(r"\b2/10\b", card)
    assert "2 trong 10 nhiệm vụ được nêu tên và theo dõi tại đây (kế hoạch nêu 12 nhiệm vụ trong 5 nhóm)" in card


def test_api_gives_the_stated_task_count_beside_the_entered_tasks(client, cast, partly_entered):
    program = client.get(f"/api/v1/programs/{partly_entered.slug}/", HTTP_ACCEPT="application/json").json()
    assert program["stated_task_count"] == 12 and program["task_count"] == 10


# --- Status by date ----------------------------------------------------------------------------------------


def test_a_plan_past_its_period_reads_ended(client, cast, hanoi):
    ended = ProgramFactory(
        slug="ke-hoach-2021", city=hanoi, period_start=2021, period_end=2021, status=Program.Status.ACTIVE
    )
    page = _html(client, reverse("programs:public_detail", kwargs={"slug": ended.slug}))
    meta = page.split('class="meta"', 1)[1].split("</dl>", 1)[0]
    assert "Đã kết thúc" in meta and "Đang thực hiện" not in meta
    home = _html(client, reverse("home"))
    card = home.split(ended.title, 1)[0].rsplit('class="program-card"', 1)[1]
    assert "Đã kết thúc" in card and "Đang thực hiện" not in card
    api = client.get(f"/api/v1/programs/{ended.slug}/", HTTP_ACCEPT="application/json").json()
    assert api["status"] == "completed" and api["status_label"] == "Đã kết thúc"
    listed = client.get("/api/v1/programs/", {"status": "completed"}, HTTP_ACCEPT="application/json").json()
    assert ended.slug in [p["slug"] for p in listed["results"]]
    active = client.get("/api/v1/programs/", {"status": "active"}, HTTP_ACCEPT="application/json").json()
    assert ended.slug not in [p["slug"] for p in active["results"]]


def test_staff_record_a_value_with_its_qualifier_and_every_page_keeps_it(client, login, cast, with_context):
    staff = login(cast.staff_hcm)
    url = reverse("programs:indicator_value_add", args=[with_context.slug, "sp-fdi-tim"])
    data = {
        "period_label": "Năm 2023",
        "period_end": "31/12/2023",
        "value": "450",
        "qualifier": "nearly",
        "source": "SCT",
    }
    assert staff.post(url, data).status_code == 302
    assert IndicatorValue.objects.get(period_label="Năm 2023").qualifier == IndicatorValue.Qualifier.NEARLY
    dashboard = _html(staff, reverse("programs:dashboard", args=[with_context.slug]))
    assert "gần 450 sản phẩm" in dashboard.split('id="context-title"', 1)[1]
    refused = staff.post(url, {**data, "period_label": "Năm 2024", "qualifier": "chac-chan"})
    assert refused.status_code == 200 and not IndicatorValue.objects.filter(period_label="Năm 2024").exists()
