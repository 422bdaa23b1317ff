"""Celery tasks of the reports app: thin wrappers that take ids and call the services."""

import os

from celery import shared_task

from reports import conf, services


@shared_task(
    bind=True,
    name="reports.render_report",
    acks_late=True,
    reject_on_worker_lost=True,
    soft_time_limit=conf.render_soft_time_limit(),
    time_limit=conf.render_time_limit(),
)
def render_report(self, report_id: int) -> bool:
    """Idempotent: a second delivery finds the row already claimed or finished and does nothing."""
    worker = f"{self.request.hostname or 'local'}:{os.getpid()}"
    return services.report_render(report_id=report_id, worker=worker)


@shared_task(name="reports.sweep_reports")
def sweep_reports(pending_grace_seconds: int | None = None) -> dict:
    return services.report_sweep(pending_grace_seconds=pending_grace_seconds)


@shared_task(name="reports.schedule_monthly_reports")
def schedule_monthly_reports() -> list[int]:
    return [report.id for report in services.report_schedule_monthly()]
