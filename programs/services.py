"""Writes to programs: every change goes through here, inside a transaction, with its actor recorded."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions
from core.uploads import EVIDENCE_KINDS, safe_display_name, save_file, validate_upload
from core.validation import check_fields
from programs.models import Indicator, IndicatorValue, Task, TaskUpdate


def _require_edit(actor, city_id: int) -> None:
    permissions.require_city_editor(actor, city_id, _("Bạn không có quyền cập nhật chương trình của thành phố này."))


def _validate_task_state(*, status: str, progress: int | None, date: datetime.date) -> None:
    """A progress of None reports the status without a measured percentage ("đã triển khai", no figure): the
    sources often do, even of a task done, so None goes with every status. A figure given must fit the status."""
    errors = {}
    if status not in Task.Status.values:
        errors["status"] = _("Trạng thái không hợp lệ.")
    if progress is None:
        pass
    elif not 0 <= progress <= 100:
        errors["progress"] = _("Tiến độ phải từ 0 đến 100%.")
    elif status == Task.Status.DONE and progress != 100:
        errors["progress"] = _("Nhiệm vụ hoàn thành phải có tiến độ 100%.")
    elif status == Task.Status.NOT_STARTED and progress != 0:
        errors["progress"] = _("Nhiệm vụ chưa triển khai phải có tiến độ 0%.")
    if date > timezone.localdate():
        errors["date"] = _("Ngày cập nhật không được ở tương lai.")
    if errors:
        raise ValidationError(errors)


def task_update_record(
    *,
    task: Task,
    actor,
    date: datetime.date,
    status: str,
    progress: int | None,
    note: str = "",
    evidence=None,
) -> TaskUpdate:
    """Record a dated update of a task; the task takes its state unless a later-dated update exists.

    `progress` None: the update gives the status without a measured percentage; the task then has none.

    The task row is locked so that two updates posted at once cannot leave the task showing the older
    one. An update dated before the latest is kept in the timeline but does not change the current state.
    """
    _require_edit(actor, task.group.program.city_id)
    _validate_task_state(status=status, progress=progress, date=date)
    note = note.strip()
    check_fields(TaskUpdate(date=date, status=status, progress=progress, note=note), "date", "note")
    detected = None
    if evidence:
        try:
            detected = validate_upload(evidence, EVIDENCE_KINDS)
        except ValidationError as error:
            raise ValidationError({"evidence": error.messages}) from error

    with transaction.atomic():
        locked = Task.objects.select_for_update().get(pk=task.pk)
        update = TaskUpdate(task=locked, date=date, status=status, progress=progress, note=note, author=actor)
        if detected is not None:
            update.evidence_name = safe_display_name(evidence.name)
            update.evidence_content_type = detected.content_type
            try:
                save_file(update.evidence, f"{detected.kind}.{detected.extension}", evidence)
            except ValidationError as error:
                raise ValidationError({"evidence": error.messages}) from error
        update._history_user = actor
        update.save()
        if locked.last_update_on is None or date >= locked.last_update_on:
            locked.status = status
            locked.progress = progress
            locked.last_update_on = date
            locked._history_user = actor
            locked._change_reason = _("Cập nhật tiến độ ngày %(date)s") % {"date": date.strftime("%d/%m/%Y")}
            locked.save(update_fields=["status", "progress", "last_update_on"])
    task.status, task.progress, task.last_update_on = locked.status, locked.progress, locked.last_update_on
    return update


def check_indicator_takes_values(indicator: Indicator) -> None:
    """An indicator counted from the registry (a metric provider) has no values typed in."""
    if indicator.is_computed:
        raise ValidationError(_("Chỉ tiêu này được tính tự động từ cơ sở dữ liệu, không nhập tay."), code="computed")


def indicator_value_record(
    *,
    indicator: Indicator,
    actor,
    period_label: str,
    period_end: datetime.date,
    value: Decimal,
    source: str,
    note: str = "",
    qualifier: str = IndicatorValue.Qualifier.EXACT,
) -> IndicatorValue:
    """Record an indicator's value for one period, with where the figure comes from and how the source words it
    ("hơn 400": `qualifier` OVER)."""
    _require_edit(actor, indicator.program.city_id)
    check_indicator_takes_values(indicator)
    errors = {}
    period_label = period_label.strip()
    source = source.strip()
    if not period_label:
        errors["period_label"] = _("Vui lòng nhập kỳ số liệu.")
    if not source:
        errors["source"] = _("Vui lòng ghi rõ nguồn số liệu.")
    if qualifier not in IndicatorValue.Qualifier.values:
        errors["qualifier"] = _("Cách ghi số liệu không hợp lệ.")
    if period_label and IndicatorValue.objects.filter(indicator=indicator, period_label=period_label).exists():
        errors["period_label"] = _("Kỳ %(period)s đã có số liệu.") % {"period": period_label}
    if errors:
        raise ValidationError(errors)
    note = note.strip()
    check_fields(
        IndicatorValue(period_label=period_label, period_end=period_end, value=value, source=source, note=note),
        "period_end",
        "value",
        "source",
        "note",
    )

    try:
        with transaction.atomic():
            record = _save_indicator_value(
                indicator=indicator,
                actor=actor,
                period_label=period_label,
                period_end=period_end,
                value=value,
                source=source,
                note=note,
                qualifier=qualifier,
            )
    except IntegrityError as error:
        # Another value for the same period was saved between our check and our insert.
        raise ValidationError({"period_label": _("Kỳ %(period)s đã có số liệu.") % {"period": period_label}}) from error
    return record


def _save_indicator_value(*, indicator, actor, **fields) -> IndicatorValue:
    record = IndicatorValue(indicator=indicator, recorded_by=actor, **fields)
    record._history_user = actor
    record.save()
    return record
