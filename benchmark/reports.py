"""The HCMC mid-term report at bench scale: a fresh render, the same request on unchanged data, peak memory
of a worker doing it, and the naive baseline of the same content as one plain HTML table in WeasyPrint."""

import json
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from benchmark.dataset import _Discard
from benchmark.measure import timed
from programs.models import Program
from reports.models import Report
from reports.selectors import report_data

REUSE_REPEATS = 3
# Runs one command and prints the peak resident memory of its process tree (KiB on Linux): RUSAGE_CHILDREN
# of a fresh process counts only that command.
PEAK_MEMORY_WRAPPER = (
    "import json, resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
    "print(json.dumps({'code': done.returncode, 'maxrss_kib': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))"
)


@dataclass(frozen=True)
class ReportFigures:
    program: str
    seconds: float
    pages: int
    pages_per_second: float
    reuse_seconds: float
    reuse_speedup: float
    peak_memory_mb: float
    worker_seconds: float
    naive_seconds: float
    naive_pages: int
    naive_pages_per_second: float

    def as_dict(self) -> dict:
        return asdict(self)


def _make_report(program: Program, out: Path) -> Report:
    call_command("make_report", program=program.slug, kind=Report.Kind.MIDTERM, out=str(out), stdout=_Discard())
    return Report.objects.filter(program=program, kind=Report.Kind.MIDTERM, status=Report.Status.DONE).latest("id")


def _forget_reports(program: Program) -> None:
    """Remove the program's reports so that the next request renders again."""
    for report in Report.objects.filter(program=program):
        if report.file:
            report.file.delete(save=False)
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


def worker_peak_memory(program: Program, out: Path, env: dict[str, str]) -> tuple[float, float]:
    """Peak memory (MB) and wall time of `manage.py make_report` in a process of its own, as a worker renders."""
    command = [sys.executable, "-c", PEAK_MEMORY_WRAPPER, sys.executable, "manage.py", "make_report"]
    command += ["--program", program.slug, "--kind", Report.Kind.MIDTERM, "--out", str(out)]
    seconds, finished = timed(
        lambda: subprocess.run(command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, check=True)
    )
    figures = json.loads(finished.stdout.strip().splitlines()[-1])
    if figures["code"] != 0:
        raise RuntimeError(f"make_report failed in its own process:\n{finished.stderr[-2000:]}")
    return round(figures["maxrss_kib"] / 1024, 1), round(seconds, 2)


def naive_html(data: dict) -> str:
    """The same rows as the report, as one plain HTML table: what one would write without the portal."""
    with translation.override("vi"):
        return render_to_string("bench/naive_report.html", {"data": data})


def naive_render(data: dict) -> tuple[float, int]:
    html = naive_html(data)

    def render():
        document = HTML(string=html).render()
        document.write_pdf()
        return len(document.pages)

    seconds, pages = timed(render)
    return seconds, pages


def measure_reports(*, program_slug: str, subprocess_env: dict[str, str]) -> ReportFigures:
    program = Program.objects.get(slug=program_slug)
    _forget_reports(program)
    with tempfile.TemporaryDirectory(prefix="bench-report-") as folder:
        out = Path(folder) / "report.pdf"
        seconds, report = timed(lambda: _make_report(program, out))
        reuse_seconds = reuse_time(program, out, report)
        _forget_reports(program)
        peak_mb, worker_seconds = worker_peak_memory(program, out, subprocess_env)
    naive_seconds, naive_pages = naive_render(report_data(kind=Report.Kind.MIDTERM, program_id=program.id))
    return ReportFigures(
        program=program.slug,
        seconds=round(seconds, 2),
        pages=report.page_count,
        pages_per_second=round(report.page_count / seconds, 2),
        reuse_seconds=round(reuse_seconds, 3),
        reuse_speedup=round(seconds / reuse_seconds, 1),
        peak_memory_mb=peak_mb,
        worker_seconds=worker_seconds,
        naive_seconds=round(naive_seconds, 2),
        naive_pages=naive_pages,
        naive_pages_per_second=round(naive_pages / naive_seconds, 2),
    )
