"""Reports true to their period, on the seeded programmes (seed_programs), with and without the demo data
(seed_demo): each case is one of the issue's "Why"."""

import datetime
import io
import os
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from programs.models import Program, Task, TaskUpdate
from reports import annexes
from reports.fingerprint import data_fingerprint
from reports.models import Report
from reports.rendering import DocumentMeta, render_report_pdf
from reports.selectors import report_data
from reports.services import Period, report_render, report_request

D = datetime.date
DEMO_SIZE = ["--enterprises", "40", "--products", "20", "--task-updates", "60"]
WATERMARK = "DỮ LIỆU MINH HỌA"
# A zero printed as a result ("0 sản phẩm", "0 hoạt động"), not part of a target such as "15–20 sản phẩm".
NO_FIGURE_AS_ZERO = re.compile(r"(?<![\d–.,-])0 (sản phẩm|hoạt động|lượt|doanh nghiệp)")


@pytest.fixture
def programs(seeded):
    return {p.slug: p for p in Program.objects.all()}


@pytest.fixture
def hcm(programs):
    return programs["tphcm-cao-su-nhua-2020-2030"]


@pytest.fixture
def plan_267(programs):
    return programs["ha-noi-267-kh-ubnd-2022"]


@pytest.fixture
def cnht(programs):
    return programs["ha-noi-cnht-2021"]


def _seed_demo():
    call_command("seed_demo", *DEMO_SIZE, stdout=open(os.devnull, "w"))  # noqa: SIM115


def _data(program, kind=Report.Kind.PROGRESS, start=None, end=None, include_demo=False):
    return report_data(kind=kind, program_id=program.id, period_start=start, period_end=end, include_demo=include_demo)


def _pages(data) -> list[str]:
    meta = DocumentMeta(generated_at=timezone.now(), requested_by="", template_version="t", fingerprint="0" * 64)
    reader = PdfReader(io.BytesIO(render_report_pdf(data, meta).content))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def _text(data) -> str:
    return " ".join(_pages(data))


# --- Task state as of the period's end -----------------------------------------------------------------------


def test_a_later_update_does_not_change_a_past_period(hcm):
    # The HCMC 2023 report showed group 8 "Hoàn thành 100 %" because of an update dated 2026.
    task = Task.objects.filter(group__program=hcm, group__order=8).first()
    TaskUpdate.objects.create(task=task, date=D(2026, 1, 15), status=Task.Status.DONE, progress=100, note="Xong")
    year_2023 = _data(hcm, start=D(2023, 1, 1), end=D(2023, 12, 31))
    group_8 = next(g for g in year_2023["groups"] if g["code"] == task.group.code)
    assert group_8["done_count"] == 0 and group_8["progress"] != Decimal(100)
    assert all(t["latest_update"] is None or t["latest_update"]["date"] <= D(2023, 12, 31) for t in group_8["tasks"])
    row = next(t for t in group_8["tasks"] if t["title"] == task.title)
    assert row["status"] != Task.Status.DONE
    assert "Hoàn thành 100" not in _text(year_2023)
    # Up to 2026 the update counts.
    latest = _data(hcm, start=D(2026, 1, 1), end=D(2026, 12, 31))
    assert next(g for g in latest["groups"] if g["code"] == task.group.code)["done_count"] == 1


def test_hcmc_midterm_prints_no_invented_percentages(hcm):
    # The article gives no percentage: the groups are deployed, with progress unknown ("tiến độ chung 0 %").
    data = _data(hcm, Report.Kind.MIDTERM, D(2020, 1, 1), D(2023, 12, 31))
    assert data["group_summary"]["progress"] is None
    assert all(g["deployed"] and g["progress"] is None for g in data["groups"])
    text = _text(data)
    assert "9/9 nhóm nhiệm vụ đã triển khai" in text
    assert "tiến độ chung: chưa có số liệu" in text
    assert " 0%" not in text and "0 %" not in text
    assert text.count("Đã triển khai") >= 9


