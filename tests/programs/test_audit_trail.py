"""The task's change log reads as the page does: in the reader's language, statuses by their labels, dates the
Vietnamese way; never simple_history's English kind names or the stored codes."""

import datetime

from django.urls import reverse
from django.utils import translation

from programs.selectors import task_audit_trail
from programs.services import task_update_record


def test_a_recorded_update_is_logged_with_labels_and_vietnamese_dates(cast, hcm_task):
    task_update_record(
        task=hcm_task, actor=cast.staff_hcm, date=datetime.date(2024, 3, 5), status="in_progress", progress=40
    )
    with translation.override("vi"):
        latest, *_older = task_audit_trail(hcm_task)
        text = " ".join([latest.kind, *latest.changes])
    assert latest.kind == "Thay đổi"
    assert "Đang triển khai" in text and "in_progress" not in text
    assert "05/03/2024" in text and "2024-03-05" not in text


def test_the_log_on_the_task_page_speaks_english_when_asked(login, cast, hcm_task):
    task_update_record(
        task=hcm_task, actor=cast.staff_hcm, date=datetime.date(2024, 3, 5), status="in_progress", progress=40
    )
    client = login(cast.staff_hcm)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("programs:task_detail", args=[hcm_task.public_id])).content.decode()
    assert "Changed" in html and "→ In progress" in html
    assert "→ in_progress" not in html
