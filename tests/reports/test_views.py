"""Report pages: who may do what, the htmx poll, downloads, and query counts of the lists."""

import pytest
from django.urls import reverse

from reports.models import Report
from reports.services import report_render, report_request
from tests.reports.conftest import build_program

pytestmark = pytest.mark.django_db

READERS = ["staff_hcm", "staff_hanoi", "official", "admin"]
OUTSIDERS = ["enterprise_a_user", "enterprise_b_user"]


@pytest.fixture
def done_report(report_program, cast):
    report, _ = report_request(user=cast.official, kind=Report.Kind.MIDTERM, program=report_program, enqueue=False)
    report_render(report_id=report.id)
    report.refresh_from_db()
    return report


@pytest.mark.parametrize(("role", "expected"), [*((r, 200) for r in READERS), *((r, 403) for r in OUTSIDERS)])
def test_index_and_archive_by_role(client, login, cast, report_program, role, expected):
    login(getattr(cast, role))
    assert client.get(reverse("reports:index")).status_code == expected
    assert client.get(reverse("reports:archive", args=[report_program.slug])).status_code == expected


def test_anonymous_is_sent_to_login(client, done_report):
    for url in (reverse("reports:index"), reverse("reports:download", args=[done_report.public_id])):
        response = client.get(url)
        assert response.status_code == 302 and "dang-nhap" in response["Location"]


@pytest.mark.parametrize(("role", "expected"), [*((r, 200) for r in READERS), *((r, 404) for r in OUTSIDERS)])
def test_download_of_a_private_report(client, login, cast, done_report, role, expected):
    login(getattr(cast, role))
    response = client.get(reverse("reports:download", args=[done_report.public_id]))
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_enterprises_download_only_public_reports(client, login, cast, done_report):
    Report.objects.filter(pk=done_report.pk).update(is_public=True)
    login(cast.enterprise_a_user)
    assert client.get(reverse("reports:download", args=[done_report.public_id])).status_code == 200
    assert client.get(reverse("reports:status", args=[done_report.public_id])).status_code == 200
    assert client.post(reverse("reports:retry", args=[done_report.public_id])).status_code == 403


def test_request_creates_the_job_and_redirects_to_its_page(client, login, cast, report_program):
    login(cast.official)
    response = client.post(reverse("reports:request"), {"kind": "midterm", "program": report_program.slug})
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:status", args=[report.public_id])
    assert report.requested_by == cast.official


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "progress", "program": "x"}, "Chương trình không tồn tại."),
        ({"kind": "progress", "program": "SLUG", "period": "2024-13"}, "không hợp lệ"),
        ({"kind": "progress", "program": "SLUG"}, "Báo cáo tiến độ cần có kỳ báo cáo."),
        ({"kind": "midterm"}, "Hãy chọn chương trình"),
        ({"kind": "yearly", "program": "SLUG"}, "Hãy chọn một lựa chọn hợp lệ"),
    ],
)
def test_bad_requests_explain_and_change_nothing(client, login, cast, report_program, data, message):
    login(cast.official)
    data = {k: (report_program.slug if v == "SLUG" else v) for k, v in data.items()}
    response = client.post(reverse("reports:request"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Report.objects.exists()


def test_status_polls_until_done_then_links_the_file(client, login, cast, report_program):
    login(cast.official)
    report, _ = report_request(user=cast.official, kind=Report.Kind.MIDTERM, program=report_program, enqueue=False)
    url = reverse("reports:status", args=[report.public_id])
    pending = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in pending and "<progress" in pending and "<html" not in pending
    report_render(report_id=report.id)
    done = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in done
    assert reverse("reports:download", args=[report.public_id]) in done


def test_failed_report_shows_its_error_and_retries(
    client, login, cast, report_program, django_capture_on_commit_callbacks
):
    login(cast.staff_hcm)
    report, _ = report_request(user=cast.official, kind=Report.Kind.MIDTERM, program=report_program, enqueue=False)
    Report.objects.filter(pk=report.pk).update(status=Report.Status.FAILED, error="Quá thời gian cho phép")
    page = client.get(reverse("reports:status", args=[report.public_id])).content.decode()
    assert "Quá thời gian cho phép" in page and reverse("reports:retry", args=[report.public_id]) in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:retry", args=[report.public_id]))
    report.refresh_from_db()
    assert report.status == Report.Status.DONE  # eager Celery in view tests


def test_unknown_report_is_404(client, login, cast):
    login(cast.official)
    assert client.get("/bao-cao/00000000-0000-0000-0000-000000000000/").status_code == 404
    assert client.get(reverse("reports:archive", args=["khong-co"])).status_code == 404


@pytest.mark.parametrize("size", [1, 6])
def test_list_pages_query_counts_do_not_grow(client, login, cast, hcm, size, django_assert_max_num_queries):
    programs = [build_program(hcm, size=1) for _ in range(size)]
    for program in programs:
        for _ in range(size):
            Report.objects.create(program=program, kind=Report.Kind.MIDTERM, requested_by=cast.official)
        Report.objects.create(program=None, kind=Report.Kind.SUMMARY, requested_by=cast.official)
    login(cast.official)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("reports:index")).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("reports:archive", args=[programs[0].slug])).status_code == 200


