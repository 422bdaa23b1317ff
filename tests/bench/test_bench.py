"""`manage.py bench` end to end on a tiny dataset, so that the benchmark cannot rot.

The bench makes its own throwaway database on the test PostgreSQL server and drops it afterwards.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from benchmark.measure import Timing, percentile

TINY = ["--quick", "--enterprises", "120", "--products", "30", "--task-updates", "120", "--repeats", "2"]


def bench_databases() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE 'bench\\_%%'")
        return {row[0] for row in cursor.fetchall()}


def run_bench(*args: str) -> dict:
    out = StringIO()
    call_command("bench", *TINY, "--json", *args, stdout=out, stderr=StringIO())
    return json.loads(out.getvalue())


@pytest.mark.django_db(transaction=True)
def test_bench_measures_every_section_on_a_tiny_dataset():
    before = bench_databases()
    result = run_bench("--sections", "pages,load,reports,import", "--users", "3", "--duration", "3")

    assert result["dataset"]["enterprises"] == 120
    assert {page["key"] for page in result["pages"]} == {"dashboard", "tasks", "registry", "directory", "applications"}
    for page in result["pages"]:
        assert page["portal"]["median_ms"] > 0 and page["admin"]["median_ms"] > 0
        assert 0 < page["portal_queries"] <= 15
        assert page["portal_queries_small"] > 0
        assert page["ratio"] > 0

    for scenario in ("mix", "dashboard", "healthz"):
        assert result["load"][scenario]["requests"] > 0
        assert result["load"][scenario]["requests_per_second"] > 0
    assert result["load"]["mix"]["failures"] == 0
    mix_pages = {"home", "directory", "directory search", "registry", "registry search"}
    mix_pages |= {"login form", "login", "dashboard", "tasks", "applications", "overview"}
    assert result["load"]["mix"]["per_page"] and set(result["load"]["mix"]["per_page"]) <= mix_pages
    assert set(result["load"]["healthz"]["per_page"]) == {"healthz"}

    reports = result["reports"]
    assert reports["pages"] >= 1 and reports["report_seconds"] > 0
    assert reports["reuse_seconds"] < reports["job_seconds"]
    assert reports["peak_memory_mb"] > 0
    assert reports["naive_pages"] >= 1 and reports["naive_seconds"] > 0

    assert result["import"]["rows"] == 120
    assert result["import"]["portal_rows_per_second"] > 0 and result["import"]["import_export_rows_per_second"] > 0

    names = {check["name"] for check in result["checks"]}
    assert "dashboard: ratio portal ÷ admin (median)" in names
    assert {"errors (all runs)", "peak worker memory (MB)", "portal ÷ django-import-export"} <= names
    assert all(check["result"] in ("MET", "MISSED") for check in result["checks"])
    assert bench_databases() == before, "the throwaway database must be dropped"


@pytest.mark.django_db(transaction=True)
def test_bench_prints_one_table():
    out = StringIO()
    call_command("bench", *TINY, "--sections", "import", stdout=out, stderr=StringIO())
    table = out.getvalue()
    assert "section | what" in table
    assert "portal ÷ django-import-export" in table and "≥ 5" in table


@pytest.mark.django_db(transaction=True)
def test_bench_drops_its_database_when_a_section_fails(monkeypatch):
    before = bench_databases()

    def broken(**kwargs):
        raise RuntimeError("section failed")

    monkeypatch.setattr("benchmark.imports.measure_import", broken)
    with pytest.raises(RuntimeError, match="section failed"):
        run_bench("--sections", "import")
    assert bench_databases() == before
    assert connection.settings_dict["NAME"].startswith("test_"), "the connection is pointed back at the test database"


def test_bench_refuses_sqlite(settings, monkeypatch):
    from django.db import connections

    monkeypatch.setattr(type(connections["default"]), "vendor", "sqlite")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("bench", "--quick", stdout=StringIO(), stderr=StringIO())


def test_bench_rejects_unknown_sections():
    with pytest.raises(CommandError, match="--sections"):
        call_command("bench", "--sections", "pages,speed", stdout=StringIO(), stderr=StringIO())


def test_percentiles_use_the_nearest_rank():
    samples = [float(n) for n in range(1, 101)]
    assert percentile(samples, 0.95) == 95.0
    assert percentile([3.0], 0.95) == 3.0
    assert Timing.of([0.010, 0.020, 0.030]) == Timing(median_ms=20.0, p95_ms=30.0, samples=3)
