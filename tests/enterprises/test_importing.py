"""The XLSX import: all rows checked first, nothing saved if one fails, update by tax code, error report."""

import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from enterprises import importing
from enterprises.models import Award, Certification, Enterprise, EnterpriseImport
from enterprises.services import enterprise_import
from tests.enterprises.conftest import hcm_tax_code

HEADER = [column.title for column in importing.COLUMNS]


def row(tax_code, name="Công ty TNHH Nhựa Tân Phú", **overrides):
    values = {
        "Mã số thuế": tax_code,
        "Tên doanh nghiệp": name,
        "Tên tiếng Anh": "",
        "Địa chỉ": "12 Lũy Bán Bích",
        "Tỉnh/Thành phố": "TP Hồ Chí Minh",
        "Quận/Huyện": "Quận Tân Phú",
        "Loại hình sở hữu": "Tư nhân trong nước",
        "Ngành chính": "Cao su - nhựa",
        "Số lao động": 80,
        "Doanh thu (tỷ đồng)": 40,
        "Tổng nguồn vốn (tỷ đồng)": 15.5,
        "Chứng nhận": "",
        "Giải thưởng": "",
        **overrides,
    }
    return [values[title] for title in HEADER]


def xlsx(rows, header=HEADER, name="danh-sach.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for line in rows:
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=importing.__name__)


def test_a_valid_file_creates_enterprises_with_derived_fields(cast):
    file = xlsx(
        [
            row(hcm_tax_code(1), "Công ty TNHH Nhựa Tân Phú", **{"Chứng nhận": "ISO 9001:2015; IATF 16949"}),
            row(
                hcm_tax_code(2),
                "Công ty CP Cao Su Bến Thành",
                **{"Giải thưởng": "Thương hiệu Vàng (2022); Sao Vàng đất Việt 2021"},
            ),
        ]
    )
    result = enterprise_import(actor=cast.staff_hcm, file=file)
    assert result.ok, result.errors
    assert (result.record.created_count, result.record.updated_count) == (2, 0)
    tan_phu = Enterprise.objects.get(tax_code=hcm_tax_code(1))
    assert tan_phu.sme_size == "small"
    assert "nhua tan phu" in tan_phu.search_text
    assert tan_phu.history.first().history_user == cast.staff_hcm
    assert sorted(Certification.objects.filter(enterprise=tan_phu).values_list("standard", flat=True)) == [
        "iatf16949",
        "iso9001",
    ]
    awards = Award.objects.filter(enterprise__tax_code=hcm_tax_code(2)).order_by("year")
    assert [(a.name, a.year) for a in awards] == [("Sao Vàng đất Việt", 2021), ("Thương hiệu Vàng", 2022)]


def test_one_bad_row_saves_nothing_and_is_reported(cast):
    before = Enterprise.objects.count()
    file = xlsx([row(hcm_tax_code(1)), row("0300588568"), row(hcm_tax_code(3))])
    result = enterprise_import(actor=cast.staff_hcm, file=file)
    assert not result.ok
    assert Enterprise.objects.count() == before
    assert [(e.row, e.column, e.value) for e in result.errors] == [(3, "Mã số thuế", "0300588568")]
    assert "chữ số kiểm tra" in result.errors[0].message
    assert result.record.status == EnterpriseImport.Status.FAILED


