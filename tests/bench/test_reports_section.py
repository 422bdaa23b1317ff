"""The reports section of `manage.py bench` end to end on a small register, and the register it builds.

Nothing here is timed against a target: the figures are only checked to be there, each beside its target.
"""

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from stdnum.vn import mst

from benchmark.dataset import RegisterSizes, prepare_schema, seed_register
from enterprises.models import Enrollment, Enterprise, Participation
from products.models import Recognition
from programs.models import Program
from programs.seed_data import HCM_RUBBER_PLASTICS
from reports.models import Report

SMALL = ["--sections", "reports", "--enterprises", "60", "--products", "8"]


def bench(*args: str) -> str:
    out = StringIO()
    call_command("bench", *SMALL, *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def table_row(table: str, what: str) -> list[str]:
    line = next(line for line in table.splitlines() if what in line)
    return [cell.strip() for cell in line.split("|")]


@pytest.mark.django_db(transaction=True)
def test_reports_section_prints_every_figure_beside_its_target():
    table = bench("--enrolled", "40")

    assert "HCMC register: 60 enterprises, 40 enrolled in " + HCM_RUBBER_PLASTICS in table
    assert re.search(r"Machine: \d+ CPUs, shared with other work", table)
    worker = table_row(table, "main report, worker time, cold (40 enterprises enrolled")
    assert re.match(r"[\d.]+ s \([\d.]+ s CPU; [\d.]+ s rendering\), \d+ pages, ", worker[2])
    assert worker[4:] == ["≤ 60 s", worker[5]] and worker[5] in ("MET", "MISSED")
    memory = table_row(table, "peak worker memory (MB)")
    assert re.match(r"\d+ MB \(of which \d+ MB at start-up\)", memory[2])
    assert memory[4] == "≤ 300 MB" and memory[5] in ("MET", "MISSED")
    assert memory[3].startswith("the rendering process alone, maxrss, whole job; high-water after report ")
    reuse = table_row(table, "same request on unchanged data: speed-up")
    assert reuse[4] == "≥ 50×" and reuse[5] in ("MET", "MISSED")
    for what in ("annex PDF: time, pages, size", "annex XLSX: time, size"):
        cells = table_row(table, what)
        assert cells[2].startswith("not available") or re.match(r"([\d.]+ s|—), ", cells[2])
    naive = table_row(table, "naive: the PDFs' content (")
    assert re.match(r"[\d.]+ s, \d+ pages, \d+ MB peak", naive[2])
    assert "portal, report + annex PDF:" in naive[3] and "× the naive time" in naive[3]
    assert table_row(table, "worker job, cold: report and annexes")[2].endswith("s CPU")
    assert table_row(table, "main report: pages")[4] == "none set"
    assert "pages per second" not in table


@pytest.mark.django_db(transaction=True)
def test_reports_section_figures_in_json():
    result = json.loads(bench("--json"))
    register = result["dataset"]["register"]
    assert register["enterprises"] == register["enrolled"] == 60
    assert register["recognitions"] == register["products"] == 8
    assert "demo" not in result["dataset"], "the reports section alone seeds no demo data"

    reports = result["reports"]
    assert reports["enrolled"] == 60 and reports["recognitions"] == 8
    assert reports["pages"] >= 1 and reports["pdf_bytes"] > 0
    assert 0 < reports["report_render_seconds"] <= reports["report_seconds"] <= reports["job_seconds"]
    assert reports["peak_memory_mb"] >= reports["startup_memory_mb"] > 0
    assert reports["peak_memory_mb"] >= max(reports["peak_after_step_mb"].values())
    assert "report" in reports["peak_after_step_mb"]
    assert reports["naive_rows"] >= 60 + 8 and reports["naive_pages"] >= 1
    if reports["annex_pdf_bytes"] is not None:
        assert reports["annex_pages"] >= 1
    names = {check["name"] for check in result["checks"]}
    assert names == {
        "main report, worker time, cold (60 enterprises enrolled, 8 recognitions)",
        "peak worker memory (MB)",
        "same request on unchanged data: speed-up",
    }


def test_enrolled_must_be_positive():
    with pytest.raises(CommandError, match="--enrolled"):
        call_command("bench", *SMALL, "--enrolled", "0", stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db
def test_register_is_real_shaped_rows_of_the_programme():
    prepare_schema()
    program = Program.objects.get(slug=HCM_RUBBER_PLASTICS)
    counts = seed_register(HCM_RUBBER_PLASTICS, RegisterSizes(enterprises=50, enrolled=30, products=6))

    assert counts == {"enterprises": 50, "enrolled": 30, "participations": counts["participations"], "products": 6,
                      "recognitions": 6}  # fmt: skip
    enterprises = Enterprise.objects.filter(province=program.city.name, is_demo=False)
    assert enterprises.count() == 50
    codes = list(enterprises.values_list("tax_code", flat=True))
    assert len(set(codes)) == 50 and all(mst.is_valid(code) and code.startswith("03") for code in codes)
    assert Enrollment.objects.filter(program=program).count() == 30
    enrolled = set(Enrollment.objects.filter(program=program).values_list("enterprise_id", flat=True))
    taking_part = set(Participation.objects.filter(activity__program=program).values_list("enterprise_id", flat=True))
    assert taking_part <= enrolled
    assert Participation.objects.filter(activity__program=program).count() == counts["participations"]
    recognitions = Recognition.objects.filter(round__program=program, is_demo=False)
    assert recognitions.count() == 6
    assert set(recognitions.values_list("product__enterprise_id", flat=True)) <= enrolled


@pytest.mark.django_db
def test_bench_render_refuses_a_report_that_is_not_pending():
    prepare_schema()
    program = Program.objects.get(slug=HCM_RUBBER_PLASTICS)
    done = Report.objects.create(program=program, kind=Report.Kind.MIDTERM, status=Report.Status.DONE)
    with pytest.raises(CommandError, match="không ở trạng thái đang chờ"):
        call_command("bench_render", "--report", str(done.pk), stdout=StringIO())
    with pytest.raises(CommandError, match="--report"):
        call_command("bench_render", stdout=StringIO())