def test_computed_indicators_count_only_the_period(plan_267):
    # Plan 267's Q1/2022 report rated 26 / 50 / 59 as "Vượt" while it said 0 activities and 0 recognitions.
    data = _data(plan_267, start=D(2022, 1, 1), end=D(2022, 3, 31))
    computed = [i for i in data["indicators"] if i["computed"]]
    assert computed
    assert all(i["actual"] is None and i["attainment"] == "" for i in computed)
    assert data["recognitions"]["total"] == 0
    text = _text(data)
    assert "Vượt" not in text
    assert not NO_FIGURE_AS_ZERO.search(text)


def test_missing_figures_read_no_data_and_the_unrecorded_round_has_no_result(plan_267):
    data = _data(plan_267, start=D(2022, 1, 1), end=D(2022, 12, 31))
    assert all(i["attainment"] == "" for i in data["indicators"] if i["actual"] is None)
    assert data["recognitions"]["rounds_without_result"] == [2022]
    text = _text(data)
    assert not NO_FIGURE_AS_ZERO.search(text)
    assert "Chưa đạt" not in text
    assert "Chưa có số liệu" in text
    assert "đợt xét chọn năm 2022 chưa có kết quả" in text


def test_tasks_with_no_update_by_the_period_end_are_no_data_not_zero_done(plan_267, hcm):
    # Nothing is recorded of plan 267's tasks: its Q1/2022 report says so instead of "0/10 nhiệm vụ hoàn thành".
    data = _data(plan_267, start=D(2022, 1, 1), end=D(2022, 3, 31))
    assert data["group_summary"]["tasks_reported"] == 0
    text = _text(data)
    assert "Chưa có số liệu về tình hình thực hiện 10 nhiệm vụ" in text
    assert "0/10" not in text and "nhóm nhiệm vụ đã triển khai" not in text
    # The HCMC groups' recorded "triển khai" is a recorded state: its headline counts them.
    hcm_text = _text(_data(hcm, kind=Report.Kind.MIDTERM, end=D(2023, 12, 31)))
    assert "9/9 nhóm nhiệm vụ đã triển khai" in hcm_text


def test_plans_of_past_years_have_ended(cnht, plan_267):
    for program in (cnht, plan_267):
        data = _data(program, start=D(program.period_start, 1, 1), end=D(2026, 6, 30))
        assert data["program"]["status_label"] == "Đã kết thúc"
        assert "đã kết thúc" in _text(data)


def test_cnht_states_twelve_tasks_and_never_a_share_of_the_ten_entered(cnht):
    data = _data(cnht, start=D(2021, 1, 1), end=D(2021, 12, 31))
    assert data["group_summary"]["stated_task_count"] == 12
    text = _text(data)
    assert "/10 nhiệm vụ" not in text and "/10" not in text
    assert "12 nhiệm vụ" in text


# --- Indicators: history, qualifiers, context ----------------------------------------------------------------


def test_indicator_history_keeps_every_value_and_its_qualifier(hcm):
    data = _data(hcm, Report.Kind.MIDTERM, D(2020, 1, 1), D(2023, 12, 31))
    iip = next(i for i in data["indicators"] if "IIP" in i["name"] and "cao su" in i["name"])
    assert [v["display"] for v in iip["values"]][:2] == ["32,18%", "12,7%"]  # 2022's headline is kept
    context = {c["name"]: c for c in data["context"]}
    assert not set(context) & {i["name"] for i in data["indicators"]}
    shown = [v["display"] for c in context.values() for v in c["values"]]
    assert any(s.startswith("hơn 400") for s in shown) and any(s.startswith("gần 5.000") for s in shown)
    assert "-4,4%" in shown
    assert all(v["source"] for c in context.values() for v in c["values"])
    text = _text(data)
    assert "Năm 2022: 32,18%" in text and "5 tháng đầu năm 2023: 12,7%" in text
    assert "Số liệu bối cảnh" in text and "hơn 400" in text and "gần 5.000" in text
    # Context figures are described as such, after the programme's indicators.
    assert text.index("Số liệu bối cảnh") > text.index("IV. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU")


