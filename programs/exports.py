"""The filtered tasks list as CSV or XLSX: what staff used to keep in spreadsheets."""

import csv
import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from programs.models import Task
from programs.targets import format_number

# A cell starting with one of these is run as a formula by spreadsheet programs.
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _safe_text(value: str) -> str:
    return f"'{value}" if value and value.startswith(_FORMULA_PREFIXES) else value


def _headers() -> list[str]:
    return [
        _("Chương trình"),
        _("Thành phố"),
        _("Nhóm nhiệm vụ"),
        _("Nhiệm vụ"),
        _("Đơn vị chủ trì"),
        _("Hạn hoàn thành"),
        _("Trạng thái"),
        _("Tiến độ (%)"),
        _("Trọng số"),
        _("Cập nhật lần cuối"),
        _("Quá hạn"),
    ]


def _row(task: Task, today) -> list:
    program = task.group.program
    return [
        _safe_text(str(program)),
        program.city.name,
        _safe_text(str(task.group)),
        _safe_text(task.title),
        _safe_text(task.lead_agency),
        task.due_date,
        task.get_status_display(),
        task.progress,
        task.weight,
        task.last_update_on,
        _("Có") if task.is_overdue(today) else _("Không"),
    ]


def _csv_value(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str):
        return value
    return format_number(value)


def tasks_csv(tasks: Iterable[Task]) -> bytes:
    """UTF-8 with a byte-order mark and semicolons, so Excel opens Vietnamese text and 0,5 correctly."""
    today = timezone.localdate()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(_headers())
    for task in tasks:
        writer.writerow([_csv_value(v) for v in _row(task, today)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def tasks_xlsx(tasks: Iterable[Task]) -> bytes:
    today = timezone.localdate()
    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = _("Nhiệm vụ")[:31]
    sheet.append(_headers())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for task in tasks:
        sheet.append(_row(task, today))
    for column in ("F", "J"):
        for cell in sheet[column][1:]:
            cell.number_format = "DD/MM/YYYY"
    sheet.freeze_panes = "A2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()
