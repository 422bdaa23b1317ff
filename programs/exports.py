"""The tasks list as CSV or XLSX (core.exports writes the files): public fields only."""

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import Column, export_response, table_csv, table_xlsx
from programs.models import Task


def _yes_no(flag: bool) -> str:
    return _("Có") if flag else _("Không")


def task_columns() -> list[Column]:
    """Public fields only: a task's notes, evidence and authors stay in the workspace."""
    today = timezone.localdate()
    return [
        Column(_("Chương trình"), lambda t: str(t.group.program)),
        Column(_("Thành phố"), lambda t: t.group.program.city.name),
        Column(_("Nhóm nhiệm vụ"), lambda t: str(t.group)),
        Column(_("Nhiệm vụ"), lambda t: t.title),
        Column(_("Đơn vị chủ trì"), lambda t: t.lead_agency),
        Column(_("Hạn hoàn thành"), lambda t: t.due_date),
        Column(_("Trạng thái"), lambda t: t.get_status_display()),
        # No measured progress is said in words, never left as an empty cell or a 0.
        Column(_("Tiến độ (%)"), lambda t: _("Chưa có số liệu") if t.progress is None else t.progress),
        Column(_("Trọng số"), lambda t: t.weight),
        Column(_("Cập nhật lần cuối"), lambda t: t.last_update_on),
        Column(_("Quá hạn"), lambda t: _yes_no(t.is_overdue(today))),
    ]


TASKS_SHEET_TITLE = gettext_lazy("Nhiệm vụ")


def tasks_csv(tasks: Iterable[Task]) -> bytes:
    return table_csv(task_columns(), tasks)


def tasks_xlsx(tasks: Iterable[Task]) -> bytes:
    return table_xlsx(task_columns(), tasks, sheet_title=TASKS_SHEET_TITLE)


def tasks_response(tasks: Iterable[Task], format: str) -> HttpResponse:
    return export_response(task_columns(), tasks, format=format, name="nhiem-vu", sheet_title=TASKS_SHEET_TITLE)