def test_annexes_are_linked_and_downloaded_by_those_who_read_the_report(client, login, cast, done_report):
    assert done_report.annex_pdf and done_report.annex_xlsx
    login(cast.official)
    page = client.get(reverse("reports:status", args=[done_report.public_id])).content.decode()
    pdf_url = reverse("reports:download_annex", args=[done_report.public_id, "pdf"])
    xlsx_url = reverse("reports:download_annex", args=[done_report.public_id, "xlsx"])
    assert pdf_url in page and xlsx_url in page
    response = client.get(pdf_url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    response = client.get(xlsx_url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"PK")
    assert client.get(reverse("reports:download_annex", args=[done_report.public_id, "docx"])).status_code == 404
    login(cast.enterprise_a_user)
    assert client.get(pdf_url).status_code == 404


def test_summary_request_needs_a_city_and_demo_data_is_a_choice(client, login, cast, report_program):
    login(cast.official)
    response = client.post(reverse("reports:request"), {"kind": "summary"})
    assert response.status_code == 400
    assert "Hãy chọn thành phố" in response.content.decode()
    assert not Report.objects.exists()
    assert "Gồm dữ liệu minh họa (bản xem thử, không ban hành được)" in response.content.decode()
    response = client.post(reverse("reports:request"), {"kind": "summary", "city": report_program.city.code})
    assert response.status_code == 302
    summary = Report.objects.get()
    assert (summary.city, summary.include_demo) == (report_program.city, False)
    client.post(reverse("reports:request"), {"kind": "midterm", "program": report_program.slug, "include_demo": "on"})
    assert Report.objects.get(program=report_program).include_demo is True


def test_the_index_offers_a_midterm_report_only_for_programmes_of_several_years(client, login, cast, seeded):
    login(cast.staff_hanoi)
    page = client.get(reverse("reports:index")).content.decode()
    assert 'data-testid="midterm-tphcm-cao-su-nhua-2020-2030"' in page
    for one_year in ("ha-noi-cnht-2021", "ha-noi-267-kh-ubnd-2022"):
        assert f'data-testid="midterm-{one_year}"' not in page
    assert page.count("Kế hoạch một năm: lập báo cáo tiến độ theo kỳ bên dưới.") == 2


def test_only_those_who_may_issue_are_offered_to_draft_and_never_for_demo_data(client, login, cast, done_report):
    status = reverse("reports:status", args=[done_report.public_id])
    for role, offered in (("staff_hcm", True), ("admin", True), ("staff_hanoi", False), ("official", False)):
        login(getattr(cast, role))
        assert ('data-testid="document-open"' in client.get(status).content.decode()) is offered, role
    Report.objects.filter(pk=done_report.pk).update(include_demo=True)
    login(cast.staff_hcm)
    page = client.get(status).content.decode()
    assert 'data-testid="document-open"' not in page
    assert "Báo cáo có dữ liệu minh họa, không ban hành được." in page


def test_the_download_is_named_after_the_local_day_the_document_bears(client, login, cast, done_report):
    # 20:30 UTC on 1 December is 2 December in Việt Nam (UTC+7), the day the PDF's date line gives.
    import datetime

    Report.objects.filter(pk=done_report.pk).update(
        finished_at=datetime.datetime(2026, 12, 1, 20, 30, tzinfo=datetime.UTC)
    )
    login(cast.official)
    response = client.get(reverse("reports:download", args=[done_report.public_id]))
    assert "2026-12-02.pdf" in response["Content-Disposition"]
