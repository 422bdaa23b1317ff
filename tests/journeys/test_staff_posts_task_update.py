"""HCMC staff sign in, find a task of their programme in the task list, post a progress update with a signed
report as evidence, and see the task's progress and the evidence in its timeline."""

import re

import pytest
from playwright.sync_api import expect

from programs.models import Task, TaskUpdate

pytestmark = [pytest.mark.browser]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TASK = "Phát triển nguồn nhân lực cho ngành cao su - nhựa"
PROGRAM = "Chương trình cao su - nhựa TPHCM 2020 - 2030"


def test_staff_post_a_task_update_with_evidence(journey):
    page = journey.page
    journey.sign_in("demo.canbo.hcm")

    journey.nav("Nhiệm vụ")
    filters = page.get_by_role("search")
    filters.get_by_label("Tìm kiếm").fill("nguồn nhân lực")
    filters.get_by_label("Chương trình", exact=True).select_option(label=PROGRAM)
    journey.submit(filters.get_by_role("button", name="Lọc"))
    journey.follow(page.get_by_role("link", name=TASK, exact=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(TASK)

    form = page.locator("form").filter(has=page.get_by_role("button", name="Lưu cập nhật"))
    form.get_by_label("Trạng thái").select_option(label="Đang triển khai")
    form.get_by_label("Tiến độ (%)").fill("80")
    form.get_by_label("Ghi chú").fill("Đã mở 2 lớp đào tạo kỹ thuật ép phun cho 60 học viên.")
    form.get_by_label("Tệp minh chứng").set_input_files(
        files=[{"name": "bien-ban-dao-tao.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    form.get_by_role("button", name="Lưu cập nhật").click()
    expect(page.get_by_role("status").filter(has_text="Đã ghi nhận cập nhật nhiệm vụ.")).to_be_visible()
    journey.after_navigation()  # the panel was replaced in place: check the page as it is now

    timeline = page.locator(".timeline")
    expect(timeline.get_by_text("Đã mở 2 lớp đào tạo kỹ thuật ép phun cho 60 học viên.")).to_be_visible()
    evidence = timeline.get_by_role("link", name=re.compile("bien-ban-dao-tao.pdf"))
    assert journey.download(evidence) == ("bien-ban-dao-tao.pdf", PDF)

    task = Task.objects.get(title=TASK)
    update = TaskUpdate.objects.filter(task=task).latest("created_at")
    assert (task.status, task.progress) == (Task.Status.IN_PROGRESS, 80)
    assert update.author.username == "demo.canbo.hcm" and update.evidence_name == "bien-ban-dao-tao.pdf"
    journey.finish()
