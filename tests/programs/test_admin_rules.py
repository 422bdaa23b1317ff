"""The programs admin is a window on the workspace's rules: a task's state follows its updates, which only the
workspace posts; values are refused where the service refuses them; years and dates are bounded."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from programs.models import IndicatorValue, Task, TaskUpdate
from programs.services import task_update_record
from tests.admin_forms import admin_form_data
from tests.factories import IndicatorFactory


@pytest.fixture
def admin_client(login, cast):
    return login(cast.admin)


@pytest.fixture
def posted_update(cast, hcm_task):
    return task_update_record(
        task=hcm_task, actor=cast.staff_hcm, date=datetime.date(2023, 3, 1), status="in_progress", progress=30
    )


def test_task_updates_cannot_be_added_in_the_admin(admin_client, hcm_task):
    assert admin_client.get(reverse("admin:programs_taskupdate_add")).status_code == 403
    response = admin_client.post(
        reverse("admin:programs_taskupdate_add"),
        {"task": hcm_task.pk, "date": "2024-01-01", "status": "done", "progress": "100", "note": ""},
    )
    assert response.status_code == 403
    hcm_task.refresh_from_db()
    assert (hcm_task.status, TaskUpdate.objects.filter(task=hcm_task).count()) == (Task.Status.NOT_STARTED, 0)


def test_a_task_update_is_shown_but_not_changed_or_deleted(admin_client, posted_update):
    url = reverse("admin:programs_taskupdate_change", args=[posted_update.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert not page.context["adminform"].form.fields  # every field read-only

    response = admin_client.post(
        url, {"task": posted_update.task_id, "date": "2023-03-01", "status": "done", "progress": "100"}
    )
    assert response.status_code == 403
    delete = admin_client.post(reverse("admin:programs_taskupdate_delete", args=[posted_update.pk]), {"post": "yes"})
    assert delete.status_code == 403

    posted_update.refresh_from_db()
    task = Task.objects.get(pk=posted_update.task_id)
    assert (posted_update.status, posted_update.progress) == ("in_progress", 30)
    assert (task.status, task.progress, task.last_update_on) == ("in_progress", 30, datetime.date(2023, 3, 1))


def test_the_task_page_of_the_admin_does_not_offer_its_updates_for_editing(admin_client, posted_update):
    task = posted_update.task
    url = reverse("admin:programs_task_change", args=[task.pk])
    data = admin_form_data(admin_client.get(url), title="Mở lớp đào tạo kỹ thuật (sửa tên)")
    data.update({"status": "done", "progress": "100", "last_update_on": "2024-01-01"})

    assert admin_client.post(url, data).status_code == 302

    task.refresh_from_db()
    assert task.title == "Mở lớp đào tạo kỹ thuật (sửa tên)"
    assert (task.status, task.progress, task.last_update_on) == ("in_progress", 30, datetime.date(2023, 3, 1))


def test_admin_refuses_values_of_an_indicator_counted_automatically(admin_client, hcm_program):
    computed = IndicatorFactory(program=hcm_program, code="tu-dong", metric="enrolled_enterprises")
    page = admin_client.get(reverse("admin:programs_indicatorvalue_add"))
    data = admin_form_data(
        page, indicator=computed.pk, period_label="Năm 2023", period_end="2023-12-31", value="12", source="Sở"
    )

    response = admin_client.post(reverse("admin:programs_indicatorvalue_add"), data)

    assert response.status_code == 200
    assert "Chỉ tiêu này được tính tự động từ cơ sở dữ liệu, không nhập tay." in response.content.decode()
    assert not IndicatorValue.objects.filter(indicator=computed).exists()


def test_admin_takes_values_of_an_indicator_typed_in(admin_client, hcm_program):
    indicator = hcm_program.indicators.get(code="iip")
    page = admin_client.get(reverse("admin:programs_indicatorvalue_add"))
    data = admin_form_data(
        page, indicator=indicator.pk, period_label="Năm 2023", period_end="2023-12-31", value="7", source="Cục TK"
    )
    assert admin_client.post(reverse("admin:programs_indicatorvalue_add"), data).status_code == 302
    assert IndicatorValue.objects.get(indicator=indicator).value == Decimal(7)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"period_start": "2030", "period_end": "2020"}, "Năm kết thúc không được trước năm bắt đầu."),
        ({"period_end": "9999"}, "Năm phải trong khoảng từ 1990 đến 2100."),
        ({"plan_date": "9999-12-31"}, "Ngày phải trong khoảng từ 01/01/1990 đến 31/12/2100."),
    ],
)
def test_admin_bounds_a_programs_years_and_dates(admin_client, hcm_program, changes, message):
    url = reverse("admin:programs_program_change", args=[hcm_program.pk])
    response = admin_client.post(url, admin_form_data(admin_client.get(url), **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    hcm_program.refresh_from_db()
    assert (hcm_program.period_start, hcm_program.period_end, hcm_program.plan_date) == (2020, 2030, None)


def test_admin_program_list_prints_years_without_a_thousands_separator(admin_client, hcm_program):
    html = admin_client.get(reverse("admin:programs_program_changelist")).content.decode()
    assert ">2020<" in html and ">2030<" in html
    assert "2.020" not in html and "2.030" not in html


def test_a_tasks_history_is_read_but_not_reverted(admin_client, posted_update):
    task = posted_update.task
    first_version = task.history.order_by("history_id").first()
    url = reverse("admin:programs_task_simple_history", args=[task.pk, first_version.history_id])
    assert admin_client.get(url).status_code == 200

    data = {"group": task.group_id, "order": "1", "title": task.title, "weight": "1", "lead_agency": ""}
    assert admin_client.post(url, data).status_code == 403

    task.refresh_from_db()
    assert (task.status, task.progress) == ("in_progress", 30)


def test_a_task_updates_history_is_read_but_not_reverted(admin_client, posted_update):
    version = posted_update.history.first()
    url = reverse("admin:programs_taskupdate_simple_history", args=[posted_update.pk, version.history_id])
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"status": "done", "progress": "100"}).status_code == 403
    posted_update.refresh_from_db()
    assert posted_update.status == "in_progress"


def test_a_programs_history_may_be_reverted_by_whoever_may_change_it(admin_client, hcm_program):
    hcm_program.summary = "Tóm tắt mới"
    hcm_program.save()
    first_version = hcm_program.history.order_by("history_id").first()
    url = reverse("admin:programs_program_simple_history", args=[hcm_program.pk, first_version.history_id])
    data = admin_form_data(admin_client.get(url))
    assert admin_client.post(url, data).status_code == 302
    hcm_program.refresh_from_db()
    assert hcm_program.summary == ""