@pytest.mark.parametrize(
    ("overrides", "column", "message"),
    [
        ({"Tên doanh nghiệp": ""}, "Tên doanh nghiệp", "Thiếu tên"),
        ({"Ngành chính": "Khai khoáng"}, "Ngành chính", "không có trong danh mục"),
        ({"Loại hình sở hữu": "Hợp tác xã"}, "Loại hình sở hữu", "không hợp lệ"),
        ({"Số lao động": -5}, "Số lao động", "không được âm"),
        ({"Số lao động": "mười"}, "Số lao động", "số nguyên"),
        ({"Doanh thu (tỷ đồng)": -1}, "Doanh thu (tỷ đồng)", "không được âm"),
        ({"Giải thưởng": "Thương hiệu Vàng"}, "Giải thưởng", "ghi kèm năm"),
        ({"Tỉnh/Thành phố": ""}, "Tỉnh/Thành phố", "Doanh nghiệp mới"),
    ],
)
def test_each_kind_of_bad_cell_is_reported(cast, overrides, column, message):
    result = enterprise_import(actor=cast.staff_hcm, file=xlsx([row(hcm_tax_code(1), **overrides)]))
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(2, column)]
    assert message in result.errors[0].message
    assert not Enterprise.objects.filter(tax_code=hcm_tax_code(1)).exists()


def test_duplicate_tax_code_within_the_file_is_reported(cast):
    result = enterprise_import(actor=cast.staff_hcm, file=xlsx([row(hcm_tax_code(1)), row(hcm_tax_code(1), "Bản sao")]))
    assert [(e.row, e.column) for e in result.errors] == [(3, "Mã số thuế")]
    assert "trùng với dòng 2" in result.errors[0].message


def test_existing_enterprises_are_updated_not_duplicated(cast):
    enterprise_a = cast.enterprise_a
    Certification.objects.create(enterprise=enterprise_a, standard="iso9001")
    file = xlsx(
        [
            # Empty cells keep what is registered; given cells replace it.
            row(
                enterprise_a.tax_code,
                "Công ty TNHH Nhựa Đồng Tiến",
                **{
                    "Địa chỉ": "",
                    "Số lao động": 250,
                    "Doanh thu (tỷ đồng)": "1.234,5",
                    "Chứng nhận": "ISO 9001; ISO 14001",
                },
            ),
            row(hcm_tax_code(5), "Công ty Mới"),
        ]
    )
    count = Enterprise.objects.count()
    result = enterprise_import(actor=cast.staff_hcm, file=file)
    assert result.ok, result.errors
    assert (result.record.created_count, result.record.updated_count) == (1, 1)
    assert Enterprise.objects.count() == count + 1
    enterprise_a.refresh_from_db()
    assert enterprise_a.employees == 250
    assert str(enterprise_a.revenue) == "1234.50"
    assert enterprise_a.sme_size == "large"
    assert enterprise_a.contact_email  # not in the file: untouched
    assert enterprise_a.staff_notes == "Ghi chú nội bộ — không công khai"
    standards = sorted(enterprise_a.certifications.values_list("standard", flat=True))
    assert standards == ["iso14001", "iso9001"]  # ISO 9001 not duplicated
    assert enterprise_a.history.first().history_user == cast.staff_hcm


def test_headers_match_without_accents_or_case_and_in_any_order(cast):
    header = ["TEN DOANH NGHIEP", "ma so thue", "tinh/thanh pho", "NGANH CHINH", "loai hinh so huu"]
    file = xlsx([["Công ty Cơ khí Gò Vấp", hcm_tax_code(7), "TPHCM", "co khi - tu dong hoa", "FDI"]], header=header)
    result = enterprise_import(actor=cast.staff_hcm, file=file)
    assert result.ok, result.errors
    enterprise = Enterprise.objects.get(tax_code=hcm_tax_code(7))
    assert (enterprise.province, enterprise.sector, enterprise.ownership) == ("TP Hồ Chí Minh", "mechanical", "fdi")


def test_missing_required_header_is_reported(cast):
    result = enterprise_import(actor=cast.staff_hcm, file=xlsx([["Công ty A"]], header=["Tên doanh nghiệp"]))
    assert not result.ok
    assert "Mã số thuế" in result.errors[0].message


def test_a_file_that_is_not_xlsx_is_refused(cast):
    file = SimpleUploadedFile("danh-sach.xlsx", b"Ma so thue,Ten\n0100233488,A\n", content_type="text/csv")
    result = enterprise_import(actor=cast.staff_hcm, file=file)
    assert not result.ok
    assert "không phải là bảng tính Excel" in result.errors[0].message


