"""Measure the portal against what a user would use instead, on a throwaway PostgreSQL database.

    python manage.py bench                  # 10,000 enterprises, 2,000 products, 20,000 task updates
    python manage.py bench --quick          # a small dataset and a short load, for CI
    python manage.py bench --json --sections pages,reports
    python manage.py bench --sections reports --enterprises 100000   # the HCMC report at city scale

Builds the dataset in a database of its own beside the one in DATABASE_URL, runs the chosen sections, prints
one table (or a JSON document), and drops the database, also when a section fails. The pages, load and import
sections measure the demo data (seed_demo); the reports section measures a city's register built in bulk
(benchmark.dataset.seed_register): --enterprises enterprises of HCMC, --enrolled of them (all by default)
enrolled in its programme, --products products recognised.
"""

import json
import os
import tempfile

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from benchmark import dataset
from benchmark.database import ThrowawayDatabase
from benchmark.measure import Results, at_least, at_most, format_table, timed
from demo.management.commands.seed_demo import DEMO_LOGINS
from programs.models import Program
from programs.seed_data import HCM_RUBBER_PLASTICS

SECTIONS = ("pages", "load", "reports", "import")
STAFF = next(login for login in DEMO_LOGINS if login.username == "demo.canbo.hcm")


def _sections(value: str) -> list[str]:
    chosen = [name.strip() for name in value.split(",") if name.strip()]
    unknown = sorted(set(chosen) - set(SECTIONS))
    if unknown or not chosen:
        raise CommandError(f"--sections: chọn trong {', '.join(SECTIONS)} (không biết: {', '.join(unknown)}).")
    return [name for name in SECTIONS if name in chosen]


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.0f} kB"


