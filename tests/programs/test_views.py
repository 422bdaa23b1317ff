import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from programs.models import Task, TaskUpdate
from programs.services import task_update_record

PDF = b"%PDF-1.5\n1 0 obj<<>>endobj\n%%EOF\n"
READ, WRITE = "read", "write"


@pytest.fixture
def evidence_update(cast, hcm_task):
    return task_update_record(
        task=hcm_task,
        actor=cast.staff_hcm,
        date=datetime.date(2023, 3, 1),
        status="in_progress",
        progress=30,
        evidence=SimpleUploadedFile("bien-ban.pdf", PDF),
    )


def page_request(name, hcm_task, hcm_program, evidence_update):
    """(method, url, data) of each workspace page, addressed at the HCMC program."""
    task_id = hcm_task.public_id
    update_data = {"date": "2023-04-01", "status": "in_progress", "progress": "40", "note": ""}
    return {
        "overview": ("get", reverse("programs:overview"), None),
        "dashboard": ("get", reverse("programs:dashboard", args=[hcm_program.slug]), None),
        "tasks": ("get", reverse("programs:tasks"), None),
        "tasks_export": ("get", reverse("programs:tasks_export", kwargs={"format": "csv"}), None),
        "task_detail": ("get", reverse("programs:task_detail", args=[task_id]), None),
        "evidence_download": ("get", reverse("programs:evidence_download", args=[evidence_update.public_id]), None),
        "task_update_form": ("get", reverse("programs:task_update", args=[task_id]), None),
        "task_update_post": ("post", reverse("programs:task_update", args=[task_id]), update_data),
        "indicator_value_add": (
            "get",
            reverse("programs:indicator_value_add", args=[hcm_program.slug, "iip"]),
            None,
        ),
    }[name]


PAGES = {
    "overview": READ,
    "dashboard": READ,
    "tasks": READ,
    "tasks_export": READ,
    "task_detail": READ,
    "evidence_download": READ,
    "task_update_form": WRITE,
    "task_update_post": WRITE,
    "indicator_value_add": WRITE,
}
# Expected status by role for pages that read and pages that write (HCMC program).
EXPECTED = {
    "staff_hcm": {READ: 200, WRITE: 200},
    "staff_hanoi": {READ: 200, WRITE: 403},
    "official": {READ: 200, WRITE: 403},
    "enterprise_a_user": {READ: 403, WRITE: 403},
    "anonymous": {READ: 302, WRITE: 302},
}


@pytest.mark.parametrize("role", list(EXPECTED))
@pytest.mark.parametrize("page", list(PAGES))
def test_role_page_matrix(client, login, cast, hcm_program, hcm_task, evidence_update, role, page):
    if role != "anonymous":
        login(getattr(cast, role))
    method, url, data = page_request(page, hcm_task, hcm_program, evidence_update)
    response = getattr(client, method)(url, data or {})
    expected = EXPECTED[role][PAGES[page]]
    if page == "task_update_post" and expected == 200:
        expected = 302  # saved, then back to the task page
    assert response.status_code == expected
    if expected == 302 and role == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    if PAGES[page] == WRITE and role != "staff_hcm":
        assert TaskUpdate.objects.count() == 1  # only the fixture's update


def test_unknown_objects_are_404(login, cast, hcm_program):
    client = login(cast.staff_hcm)
    assert client.get(reverse("programs:dashboard", args=["khong-co"])).status_code == 404
    missing = "00000000-0000-4000-8000-000000000000"
    assert client.get(reverse("programs:task_detail", args=[missing])).status_code == 404
    assert client.get(reverse("programs:evidence_download", args=[missing])).status_code == 404
    assert client.get("/chuong-trinh/theo-doi/nhiem-vu/xuat.html").status_code == 404


