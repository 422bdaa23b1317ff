"""Render one pending report as a worker does, and print what it cost as one JSON line (for `manage.py bench`).

    python manage.py bench_render --report 42
    python manage.py bench_render --naive-html /tmp/naive.html    # the bench's naive baseline, timed alone

It runs the worker's job (reports.services.report_render: claim, read the data, render the report and its
annexes, store the files) in this process, which the bench starts fresh, so that nothing is reused: no
template, font or data cache of an earlier render. The figures are this process's own: wall and CPU seconds of
the job, the seconds spent in each rendering step, and its peak resident memory (getrusage RUSAGE_SELF).
"""

import json
import resource
import time
from functools import wraps

from django.core.management.base import BaseCommand, CommandError

from reports import services
from reports.models import Report

# The steps of the job timed one by one, by their name in reports.services: the main report, and the annexes
# where the job renders them. A name the job does not have is left out of the figures.
STEPS = {
    "report": ("render_report_pdf",),
    "annex_pdf": ("render_annex_pdf",),
    "annex_xlsx": ("write_annex_xlsx",),
}


def _instrument(seconds: dict[str, float], cpu: dict[str, float], peak: dict[str, int]) -> list[str]:
    """Wrap the job's rendering steps so that each adds its wall and CPU time to `seconds` and `cpu`, and leaves
    the process's peak memory so far in `peak` (KiB: which step raised the high-water mark); the names found."""
    found = []
    for step, names in STEPS.items():
        for name in names:
            original = getattr(services, name, None)
            if original is None:
                continue

            @wraps(original)
            def timed_step(*args, _original=original, _step=step, **kwargs):
                started, cpu_started = time.perf_counter(), time.process_time()
                try:
                    return _original(*args, **kwargs)
                finally:
                    seconds[_step] = seconds.get(_step, 0.0) + time.perf_counter() - started
                    cpu[_step] = cpu.get(_step, 0.0) + time.process_time() - cpu_started
                    peak[_step] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

            setattr(services, name, timed_step)
            found.append(name)
    return found


class Command(BaseCommand):
    help = "Tạo một báo cáo đang chờ như tiến trình xử lý nền, và in thời gian, bộ nhớ dạng JSON (cho lệnh bench)."

    def add_arguments(self, parser):
        parser.add_argument("--report", type=int, help="Mã số (id) của báo cáo đang chờ.")
        parser.add_argument("--naive-html", help="Tệp HTML của phương án đối chứng (một bảng HTML thuần).")

    def handle(self, *args, **options):
        if options["naive_html"]:
            from benchmark.reports import naive_render_in_process

            figures = naive_render_in_process(options["naive_html"])
            self.stdout.write(json.dumps({**figures, "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
            return
        if options["report"] is None:
            raise CommandError("Hãy chọn --report hoặc --naive-html.")
        report = Report.objects.filter(pk=options["report"]).first()
        if report is None or report.status != Report.Status.PENDING:
            raise CommandError(f"Báo cáo {options['report']} không có hoặc không ở trạng thái đang chờ.")
        steps: dict[str, float] = {}
        steps_cpu: dict[str, float] = {}
        steps_peak: dict[str, int] = {}
        instrumented = _instrument(steps, steps_cpu, steps_peak)
        rss_before_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        started, cpu_started = time.perf_counter(), time.process_time()
        services.report_render(report_id=report.pk, worker="bench_render")
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu_started
        report.refresh_from_db()
        figures = {
            "report_id": report.pk,
            "status": report.status,
            "error": report.error,
            "job_seconds": round(seconds, 3),
            "job_cpu_seconds": round(cpu_seconds, 3),
            "step_seconds": {name: round(value, 3) for name, value in steps.items()},
            "step_cpu_seconds": {name: round(value, 3) for name, value in steps_cpu.items()},
            "maxrss_kib_after_step": steps_peak,
            "instrumented": instrumented,
            "maxrss_kib_before_job": rss_before_kib,
            "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        }
        self.stdout.write(json.dumps(figures))