class Command(BaseCommand):
    help = "Đo hiệu năng cổng (trang, tải, báo cáo, nhập Excel) so với công cụ đối chứng, trên CSDL tạm."

    def add_arguments(self, parser):
        parser.add_argument("--quick", action="store_true", help="Bộ dữ liệu nhỏ và tải ngắn (cho CI).")
        parser.add_argument("--json", action="store_true", help="In kết quả dạng JSON.")
        parser.add_argument("--sections", default=",".join(SECTIONS), help="pages,load,reports,import")
        parser.add_argument("--enterprises", type=int)
        parser.add_argument("--products", type=int)
        parser.add_argument("--task-updates", type=int)
        parser.add_argument(
            "--enrolled",
            type=int,
            help="Số doanh nghiệp tham gia chương trình của TP HCM (mục reports; mặc định: tất cả).",
        )
        parser.add_argument("--repeats", type=int, help="Số lần đo mỗi trang.")
        parser.add_argument("--users", type=int, help="Số người dùng đồng thời của locust.")
        parser.add_argument("--duration", type=int, help="Thời gian mỗi lượt tải (giây).")
        parser.add_argument("--import-rows", type=int, help="Số dòng của tệp Excel nhập thử.")

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        plan = self._plan(options)
        results = Results()
        with (
            tempfile.TemporaryDirectory(prefix="bench-media-") as media,
            override_settings(MEDIA_ROOT=media),
            ThrowawayDatabase() as database,
        ):
            self._progress(f"Throwaway database {database.name}: migrating and seeding…")
            self._run(plan, results, database, media)
        if options["json"]:
            self.stdout.write(json.dumps(results.as_dict(), ensure_ascii=False, indent=2, default=str))
        else:
            self.stdout.write(self._summary(results))

    def _plan(self, options) -> dict:
        base = dataset.QUICK if options["quick"] else dataset.FULL
        sizes = dataset.Sizes(
            enterprises=options["enterprises"] if options["enterprises"] is not None else base.enterprises,
            products=options["products"] if options["products"] is not None else base.products,
            task_updates=options["task_updates"] if options["task_updates"] is not None else base.task_updates,
        )
        plan = {
            "sections": _sections(options["sections"]),
            "sizes": sizes,
            "repeats": options["repeats"] or (10 if options["quick"] else 30),
            "users": options["users"] or (10 if options["quick"] else 50),
            "duration": options["duration"] or (10 if options["quick"] else 60),
            "import_rows": options["import_rows"] or sizes.enterprises,
            "enrolled": options["enrolled"] if options["enrolled"] is not None else sizes.enterprises,
        }
        for name in ("repeats", "users", "duration", "import_rows", "enrolled"):
            if plan[name] < 1:
                raise CommandError(f"--{name.replace('_', '-')} phải là số dương.")
        return plan

    def _progress(self, message: str) -> None:
        if self.verbosity >= 1:
            self.stderr.write(message)

    def _run(self, plan: dict, results: Results, database: ThrowawayDatabase, media: str) -> None:
        dataset.prepare_schema()
        sizes = plan["sizes"]
        small_counts = None
        if "pages" in plan["sections"]:
            from benchmark.pages import query_counts

            dataset.seed(sizes.scaled(dataset.SMALL_FACTOR))
            small_counts = query_counts()
        results.dataset = {"database": database.name, "enterprises": sizes.enterprises, "products": sizes.products}
        if set(plan["sections"]) - {"reports"}:
            dataset.seed(sizes)
            results.dataset["demo"] = {
                "enterprises": sizes.enterprises,
                "products": sizes.products,
                "task_updates": sizes.task_updates,
                "small_dataset_factor": dataset.SMALL_FACTOR,
            }
        if "reports" in plan["sections"]:
            self._progress(f"Building the HCMC register ({sizes.enterprises:,} enterprises)…")
            register = dataset.RegisterSizes(
                sizes.enterprises, min(plan["enrolled"], sizes.enterprises), sizes.products
            )
            seconds, counts = timed(lambda: dataset.seed_register(HCM_RUBBER_PLASTICS, register))
            results.dataset["register"] = {**counts, "program": HCM_RUBBER_PLASTICS, "seconds": round(seconds, 1)}
        for section in plan["sections"]:
            self._progress(f"Measuring {section}…")
            getattr(self, f"_section_{section}")(plan, results, database=database, media=media, small=small_counts)

    # --- Sections ------------------------------------------------------------------------------------

    def _section_pages(self, plan, results: Results, *, small, **_):
        from benchmark.pages import measure_pages

        figures = measure_pages(repeats=plan["repeats"])
        results.sections["pages"] = [
            {
                **f.as_dict(),
                "portal_queries_small": small[f.key]["portal"],
                "admin_queries_small": small[f.key]["admin"],
            }
            for f in figures
        ]
        for f in figures:
            peer = f"{f.admin_label}: {f.admin.median_ms:.1f} / {f.admin.p95_ms:.1f} ms, {f.admin_queries} q"
            results.row(
                "pages", f"{f.label}: median / p95", f"{f.portal.median_ms:.1f} / {f.portal.p95_ms:.1f} ms", peer
            )
            results.check("pages", f"{f.key}: ratio portal ÷ admin (median)", f.ratio, f"{f.ratio:.2f}", at_most(1.0))
            shown = f"{f.portal_queries} (small dataset: {small[f.key]['portal']})"
            results.check("pages", f"{f.key}: queries per request", f.portal_queries, shown, at_most(15))
            growth = f.portal_queries - small[f.key]["portal"]
            results.check("pages", f"{f.key}: query growth with 10× data", growth, f"{growth:+d}", at_most(0))

    def _section_load(self, plan, results: Results, *, database, media, **_):
        from benchmark.load import measure_load

        program = Program.objects.get(slug=HCM_RUBBER_PLASTICS)
        locust_env = {
            "BENCH_PROGRAM_SLUG": program.slug,
            "BENCH_PROGRAM_ID": str(program.id),
            "BENCH_STAFF_USERNAME": STAFF.username,
            "BENCH_STAFF_PASSWORD": STAFF.password,
        }
        runs = measure_load(
            database_url=database.url(),
            media_root=media,
            users=plan["users"],
            seconds=plan["duration"],
            locust_env=locust_env,
        )
        results.sections["load"] = {name: run.as_dict() for name, run in runs.items()}
        mix, dashboard, healthz = runs["mix"], runs["dashboard"], runs["healthz"]
        users = f"{plan['users']} users, {plan['duration']} s"
        results.row(
            "load",
            f"mix of public and staff pages ({users}): req/s, p50 / p95 / p99",
            f"{mix.requests_per_second:.1f} req/s, {mix.p50_ms:.0f} / {mix.p95_ms:.0f} / {mix.p99_ms:.0f} ms",
            f"/healthz: {healthz.requests_per_second:.1f} req/s, {healthz.p50_ms:.0f} / {healthz.p95_ms:.0f} ms",
        )
        errors = sum(run.failures for run in runs.values())
        total = sum(run.requests for run in runs.values())
        results.check("load", "errors (all runs)", errors, f"{errors} of {total} requests", at_most(0))
        results.check("load", "p95 of the mix (ms)", mix.p95_ms, f"{mix.p95_ms:.0f} ms", at_most(250))
        ratio = round(dashboard.requests_per_second / healthz.requests_per_second, 3)
        shown = f"{ratio:.2f} ({dashboard.requests_per_second:.1f} ÷ {healthz.requests_per_second:.1f} req/s)"
        results.check("load", "dashboard throughput ÷ /healthz", ratio, shown, at_least(0.3))

    def _section_reports(self, plan, results: Results, *, database, media, **_):
        from benchmark.load import server_environment
        from benchmark.reports import measure_reports

        env = server_environment(database.url(), media)
        f = measure_reports(program_slug=HCM_RUBBER_PLASTICS, subprocess_env=env)
        results.sections["reports"] = f.as_dict()
        section = "reports"
        rows = f"{f.enrolled:,} enterprises enrolled, {f.recognitions:,} recognitions"
        shown = (
            f"{f.report_seconds:.1f} s ({f.report_cpu_seconds:.1f} s CPU; {f.report_render_seconds:.1f} s rendering), "
            f"{f.pages} pages, {_mb(f.pdf_bytes)}"
        )
        results.check(section, f"main report, worker time, cold ({rows})", f.report_seconds, shown, at_most(60, " s"))
        results.row(
            section, "main report: pages", f"{f.pages}", "audit: 490 pages with the register in the body", "none set"
        )
        if f.annex_pdf_bytes is None:
            results.row(section, "annex PDF: time, pages, size", "not available (the job renders no annex)")
        else:
            seconds = "—" if f.annex_pdf_seconds is None else f"{f.annex_pdf_seconds:.1f} s"
            results.row(
                section,
                "annex PDF: time, pages, size",
                f"{seconds}, {f.annex_pages} pages, {_mb(f.annex_pdf_bytes)}",
                target="none set",
            )
        if f.annex_xlsx_bytes is None:
            results.row(section, "annex XLSX: time, size", "not available (the job renders no annex)")
        else:
            seconds = "—" if f.annex_xlsx_seconds is None else f"{f.annex_xlsx_seconds:.1f} s"
            results.row(section, "annex XLSX: time, size", f"{seconds}, {_mb(f.annex_xlsx_bytes)}", target="none set")
        results.row(
            section,
            "worker job, cold: report and annexes",
            f"{f.job_seconds:.1f} s wall, {f.job_cpu_seconds:.1f} s CPU",
            f"request in front of it (reads the data for the fingerprint): {f.request_seconds:.1f} s",
        )
        shown = f"{f.peak_memory_mb:.0f} MB (of which {f.startup_memory_mb:.0f} MB at start-up)"
        steps = ", ".join(f"{name} {mb:.0f}" for name, mb in f.peak_after_step_mb.items())
        peer = "the rendering process alone, maxrss, whole job" + (f"; high-water after {steps} MB" if steps else "")
        results.check(section, "peak worker memory (MB)", f.peak_memory_mb, shown, at_most(300, " MB"), peer)
        naive = f"{f.naive_seconds:.1f} s, {f.naive_pages} pages, {f.naive_peak_memory_mb:.0f} MB peak"
        portal = f.report_seconds + (f.annex_pdf_seconds or 0.0)
        ratio = portal / f.naive_seconds if f.naive_seconds else float("inf")
        peer = f"portal, report + annex PDF: {portal:.1f} s ({ratio:.2f}× the naive time)"
        results.row(
            section,
            f"naive: the PDFs' content ({f.naive_rows:,} rows) as one plain WeasyPrint HTML",
            naive,
            peer,
            "none set",
        )
        shown = f"{f.reuse_speedup:.0f}× ({f.reuse_seconds * 1000:.0f} ms against {f.request_seconds + f.job_seconds:.1f} s cold)"
        results.check(section, "same request on unchanged data: speed-up", f.reuse_speedup, shown, at_least(50, "×"))

    def _section_import(self, plan, results: Results, **_):
        from benchmark.imports import measure_import

        f = measure_import(rows=plan["import_rows"])
        results.sections["import"] = f.as_dict()
        results.row(
            "import",
            f"{f.rows:,}-row XLSX: rows per second",
            f"portal {f.portal_rows_per_second:,.0f} rows/s ({f.portal_seconds:.1f} s)",
            f"django-import-export {f.import_export_rows_per_second:,.0f} rows/s ({f.import_export_seconds:.1f} s)",
        )
        results.check("import", "portal ÷ django-import-export", f.speedup, f"{f.speedup:.1f}×", at_least(5))

    def _summary(self, results: Results) -> str:
        d = results.dataset
        lines = []
        if "demo" in d:
            demo = d["demo"]
            lines.append(
                f"Demo dataset: {demo['enterprises']:,} enterprises, {demo['products']:,} products, "
                f"{demo['task_updates']:,} task updates (PostgreSQL, pid {os.getpid()})"
            )
        if "register" in d:
            r = d["register"]
            lines.append(
                f"HCMC register: {r['enterprises']:,} enterprises, {r['enrolled']:,} enrolled in {r['program']}, "
                f"{r['participations']:,} participations, {r['recognitions']:,} products recognised "
                f"(bulk inserts, {r['seconds']:.0f} s; PostgreSQL, pid {os.getpid()})"
            )
        if "reports" in results.sections:
            f = results.sections["reports"]
            before, after = f["load_average"]
            lines.append(
                f"Machine: {f['cpus']} CPUs, shared with other work (1-minute load average {before:.2f} before the "
                f"reports section, {after:.2f} after)"
            )
        head = "\n".join(lines)
        missed = [c for c in results.checks if not c.ok]
        tail = "All targets met." if not missed else f"{len(missed)} target(s) missed."
        return f"{head}\n\n{format_table(results.rows)}\n\n{tail}\n"