def test_dashboard_shows_targets_as_written_and_numbers_the_vietnamese_way(login, cast, hanoi_program):
    hanoi_program.indicators.get().values.update(value=870)
    response = login(cast.official).get(reverse("programs:dashboard", args=[hanoi_program.slug]))
    html = response.content.decode()
    assert "khoảng 900" in html
    assert "870 doanh nghiệp" in html
    assert "badge-within" in html
    assert "<svg" in html
    assert "Nhập số liệu" not in html  # officials read only


def test_evidence_is_served_as_attachment(login, cast, evidence_update):
    response = login(cast.official).get(reverse("programs:evidence_download", args=[evidence_update.public_id]))
    assert response["Content-Disposition"].startswith("attachment")
    assert "bien-ban.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_post_update_without_javascript_redirects_to_timeline(login, cast, hcm_task):
    client = login(cast.staff_hcm)
    url = reverse("programs:task_update", args=[hcm_task.public_id])
    evidence = SimpleUploadedFile("ket-qua.pdf", PDF)
    data = {"date": "2023-04-01", "status": "in_progress", "progress": "40", "note": "Đã tổ chức", "evidence": evidence}
    response = client.post(url, data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("programs:task_detail", args=[hcm_task.public_id])
    html = response.content.decode()
    assert "Đã ghi nhận cập nhật nhiệm vụ." in html
    assert "ket-qua.pdf" in html and "Lan" in html
    hcm_task.refresh_from_db()
    assert hcm_task.progress == 40


def test_htmx_post_returns_the_refreshed_row(login, cast, hcm_task):
    client = login(cast.staff_hcm)
    url = reverse("programs:task_update", args=[hcm_task.public_id])
    form_row = client.get(url, {"fragment": "row"}, HTTP_HX_REQUEST="true")
    assert form_row.content.decode().lstrip().startswith("<tr")
    assert 'hx-post="' in form_row.content.decode()
    data = {"date": "2023-04-01", "status": "in_progress", "progress": "55", "fragment": "row"}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<tr id="task-{hcm_task.public_id}"')
    assert 'value="55"' in html and "55%" in html
    assert "<html" not in html


def test_htmx_invalid_post_keeps_the_form_with_messages(login, cast, hcm_task):
    client = login(cast.staff_hcm)
    url = reverse("programs:task_update", args=[hcm_task.public_id])
    disguised = SimpleUploadedFile("bao-cao.pdf", b"<svg onload=alert(1)></svg>")
    data = {"date": "2023-04-01", "status": "done", "progress": "100", "fragment": "panel", "evidence": disguised}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="task-panel"' in html
    assert "HTML/SVG" in html
    assert not TaskUpdate.objects.exists()
    hcm_task.refresh_from_db()
    assert hcm_task.status == Task.Status.NOT_STARTED


def test_indicator_value_form_saves_vietnamese_decimal(login, cast, hcm_program):
    client = login(cast.staff_hcm)
    url = reverse("programs:indicator_value_add", args=[hcm_program.slug, "iip"])
    data = {"period_label": "Năm 2022", "period_end": "31/12/2022", "value": "32,18", "source": "Cục Thống kê TPHCM"}
    response = client.post(url, data)
    assert response.status_code == 302
    value = hcm_program.indicators.get(code="iip").values.get()
    assert str(value.value) == "32.1800"
    assert value.recorded_by == cast.staff_hcm
    dashboard = client.get(reverse("programs:dashboard", args=[hcm_program.slug])).content.decode()
    assert "32,18%" in dashboard


def _rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


@pytest.mark.parametrize(
    ("query", "expected_titles"),
    [
        ({}, {"Mở lớp đào tạo kỹ thuật", "Khảo sát nhu cầu nhân lực", "Hội chợ CNHT Hà Nội năm 2021"}),
        ({"q": "hội chợ"}, {"Hội chợ CNHT Hà Nội năm 2021"}),
        ({"status": "done"}, {"Mở lớp đào tạo kỹ thuật"}),
        ({"lead_agency": "CSID"}, {"Mở lớp đào tạo kỹ thuật"}),
        ({"overdue": "true"}, {"Khảo sát nhu cầu nhân lực"}),
        ({"overdue": "false"}, {"Mở lớp đào tạo kỹ thuật", "Hội chợ CNHT Hà Nội năm 2021"}),
        ({"due_before": "2021-01-01"}, {"Khảo sát nhu cầu nhân lực"}),
        (
            {"due_after": "2099-01-01", "due_before": "2099-12-31"},
            {"Mở lớp đào tạo kỹ thuật", "Hội chợ CNHT Hà Nội năm 2021"},
        ),
    ],
)
def test_filters_apply_to_list_and_both_exports(login, cast, hcm_task, hanoi_program, query, expected_titles):
    task_update_record(task=hcm_task, actor=cast.staff_hcm, date=datetime.date(2023, 1, 1), status="done", progress=100)
    client = login(cast.official)
    listing = client.get(reverse("programs:tasks"), query)
    assert {t.title for t in listing.context["page_obj"]} == expected_titles
    csv_rows = _rows(client.get(reverse("programs:tasks_export", kwargs={"format": "csv"}), query))
    assert csv_rows[0][3] == "Nhiệm vụ"
    assert {row[3] for row in csv_rows[1:]} == expected_titles
    xlsx = client.get(reverse("programs:tasks_export", kwargs={"format": "xlsx"}), query)
    assert xlsx["Content-Disposition"].startswith("attachment") and xlsx["Content-Disposition"].endswith('.xlsx"')
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert {row[3] for row in sheet.iter_rows(min_row=2, values_only=True)} == expected_titles


def test_filter_by_program_and_group(login, cast, hcm_program, hanoi_program):
    client = login(cast.staff_hcm)
    by_program = client.get(reverse("programs:tasks"), {"program": hanoi_program.pk})
    assert [t.title for t in by_program.context["page_obj"]] == ["Hội chợ CNHT Hà Nội năm 2021"]
    group = hcm_program.groups.get(order=1)
    by_group = client.get(reverse("programs:tasks"), {"group": group.pk})
    assert len(by_group.context["page_obj"]) == 2


def test_sorting_and_invalid_filter(login, cast, hcm_program, hanoi_program):
    client = login(cast.staff_hcm)
    ascending = client.get(reverse("programs:tasks"), {"sort": "due_date"}).context["page_obj"]
    assert ascending[0].title == "Khảo sát nhu cầu nhân lực"
    descending = client.get(reverse("programs:tasks"), {"sort": "-title"}).context["page_obj"]
    assert [t.title for t in descending] == sorted((t.title for t in descending), reverse=True)
    invalid = client.get(reverse("programs:tasks"), {"due_after": "không-phải-ngày"})
    assert invalid.status_code == 200
    assert len(invalid.context["page_obj"]) == 0
    assert client.get(reverse("programs:tasks_export", kwargs={"format": "csv"}), {"status": "x"}).status_code == 400


def test_export_neutralises_spreadsheet_formulas(login, cast, hcm_task):
    Task.objects.filter(pk=hcm_task.pk).update(title='=HYPERLINK("http://x")')
    rows = _rows(login(cast.staff_hcm).get(reverse("programs:tasks_export", kwargs={"format": "csv"})))
    assert any(row[3].startswith("'=") for row in rows[1:])


def test_tasks_list_paginates(login, cast, hcm_program):
    from tests.factories import TaskFactory

    group = hcm_program.groups.get(order=2)
    TaskFactory.create_batch(55, group=group)
    client = login(cast.staff_hcm)
    first = client.get(reverse("programs:tasks"))
    assert len(first.context["page_obj"]) == 50
    second = client.get(reverse("programs:tasks"), {"page": 2})
    assert len(second.context["page_obj"]) == 57 - 50


def test_workspace_is_available_in_english(login, cast, hanoi_program):
    client = login(cast.official)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("programs:dashboard", args=[hanoi_program.slug]), HTTP_ACCEPT_LANGUAGE="en").content
    html = html.decode()
    assert "about 900" in html
    assert "Task groups and solutions" in html
