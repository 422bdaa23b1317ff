"""The HCMC mid-term report at city scale: the worker's cold render of the report and its annexes in a process of
its own (time, pages, peak memory), the same request on unchanged data, and the naive baseline: the same content
as one plain HTML document rendered by WeasyPrint, timed for the same rows."""

import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from benchmark.dataset import _Discard
from benchmark.measure import timed
from enterprises.models import Enrollment, Participation
from products.models import Recognition
from programs.models import Program
from reports.models import Report
from reports.selectors import report_data
from reports.services import report_request

REUSE_REPEATS = 3
# Runs one command and prints the peak resident memory of the processes it waited for (KiB on Linux): the
# wrapper starts one child, the command, so RUSAGE_CHILDREN is that command's own peak.
PEAK_MEMORY_WRAPPER = (
    "import json, resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
    "sys.stderr.write(done.stderr); sys.stdout.write(done.stdout); "
    "print(json.dumps({'code': done.returncode, 'maxrss_kib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))"
)


@dataclass(frozen=True)
class ReportFigures:
    program: str
    enrolled: int
    recognitions: int
    # The worker's job, cold, in a fresh process: everything but the annexes, then each annex.
    report_seconds: float
    report_cpu_seconds: float
    report_render_seconds: float
    pages: int
    pdf_bytes: int
    annex_pdf_seconds: float | None
    annex_pdf_bytes: int | None
    annex_pages: int | None
    annex_xlsx_seconds: float | None
    annex_xlsx_bytes: int | None
    job_seconds: float
    job_cpu_seconds: float
    peak_memory_mb: float
    startup_memory_mb: float
    # The process's high-water mark after each step (MB), in the order the job runs them.
    peak_after_step_mb: dict
    # The request in front of the worker (reads the data to fingerprint it), and the same request on unchanged data.
    request_seconds: float
    reuse_seconds: float
    reuse_speedup: float
    # The same content as one plain HTML document.
    naive_rows: int
    naive_seconds: float
    naive_pages: int
    naive_peak_memory_mb: float
    load_average: tuple[float, float]
    cpus: int

    def as_dict(self) -> dict:
        return asdict(self)


def _make_report(program: Program, out: Path) -> Report:
    call_command("make_report", program=program.slug, kind=Report.Kind.MIDTERM, out=str(out), stdout=_Discard())
    return Report.objects.filter(program=program, kind=Report.Kind.MIDTERM, status=Report.Status.DONE).latest("id")


def _forget_reports(program: Program) -> None:
    """Remove the program's reports so that the next request renders again."""
    for report in Report.objects.filter(program=program):
        for field in ("file", "annex_pdf", "annex_xlsx"):
            stored = getattr(report, field, None)
            if stored:
                stored.delete(save=False)
    Report.objects.filter(program=program).delete()


def reuse_time(program: Program, out: Path, report: Report, repeats: int = REUSE_REPEATS) -> float:
    """Median time of the same request on unchanged data, which must be answered by the rendered file."""
    times = []
    for _ in range(repeats):
        seconds, reused = timed(lambda: _make_report(program, out))
        if reused.pk != report.pk:
            raise RuntimeError("The same request on unchanged data rendered the report again.")
        times.append(seconds)
    return statistics.median(times)


def in_own_process(arguments: list[str], env: dict[str, str]) -> tuple[dict, float]:
    """Run `manage.py <arguments>` in a fresh process under the wrapper: its last JSON line and its peak (MB)."""
    command = [sys.executable, "-c", PEAK_MEMORY_WRAPPER, sys.executable, "manage.py", *arguments]
    finished = subprocess.run(command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True)
    lines = finished.stdout.strip().splitlines()
    wrapper = json.loads(lines[-1])
    if wrapper["code"] != 0:
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed in its own process:\n{finished.stderr[-3000:]}")
    figures = json.loads(lines[-2]) if len(lines) > 1 else {}
    return figures, round(wrapper["maxrss_kib"] / 1024, 1)


def worker_render(report: Report, env: dict[str, str]) -> tuple[dict, float]:
    """The worker's job for a pending report, in a process of its own (`manage.py bench_render`)."""
    figures, peak_mb = in_own_process(["bench_render", "--report", str(report.pk)], env)
    if figures.get("status") != Report.Status.DONE:
        raise RuntimeError(f"The worker did not finish the report: {figures.get('error') or figures}")
    return figures, peak_mb


# --- The naive baseline ----------------------------------------------------------------------------------


def pdf_row_limit(report: Report) -> int | None:
    """How many rows of each register the report's PDFs hold: all of them in the body, or as many as the annex
    PDF holds when the report has one (the XLSX annex holds every row)."""
    if not report.annex_pdf:
        return None
    try:
        from reports import annexes
    except ImportError:
        return None
    return getattr(annexes, "PDF_ROW_LIMIT", None)


