"""Writes of the reports app. The Report row is the source of truth for a job, whatever the broker says.

request → row (pending) → after commit, its id is sent to the broker; if the broker is down the row stays
pending and the sweeper sends it later. The worker claims the row with a conditional UPDATE (only a
pending row can be claimed), renders, stores the file under the report's fixed name, and records the
result only while its claim token is still the row's: a second delivery, or a worker that comes back
after its claim was swept, finds nothing to do.
"""

import calendar
import datetime
import gc
import logging
import uuid
from dataclasses import dataclass
from functools import partial

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions
from core.uploads import storage_error_message
from programs.models import City, Program
from reports import conf
from reports.annexes import has_annexes, render_annex_pdf, write_annex_xlsx
from reports.datastamp import current_data_stamp
from reports.fingerprint import data_fingerprint
from reports.models import Report, annex_upload_to, report_upload_to
from reports.rendering import DocumentMeta, render_report_pdf
from reports.selectors import active_program_ids, find_report_on_unchanged_data, find_reusable_report, report_data

logger = logging.getLogger(__name__)

PROGRAM_KINDS = (Report.Kind.MIDTERM, Report.Kind.PROGRESS)


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date


# ---------------------------------------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------------------------------------


def month_period(year: int, month: int) -> Period:
    return Period(datetime.date(year, month, 1), datetime.date(year, month, calendar.monthrange(year, month)[1]))


def previous_month(today: datetime.date) -> Period:
    last_day = today.replace(day=1) - datetime.timedelta(days=1)
    return month_period(last_day.year, last_day.month)


def is_multi_year(program: Program) -> bool:
    return program.period_start < program.period_end


def midterm_period(program: Program, end: datetime.date) -> Period:
    """A mid-term review covers the programme from its start to the report's end date."""
    return Period(datetime.date(program.period_start, 1, 1), end)


def _validate_request(kind: str, program: Program | None, city: City | None, period: Period | None) -> None:
    if kind not in Report.Kind.values:
        raise ValidationError(_("Loại báo cáo không hợp lệ."), code="kind")
    if kind in PROGRAM_KINDS and program is None:
        raise ValidationError(_("Hãy chọn chương trình cho báo cáo này."), code="program")
    if kind == Report.Kind.SUMMARY and program is not None:
        raise ValidationError(_("Báo cáo tổng hợp không gắn với một chương trình."), code="program")
    if kind == Report.Kind.SUMMARY and city is None:
        raise ValidationError(
            _("Hãy chọn thành phố: báo cáo tổng hợp do Sở Công Thương của một thành phố ban hành."), code="city"
        )
    if kind == Report.Kind.MIDTERM and not is_multi_year(program):
        raise ValidationError(
            _("Chỉ chương trình, kế hoạch thực hiện trong nhiều năm mới có báo cáo sơ kết giữa kỳ."), code="kind"
        )
    if kind == Report.Kind.PROGRESS and period is None:
        raise ValidationError(_("Báo cáo tiến độ cần có kỳ báo cáo."), code="period")
    if period is not None and period.start > period.end:
        raise ValidationError(_("Ngày bắt đầu kỳ báo cáo phải trước ngày kết thúc."), code="period")
    if kind == Report.Kind.MIDTERM and period is not None and period.end.year < program.period_start:
        raise ValidationError(
            _("Kỳ báo cáo sơ kết phải kết thúc sau khi chương trình bắt đầu (năm %(year)s).")
            % {"year": program.period_start},
            code="period",
        )


def _reusable(report: Report | None) -> Report | None:
    """A finished report is reused only while its file is still there."""
    if report is None:
        return None
    if report.status == Report.Status.DONE and not (report.file and report.file.storage.exists(report.file.name)):
        return None
    return report