def test_values_outside_the_period_are_not_its_values(hcm):
    data = _data(hcm, start=D(2023, 1, 1), end=D(2023, 12, 31))
    iip = next(i for i in data["indicators"] if "IIP" in i["name"] and "cao su" in i["name"])
    assert all(D(2023, 1, 1) <= v["period_end"] <= D(2023, 12, 31) for v in iip["values"])


# --- Demo data -----------------------------------------------------------------------------------------------


def test_demo_data_is_left_out_entirely_unless_asked_and_then_watermarked_on_every_page(hcm):
    before = _data(hcm, Report.Kind.MIDTERM, D(2020, 1, 1), D(2026, 11, 30))
    _seed_demo()
    after = _data(hcm, Report.Kind.MIDTERM, D(2020, 1, 1), D(2026, 11, 30))
    assert data_fingerprint(after, template_version="t") == data_fingerprint(before, template_version="t")
    assert after["has_demo"] is False
    pages = _pages(after)
    assert all(WATERMARK not in page for page in pages)

    demo = _data(hcm, Report.Kind.MIDTERM, D(2020, 1, 1), D(2026, 11, 30), include_demo=True)
    assert demo["has_demo"] is True
    pages = _pages(demo)
    assert len(pages) >= 2 and all(WATERMARK in page for page in pages)
    # Counts agree and say what they count, with the demo data as without it.
    for data in (after, demo):
        p = data["participation"]
        assert p["participating_enrolled"] + p["participating_not_enrolled"] == p["participating_enterprises"]
        assert p["participating_enrolled"] <= p["enrolled"] == len(data["enterprises"])
        assert sum(row["participations"] for row in data["enterprises"]) <= p["participations"]
    text = " ".join(pages)
    p = demo["participation"]
    if p["participations"]:
        assert f"của {p['participating_enterprises']} doanh nghiệp khác nhau" in text
        assert "mỗi lượt là một doanh nghiệp tham gia một hoạt động" in text


def test_demo_recognitions_never_pass_for_real_ones(plan_267):
    _seed_demo()
    real = _data(plan_267, start=D(2020, 1, 1), end=D(2026, 12, 31))
    assert real["recognitions"]["total"] == 0 and not real["has_demo"]
    demo = _data(plan_267, start=D(2020, 1, 1), end=D(2026, 12, 31), include_demo=True)
    if demo["recognitions"]["total"]:
        assert demo["has_demo"]


# --- Requests ------------------------------------------------------------------------------------------------


def test_a_midterm_report_only_for_a_multi_year_programme_with_its_period(hcm, cnht):
    with pytest.raises(ValidationError, match="nhiều năm"):
        report_request(user=None, kind=Report.Kind.MIDTERM, program=cnht, enqueue=False)
    report, _ = report_request(
        user=None, kind=Report.Kind.MIDTERM, program=hcm, period=Period(D(2023, 1, 1), D(2023, 12, 31)), enqueue=False
    )
    assert (report.period_start, report.period_end) == (D(2020, 1, 1), D(2023, 12, 31))


def test_include_demo_and_city_are_part_of_the_request(hcm):
    _seed_demo()
    period = Period(D(2023, 1, 1), D(2023, 12, 31))
    plain, _ = report_request(user=None, kind=Report.Kind.PROGRESS, program=hcm, period=period, enqueue=False)
    demo, created = report_request(
        user=None, kind=Report.Kind.PROGRESS, program=hcm, period=period, include_demo=True, enqueue=False
    )
    assert created and demo.pk != plain.pk and demo.include_demo and not plain.include_demo
    again, created = report_request(user=None, kind=Report.Kind.PROGRESS, program=hcm, period=period, enqueue=False)
    assert (again.pk, created) == (plain.pk, False)
    summaries = [
        report_request(user=None, kind=Report.Kind.SUMMARY, city=city, enqueue=False)[0]
        for city in (hcm.city, Program.objects.get(slug="ha-noi-cnht-2021").city)
    ]
    assert summaries[0].pk != summaries[1].pk and summaries[0].city == hcm.city