def test_too_large_file_and_too_many_rows_are_refused(cast, settings):
    settings.UPLOAD_MAX_BYTES = 100
    result = enterprise_import(actor=cast.staff_hcm, file=xlsx([row(hcm_tax_code(1))]))
    assert "quá lớn" in result.errors[0].message
    settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
    parsed = importing.parse_enterprise_file(xlsx([row(hcm_tax_code(n)) for n in range(4)]), max_rows=3)
    assert "hơn 3 dòng" in parsed.errors[-1].message


def test_staff_cannot_import_enterprises_of_another_city(cast):
    result = enterprise_import(actor=cast.staff_hanoi, file=xlsx([row(hcm_tax_code(1))]))
    assert not result.ok
    assert "không thuộc thành phố bạn phụ trách" in result.errors[0].message
    assert not Enterprise.objects.filter(tax_code=hcm_tax_code(1)).exists()


def test_a_thousand_generated_rows_import_in_one_go(cast):
    rows = [row(hcm_tax_code(n), f"Công ty TNHH Sản xuất số {n}", **{"Chứng nhận": "ISO 9001"}) for n in range(1000)]
    file = xlsx(rows)
    started = time.perf_counter()
    result = enterprise_import(actor=cast.staff_hcm, file=file)
    elapsed = time.perf_counter() - started
    assert result.ok, result.errors[:3]
    assert result.record.created_count == 1000
    assert Enterprise.objects.filter(search_text__contains="cong ty tnhh san xuat so").count() == 1000
    assert Certification.objects.filter(standard="iso9001").count() == 1000
    assert elapsed < 10, f"{elapsed:.1f}s for 1,000 rows"


# --- Pages -------------------------------------------------------------------------------------------


def test_upload_page_shows_errors_and_the_report_lists_each_row(cast, login):
    client = login(cast.staff_hcm)
    file = xlsx([row(hcm_tax_code(1)), row("12345"), row(hcm_tax_code(2), **{"Số lao động": -1})])
    response = client.post(reverse("enterprises:import_upload"), {"file": file})
    assert response.status_code == 200
    html = response.content.decode()
    assert "chưa lưu dòng nào" in html
    assert Enterprise.objects.count() == 2
    record = EnterpriseImport.objects.get()
    report = client.get(reverse("enterprises:import_report", kwargs={"public_id": record.public_id}))
    assert report["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(report.content)).active
    lines = list(sheet.iter_rows(values_only=True))
    assert lines[0] == ("Dòng", "Cột", "Giá trị", "Lỗi")
    assert [(line[0], line[1], line[2]) for line in lines[1:]] == [(3, "Mã số thuế", "12345"), (4, "Số lao động", "-1")]


def test_error_report_belongs_to_its_uploader(cast, login):
    result = enterprise_import(actor=cast.staff_hcm, file=xlsx([row("12345")]))
    url = reverse("enterprises:import_report", kwargs={"public_id": result.record.public_id})
    assert login(cast.staff_hanoi).get(url).status_code == 404
    assert login(cast.enterprise_a_user).get(url).status_code == 403
    assert login(cast.admin).get(url).status_code == 200


def test_successful_upload_redirects_with_a_summary(cast, login):
    client = login(cast.staff_hcm)
    response = client.post(reverse("enterprises:import_upload"), {"file": xlsx([row(hcm_tax_code(1))])}, follow=True)
    assert "thêm mới 1, cập nhật 0 doanh nghiệp" in response.content.decode()


def test_template_download_has_every_column_and_imports_cleanly_when_empty_of_rows(cast, login):
    response = login(cast.staff_hcm).get(reverse("enterprises:import_template"))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert next(sheet.iter_rows(values_only=True)) == tuple(HEADER)
    parsed = importing.parse_enterprise_file(io.BytesIO(response.content))
    assert parsed.errors == [] and parsed.rows == []