def report_request(
    *,
    user,
    kind: str,
    program: Program | None = None,
    city: City | None = None,
    period: Period | None = None,
    include_demo: bool = False,
    enqueue: bool = True,
) -> tuple[Report, bool]:
    """The report for this data: an existing one when nothing changed, else a new pending job.

    `user` None is the portal itself (the schedule, `manage.py make_report`); a person must read the workspace.
    Returns (report, created).
    """
    if user is not None:
        permissions.require_workspace_reader(user)
    _validate_request(kind, program, city, period)
    if kind == Report.Kind.MIDTERM:
        # From the programme's start to the end asked for (today without one).
        period = midterm_period(program, period.end if period else timezone.localdate())
    if program is not None:
        city = None  # a programme report is issued by its programme's city
    start, end = (period.start, period.end) if period else (None, None)
    program_id = program.id if program else None
    city_id = city.id if city else None
    same_request = {
        "program_id": program_id,
        "city_id": city_id,
        "include_demo": bool(include_demo),
        "kind": kind,
        "period_start": start,
        "period_end": end,
        "template_version": conf.TEMPLATE_VERSION,
    }
    existing = _reusable(find_report_on_unchanged_data(**same_request))
    if existing is not None:
        return existing, False
    stamp = current_data_stamp(program_id)  # before the data is read: any change after it shows in the stamp
    data = report_data(
        kind=kind, program_id=program_id, city_id=city_id, period_start=start, period_end=end, include_demo=include_demo
    )
    fingerprint = data_fingerprint(data, template_version=conf.TEMPLATE_VERSION)
    existing = _reusable(find_reusable_report(**same_request, fingerprint=fingerprint))
    if existing is not None:
        # Writes since its stamp left what it shows as it was: stamped anew, the next request is answered at once.
        Report.objects.filter(pk=existing.pk).update(data_stamp=stamp)
        return existing, False
    with transaction.atomic():
        report = Report.objects.create(
            program=program,
            city=city,
            include_demo=bool(include_demo),
            kind=kind,
            period_start=start,
            period_end=end,
            fingerprint=fingerprint,
            template_version=conf.TEMPLATE_VERSION,
            data_stamp=stamp,
            requested_by=user if user is not None and user.is_authenticated else None,
        )
        if enqueue:
            transaction.on_commit(partial(report_enqueue, report_id=report.id))
    return report, True


def report_enqueue(*, report_id: int) -> bool:
    """Send the job to the broker. A broker that cannot be reached leaves the row pending for the sweeper."""
    from reports.tasks import render_report  # the task module imports this one

    try:
        render_report.apply_async(args=[report_id], retry=False)
    except Exception:
        logger.warning("Broker unreachable: report %s stays pending until the sweeper sends it", report_id)
        return False
    Report.objects.filter(pk=report_id, status=Report.Status.PENDING).update(enqueued_at=timezone.now())
    return True


def report_retry(*, user, report: Report) -> Report:
    """Put a failed report back in the queue."""
    permissions.require_workspace_reader(user)
    with transaction.atomic():
        reset = Report.objects.filter(pk=report.pk, status=Report.Status.FAILED).update(
            status=Report.Status.PENDING,
            error="",
            progress=0,
            claim_token=None,
            worker="",
            enqueued_at=None,
            started_at=None,
            finished_at=None,
            requested_by=user if user.is_authenticated else report.requested_by,
        )
        if not reset:
            raise ValidationError(_("Chỉ báo cáo bị lỗi mới có thể tạo lại."), code="status")
        transaction.on_commit(partial(report_enqueue, report_id=report.pk))
    report.refresh_from_db()
    return report


def report_set_public(*, report: Report, is_public: bool) -> None:
    Report.objects.filter(pk=report.pk).update(is_public=is_public)


# ---------------------------------------------------------------------------------------------------------
# The job itself
# ---------------------------------------------------------------------------------------------------------


def report_claim(*, report_id: int, worker: str = "") -> uuid.UUID | None:
    """Take a pending report for this worker; None when it is not pending (done, failed or taken)."""
    token = uuid.uuid4()
    claimed = Report.objects.filter(pk=report_id, status=Report.Status.PENDING).update(
        status=Report.Status.RUNNING,
        claim_token=token,
        worker=worker[:200],
        started_at=timezone.now(),
        attempts=F("attempts") + 1,
        progress=5,
        error="",
    )
    return token if claimed else None


def _owned(report_id: int, token: uuid.UUID):
    return Report.objects.filter(pk=report_id, status=Report.Status.RUNNING, claim_token=token)


def _set_progress(report_id: int, token: uuid.UUID, progress: int) -> None:
    _owned(report_id, token).update(progress=progress)


def report_fail(*, report_id: int, token: uuid.UUID, message: str) -> None:
    _owned(report_id, token).update(status=Report.Status.FAILED, error=message, progress=0, finished_at=timezone.now())


def report_release(*, report_id: int, token: uuid.UUID) -> None:
    """Give a claim back (transient trouble): the row is pending again and will be sent again."""
    _owned(report_id, token).update(status=Report.Status.PENDING, claim_token=None, progress=0, enqueued_at=None)


def _requester_name(report: Report) -> str:
    user = report.requested_by
    if user is None:
        return _("lịch báo cáo tự động")
    return user.get_full_name() or user.username


def _failure_message(exc: BaseException) -> str:
    if isinstance(exc, SoftTimeLimitExceeded):
        return _("Quá thời gian cho phép (%(n)s giây) khi tạo báo cáo. Hãy thử lại sau.") % {
            "n": conf.render_soft_time_limit()
        }
    if isinstance(exc, Program.DoesNotExist):
        return _("Chương trình của báo cáo không còn tồn tại.")
    if isinstance(exc, OSError):
        return storage_error_message()
    return _("Không tạo được tệp PDF (%(error)s). Hãy thử lại; nếu lỗi lặp lại, hãy báo quản trị viên.") % {
        "error": type(exc).__name__
    }