# --- Annexes -------------------------------------------------------------------------------------------------


def _rendered(program, **options) -> Report:
    report, _ = report_request(user=None, program=program, enqueue=False, **options)
    report_render(report_id=report.id)
    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.error
    return report


def test_registers_go_to_annexes_with_the_same_rows(hcm):
    _seed_demo()
    report = _rendered(hcm, kind=Report.Kind.MIDTERM, include_demo=True)
    data = report_data(kind=report.kind, program_id=hcm.id, period_start=report.period_start,
                       period_end=report.period_end, include_demo=True)  # fmt: skip
    enterprises, products = data["enterprises"], data["recognitions"]["items"]
    assert enterprises
    body = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(report.file.path).pages)
    assert enterprises[0]["tax_code"] not in body  # the register left the body
    assert f"Phụ lục I: Danh sách doanh nghiệp đăng ký tham gia chương trình ({len(enterprises)} doanh nghiệp)" in body

    workbook = load_workbook(report.annex_xlsx.path, read_only=True)
    sheet_1 = list(workbook["Phụ lục I"].iter_rows(values_only=True))
    sheet_2 = list(workbook["Phụ lục II"].iter_rows(values_only=True))
    assert sheet_1[1] == annexes.ENTERPRISE_COLUMNS
    assert [row[1] for row in sheet_1[2:]] == [e["name"] for e in enterprises]
    assert [row[2] for row in sheet_1[2:]] == [e["tax_code"] for e in enterprises]
    assert len(sheet_2) - 2 == len(products)

    annex = PdfReader(report.annex_pdf.path)
    assert report.annex_page_count == len(annex.pages)
    annex_text = " ".join(" ".join(p.extract_text().split()) for p in annex.pages)
    assert "PHỤ LỤC I" in annex_text and "PHỤ LỤC II" in annex_text
    assert all(e["tax_code"] in annex_text for e in enterprises)
    assert all(WATERMARK in p.extract_text() for p in annex.pages)


def test_the_annex_pdf_stops_at_its_row_limit_and_says_the_xlsx_has_every_row(hcm, monkeypatch):
    _seed_demo()
    monkeypatch.setattr(annexes, "PDF_ROW_LIMIT", 1)
    report = _rendered(hcm, kind=Report.Kind.MIDTERM, include_demo=True)
    total = Report.objects.get(pk=report.pk)
    workbook = load_workbook(total.annex_xlsx.path, read_only=True)
    rows = list(workbook["Phụ lục I"].iter_rows(values_only=True))[2:]
    assert len(rows) > 1
    annex_text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(total.annex_pdf.path).pages)
    assert f"bản PDF liệt kê 1 doanh nghiệp đầu theo tên, tệp XLSX kèm theo liệt kê đủ {len(rows)} doanh nghiệp" in (
        annex_text
    )
    assert rows[0][2] in annex_text and rows[1][2] not in annex_text
    body = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(total.file.path).pages)
    assert "bản PDF liệt kê tối đa 1 dòng đầu của mỗi phụ lục, tệp XLSX liệt kê đầy đủ" in body


def test_a_task_update_note_is_never_cut_mid_word(hcm):
    # The seeded HCMC notes name their source in full; a report cut them at 300 characters, mid-word.
    text = _text(_data(hcm, kind=Report.Kind.MIDTERM, end=D(2023, 12, 31)))
    assert "cho các doanh nghiệp cao su - nhựa" in text
    assert "ca…" not in text