def naive_rows(program: Program, limit: int | None = None) -> dict:
    """The register rows the report's PDFs show, read as one would without the portal: the enrolled
    enterprises with their participations, and the programme's recognitions (the first `limit` of each)."""
    participations = dict(
        Participation.objects.filter(activity__program=program)
        .values("enterprise_id")
        .annotate(n=Count("id"))
        .values_list("enterprise_id", "n")
    )
    enrollments = (
        Enrollment.objects.filter(program=program)
        .order_by("enterprise__name", "enterprise_id")
        .values_list("enterprise_id", "enterprise__name", "enterprise__tax_code", "enrolled_on")
    )
    enterprises = [
        {"name": name, "tax_code": tax_code, "enrolled_on": enrolled_on, "participations": participations.get(e, 0)}
        for e, name, tax_code, enrolled_on in enrollments[:limit]
    ]
    recognitions = list(
        Recognition.objects.filter(round__program=program)
        .order_by("decision_date", "id")
        .values("product_name", "enterprise_name", "decision_number", "decision_date", "kind")[:limit]
    )
    return {"enterprises": enterprises, "recognitions": recognitions}


def naive_html(data: dict, rows: dict) -> str:
    """The same content as the report's PDFs (body and annex), as one plain HTML table: no layout."""
    with translation.override("vi"):
        return render_to_string("bench/naive_report.html", {"data": data, **rows})


def naive_render_in_process(html_path: str) -> dict:
    html = Path(html_path).read_text(encoding="utf-8")

    def render():
        document = HTML(string=html).render()
        document.write_pdf()
        return len(document.pages)

    seconds, pages = timed(render)
    return {"seconds": round(seconds, 3), "pages": pages}


def naive_render(report: Report, env: dict[str, str]) -> tuple[dict, int, float]:
    """The naive document rendered in a process of its own, like the worker: (figures, rows, peak MB)."""
    program = report.program
    data = report_data(
        kind=report.kind, program_id=program.id, period_start=report.period_start, period_end=report.period_end
    )
    rows = naive_rows(program, pdf_row_limit(report))
    count = len(rows["enterprises"]) + len(rows["recognitions"])
    count += len(data.get("groups", [])) + len(data.get("tasks", [])) + len(data.get("indicators", []))
    with tempfile.NamedTemporaryFile("w", suffix=".html", encoding="utf-8", delete=False) as html:
        html.write(naive_html(data, rows))
    try:
        figures, peak_mb = in_own_process(["bench_render", "--naive-html", html.name], env)
    finally:
        os.unlink(html.name)
    return figures, count, peak_mb


# --- The section -----------------------------------------------------------------------------------------


def _size(field) -> int | None:
    return field.size if field else None


def measure_reports(*, program_slug: str, subprocess_env: dict[str, str]) -> ReportFigures:
    program = Program.objects.get(slug=program_slug)
    load_before = os.getloadavg()
    _forget_reports(program)
    request_seconds, (report, created) = timed(
        lambda: report_request(user=None, kind=Report.Kind.MIDTERM, program=program, enqueue=False)
    )
    if not created:
        raise RuntimeError("The cold render found a report to reuse.")
    worker, peak_mb = worker_render(report, subprocess_env)
    report.refresh_from_db()
    steps = worker["step_seconds"]
    annex_seconds = steps.get("annex_pdf", 0.0) + steps.get("annex_xlsx", 0.0)
    cpu = worker["step_cpu_seconds"]
    annex_cpu_seconds = cpu.get("annex_pdf", 0.0) + cpu.get("annex_xlsx", 0.0)
    with tempfile.TemporaryDirectory(prefix="bench-report-") as folder:
        reuse_seconds = reuse_time(program, Path(folder) / "report.pdf", report)
    naive, rows, naive_peak_mb = naive_render(report, subprocess_env)
    load_after = os.getloadavg()
    has_annexes = bool(getattr(report, "annex_pdf", None))
    return ReportFigures(
        program=program.slug,
        enrolled=Enrollment.objects.filter(program=program).count(),
        recognitions=Recognition.objects.filter(round__program=program).count(),
        report_seconds=round(worker["job_seconds"] - annex_seconds, 2),
        report_cpu_seconds=round(worker["job_cpu_seconds"] - annex_cpu_seconds, 2),
        report_render_seconds=round(steps.get("report", 0.0), 2),
        pages=report.page_count,
        pdf_bytes=report.file.size,
        annex_pdf_seconds=round(steps["annex_pdf"], 2) if "annex_pdf" in steps else None,
        annex_pdf_bytes=_size(report.annex_pdf) if has_annexes else None,
        annex_pages=report.annex_page_count if has_annexes else None,
        annex_xlsx_seconds=round(steps["annex_xlsx"], 2) if "annex_xlsx" in steps else None,
        annex_xlsx_bytes=_size(report.annex_xlsx) if report.annex_xlsx else None,
        job_seconds=round(worker["job_seconds"], 2),
        job_cpu_seconds=round(worker["job_cpu_seconds"], 2),
        peak_memory_mb=peak_mb,
        startup_memory_mb=round(worker["maxrss_kib_before_job"] / 1024, 1),
        peak_after_step_mb={name: round(kib / 1024, 1) for name, kib in worker["maxrss_kib_after_step"].items()},
        request_seconds=round(request_seconds, 2),
        reuse_seconds=round(reuse_seconds, 3),
        reuse_speedup=round((request_seconds + worker["job_seconds"]) / reuse_seconds, 1),
        naive_rows=rows,
        naive_seconds=round(naive["seconds"], 2),
        naive_pages=naive["pages"],
        naive_peak_memory_mb=naive_peak_mb,
        load_average=(round(load_before[0], 2), round(load_after[0], 2)),
        cpus=os.cpu_count() or 0,
    )