def _build(report: Report, token: uuid.UUID) -> None:
    stamp = current_data_stamp(report.program_id)
    data = report_data(
        kind=report.kind,
        program_id=report.program_id,
        city_id=report.city_id,
        period_start=report.period_start,
        period_end=report.period_end,
        include_demo=report.include_demo,
    )
    fingerprint = data_fingerprint(data, template_version=conf.TEMPLATE_VERSION)
    _set_progress(report.pk, token, 30)
    meta = DocumentMeta(
        generated_at=timezone.now(),
        requested_by=_requester_name(report),
        template_version=conf.TEMPLATE_VERSION,
        fingerprint=fingerprint,
        data_version=stamp,
    )
    rendered = render_report_pdf(data, meta)
    _set_progress(report.pk, token, 70)
    storage = report.file.storage
    # Same names for every render of this report: the storage replaces them, so there is only ever one of each.
    stored_name = storage.save(report_upload_to(report, "report.pdf"), ContentFile(rendered.content))
    page_count = rendered.page_count
    del rendered
    # Rendering runs with the cyclic collector paused (reports.rendering): what a finished document left in
    # cycles is collected before the next one is laid out, so the two never share the worker's memory.
    gc.collect()
    annexes = {}
    if has_annexes(data):
        annex = render_annex_pdf(data, meta)
        annexes["annex_pdf"] = storage.save(annex_upload_to(report, "annex.pdf"), ContentFile(annex.content))
        annexes["annex_page_count"] = annex.page_count
        del annex
        gc.collect()
        _set_progress(report.pk, token, 90)
        annexes["annex_xlsx"] = storage.save(annex_upload_to(report, "annex.xlsx"), ContentFile(write_annex_xlsx(data)))
    now = timezone.now()
    _owned(report.pk, token).update(
        status=Report.Status.DONE,
        file=stored_name,
        page_count=page_count,
        **annexes,
        fingerprint=fingerprint,
        template_version=conf.TEMPLATE_VERSION,
        data_stamp=stamp,
        progress=100,
        finished_at=now,
        expires_at=now + datetime.timedelta(days=conf.file_lifetime_days()),
        error="",
    )


def report_render(*, report_id: int, worker: str = "") -> bool:
    """Claim and render one report. False when there was nothing to claim (already taken or finished)."""
    token = report_claim(report_id=report_id, worker=worker)
    if token is None:
        logger.info("Report %s is not pending: nothing to do", report_id)
        return False
    report = Report.objects.select_related("requested_by").get(pk=report_id)
    try:
        _build(report, token)
    except Exception as exc:  # recorded on the row for the user to read and retry
        logger.exception("Report %s failed", report_id)
        report_fail(report_id=report_id, token=token, message=_failure_message(exc))
    return True


# ---------------------------------------------------------------------------------------------------------
# Periodic work
# ---------------------------------------------------------------------------------------------------------


def _recover_stale_claims(now: datetime.datetime) -> int:
    """Running rows whose worker must be dead (older than the hard time limit) go back to pending."""
    cutoff = now - datetime.timedelta(seconds=conf.stale_claim_seconds())
    recovered = 0
    stale = Report.objects.filter(status=Report.Status.RUNNING, started_at__lt=cutoff)
    for report_id, token, attempts in stale.values_list("id", "claim_token", "attempts"):
        if attempts >= conf.max_render_attempts():
            report_fail(
                report_id=report_id,
                token=token,
                message=_("Tiến trình tạo báo cáo bị dừng giữa chừng %(n)s lần. Hãy thử lại hoặc báo quản trị viên.")
                % {"n": attempts},
            )
        else:
            report_release(report_id=report_id, token=token)
            recovered += 1
    return recovered


def report_sweep(*, pending_grace_seconds: int | None = None, now: datetime.datetime | None = None) -> dict:
    """Send again every pending report the broker may not have (never sent, or sent long ago)."""
    now = now or timezone.now()
    grace = conf.pending_grace_seconds() if pending_grace_seconds is None else pending_grace_seconds
    recovered = _recover_stale_claims(now)
    cutoff = now - datetime.timedelta(seconds=grace)
    waiting = Report.objects.filter(status=Report.Status.PENDING).filter(
        Q(enqueued_at__isnull=True, created_at__lte=cutoff) | Q(enqueued_at__lte=cutoff)
    )
    sent = sum(report_enqueue(report_id=report_id) for report_id in waiting.values_list("id", flat=True))
    return {"recovered": recovered, "sent": sent}


def report_schedule_monthly(*, today: datetime.date | None = None) -> list[Report]:
    """Last month's progress report of every active program (unchanged data reuses the existing file)."""
    period = previous_month(today or timezone.localdate())
    reports = []
    for program in Program.objects.filter(id__in=active_program_ids()):
        report, _created = report_request(user=None, kind=Report.Kind.PROGRESS, program=program, period=period)
        reports.append(report)
    return reports
