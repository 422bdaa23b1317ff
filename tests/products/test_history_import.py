"""Past decision lists loaded from XLSX: all rows or none, row errors in Vietnamese, past rounds on the programme's
page, first-time versus renewal across the imported years."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from products import history
from products.models import Product, Recognition, RecognitionImport, RecognitionRound, RoundEvent
from products.selectors import program_rounds
from programs.models import IssuingBody
from tests.factories import (
    EnterpriseFactory,
    ProductFactory,
    ProgramFactory,
    RecognitionFactory,
    RecognitionRoundFactory,
)

HEADER = [column.title for column in history.COLUMNS]
TODAY = datetime.date(2024, 6, 1)


def xlsx(rows, header=HEADER, name="danh-sach.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(
        name, buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def row(enterprise, product="Ống nhựa HDPE", *, year=2021, number="5012/QĐ-UBND", date="15/12/2021", kind="chủ lực",
        certificate="GCN-2021-001", sector="", valid_from="", valid_until=""):  # fmt: skip
    return [year, number, date, product, sector, enterprise.tax_code, enterprise.name, kind, certificate,
            valid_from, valid_until]  # fmt: skip


@pytest.fixture
def hanoi_program(hanoi):
    IssuingBody.objects.create(
        city=hanoi,
        kind=IssuingBody.Kind.COMMITTEE,
        code="ubnd-hanoi",
        name="Ủy ban nhân dân Thành phố Hà Nội",
        header_name="ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        place_name="Hà Nội",
        abbreviation="UBND",
    )
    return ProgramFactory(city=hanoi, slug="ha-noi-chu-luc", recognition_valid_years=3)


@pytest.fixture
def makers(cast):
    return [EnterpriseFactory(name=f"Công ty CP Cơ khí Hà Nội {n}", province="Hà Nội") for n in range(3)]


def run(actor, program, rows, **kwargs):
    return history.recognition_list_import(actor=actor, program=program, file=xlsx(rows, **kwargs), today=TODAY)


def test_a_list_creates_historical_rounds_products_and_recognitions(cast, hanoi_program, makers):
    rows = [
        row(makers[0], "Máy biến áp", certificate="2021-01"),
        row(makers[1], "Dây cáp điện", certificate="2021-02", kind="tiềm năng", sector="Điện - điện tử"),
        row(makers[0], "Máy biến áp", year=2022, number="6021/QĐ-UBND", date="20/12/2022", certificate="2022-01"),
    ]
    result = run(cast.staff_hanoi, hanoi_program, rows)
    assert result.ok, result.errors
    assert (result.rounds_created, result.products_created) == (2, 2)
    rounds = RecognitionRound.objects.filter(program=hanoi_program).order_by("year")
    assert [(r.year, r.is_historical, r.status, r.decision_number) for r in rounds] == [
        (2021, True, "closed", "5012/QĐ-UBND"),
        (2022, True, "closed", "6021/QĐ-UBND"),
    ]
    assert rounds[0].decision_body.kind == IssuingBody.Kind.COMMITTEE
    assert rounds[0].decision_date == datetime.date(2021, 12, 15)
    cable = Recognition.objects.get(certificate_number="2021-02")
    assert cable.kind == Recognition.Kind.POTENTIAL and cable.product_sector == "electronics"
    assert cable.decision_body_name == "Ủy ban nhân dân Thành phố Hà Nội"
    # Valid from the decision's date for the programme's three years.
    assert (cable.valid_from, cable.valid_until) == (datetime.date(2021, 12, 15), datetime.date(2024, 12, 15))
    assert cable.enterprise_name == makers[1].name
    record = RecognitionImport.objects.get()
    assert (record.program, record.row_count, record.created_by) == (hanoi_program, 3, cast.staff_hanoi)
    assert RoundEvent.objects.filter(kind=RoundEvent.Kind.IMPORTED).count() == 2


def test_first_time_then_renewal_across_imported_years(cast, hanoi_program, makers):
    rows = [
        # Out of order on purpose: the later year comes first in the file.
        row(makers[0], "Máy biến áp", year=2022, number="6021/QĐ-UBND", date="20/12/2022", certificate="2022-01"),
        row(makers[0], "MÁY BIẾN ÁP", certificate="2021-01"),
        row(makers[1], "Dây cáp điện", year=2022, number="6021/QĐ-UBND", date="20/12/2022", certificate="2022-02"),
    ]
    assert run(cast.staff_hanoi, hanoi_program, rows).ok
    first_times = dict(Recognition.objects.values_list("certificate_number", "is_first_time"))
    assert first_times == {"2021-01": True, "2022-01": False, "2022-02": True}
    # One product, matched by enterprise and name whatever the case.
    assert Product.objects.filter(enterprise=makers[0]).count() == 1


def test_an_earlier_year_imported_later_makes_the_recorded_one_a_renewal(cast, hanoi_program, makers):
    product = ProductFactory(enterprise=makers[0], name="Máy biến áp")
    later = RecognitionFactory(
        product=product, round=RecognitionRoundFactory(program=hanoi_program, year=2023), is_first_time=True
    )
    assert run(cast.staff_hanoi, hanoi_program, [row(makers[0], "Máy biến áp", certificate="2021-01")]).ok
    later.refresh_from_db()
    assert later.is_first_time is False
    assert Recognition.objects.get(certificate_number="2021-01").is_first_time is True
    assert Recognition.objects.get(certificate_number="2021-01").product == product


def test_an_existing_round_of_the_year_is_used(cast, hanoi_program, makers):
    existing = RecognitionRoundFactory(program=hanoi_program, year=2021, status="closed")
    result = run(cast.staff_hanoi, hanoi_program, [row(makers[0])])
    assert result.ok and result.rounds_created == 0
    assert Recognition.objects.get().round == existing


def test_row_errors_in_vietnamese_and_nothing_written(cast, hanoi_program, makers):
    RecognitionFactory(certificate_number="DA-CO")
    stranger = "0100233488"  # a valid MST nobody registered
    rows = [
        row(makers[0], certificate="2021-01"),
        ["năm ngoái", "", "31/02/2021", "", "", "123", "", "khác", ""],
        row(makers[1], certificate="2021-01"),
        row(makers[2], certificate="DA-CO"),
        [2021, "5012/QĐ-UBND", "15/12/2021", "Bơm", "", stranger, "Công ty lạ", "chủ lực", "2021-09"],
        row(makers[2], "Van", certificate="2021-10", number="khác/QĐ-UBND"),
        row(makers[2], "Quạt", certificate="2021-11", date="15/12/2030"),
    ]
    before = (RecognitionRound.objects.count(), Product.objects.count(), Recognition.objects.count())
    result = run(cast.staff_hanoi, hanoi_program, rows)
    assert not result.ok
    errors = {(e.row, e.column): e.message for e in result.errors}
    assert errors[(3, "Năm")] == "Năm phải là một số có 4 chữ số, ví dụ 2021."
    assert errors[(3, "Số quyết định")] == "Thiếu Số quyết định."
    assert errors[(3, "Ngày quyết định")].startswith("Ngày không hợp lệ")
    assert errors[(3, "Mã số thuế")].startswith("Mã số thuế phải có 10 chữ số")
    assert errors[(3, "Loại")] == "Loại phải là “chủ lực” hoặc “tiềm năng”."
    assert errors[(4, "Số giấy chứng nhận")] == "Số giấy chứng nhận trùng với dòng 2 của tệp."
    assert errors[(5, "Số giấy chứng nhận")] == "Số giấy chứng nhận này đã có trong hệ thống."
    assert errors[(6, "Mã số thuế")].startswith("Chưa có doanh nghiệp với mã số thuế này")
    assert errors[(7, "Số quyết định")].startswith("Các dòng cùng năm 2021 phải cùng số và ngày quyết định")
    assert errors[(8, "Ngày quyết định")] == "Ngày quyết định không được ở tương lai."
    assert [e.row for e in result.errors] == sorted(e.row for e in result.errors)
    after = (RecognitionRound.objects.count(), Product.objects.count(), Recognition.objects.count())
    assert after == before and not RecognitionImport.objects.exists()


def test_registry_errors_only_after_the_rows_pass_leave_nothing_behind(cast, hanoi_program, makers):
    # The first row alone would create a round and a product; the second fails against the registry.
    RecognitionFactory(certificate_number="DA-CO")
    rows = [row(makers[0], certificate="2021-01"), row(makers[1], "Dây cáp", certificate="DA-CO")]
    result = run(cast.staff_hanoi, hanoi_program, rows)
    assert not result.ok
    assert not RecognitionRound.objects.filter(program=hanoi_program).exists()
    assert not Product.objects.filter(enterprise__in=makers).exists()


def test_without_a_validity_rule_the_end_date_is_required(cast, hanoi_program, makers):
    hanoi_program.recognition_valid_years = None
    hanoi_program.save()
    result = run(cast.staff_hanoi, hanoi_program, [row(makers[0])])
    assert [(e.row, e.column) for e in result.errors] == [(2, "Hiệu lực đến")]
    ok = run(cast.staff_hanoi, hanoi_program, [row(makers[0], valid_from="01/01/2022", valid_until="31/12/2023")])
    assert ok.ok
    recognition = Recognition.objects.get()
    assert (recognition.valid_from, recognition.valid_until) == (datetime.date(2022, 1, 1), datetime.date(2023, 12, 31))


def test_a_product_recognised_twice_in_one_year_is_refused(cast, hanoi_program, makers):
    assert run(cast.staff_hanoi, hanoi_program, [row(makers[0], certificate="2021-01")]).ok
    again = run(cast.staff_hanoi, hanoi_program, [row(makers[0], certificate="2021-99")])
    assert [e.message for e in again.errors] == ["Sản phẩm này đã được công nhận trong đợt năm 2021."]


def test_missing_columns_and_a_file_that_is_not_xlsx(cast, hanoi_program, makers):
    result = run(cast.staff_hanoi, hanoi_program, [[2021]], header=["Năm", "Tên sản phẩm"])
    assert result.errors[0].message.startswith("Thiếu cột bắt buộc: Số quyết định, Ngày quyết định")
    fake = SimpleUploadedFile("danh-sach.xlsx", b"<html>not a sheet</html>")
    result = history.recognition_list_import(actor=cast.staff_hanoi, program=hanoi_program, file=fake, today=TODAY)
    assert not result.ok and result.errors[0].row is None


def test_rows_are_bounded(cast, hanoi_program, makers, monkeypatch):
    monkeypatch.setattr(history, "MAX_ROWS", 2)
    rows = [row(makers[0], f"Sản phẩm {n}", certificate=f"C-{n}") for n in range(3)]
    result = run(cast.staff_hanoi, hanoi_program, rows)
    assert result.errors[-1].message == "Tệp có hơn 2 dòng dữ liệu; hãy chia thành nhiều tệp."


def test_only_staff_of_the_programmes_city(cast, hanoi_program, makers):
    with pytest.raises(PermissionDenied):
        run(cast.staff_hcm, hanoi_program, [row(makers[0])])
    with pytest.raises(PermissionDenied):
        run(cast.official, hanoi_program, [row(makers[0])])
    assert run(cast.admin, hanoi_program, [row(makers[0])]).ok


def test_imported_rounds_show_on_the_programmes_page(cast, hanoi_program, makers, client):
    hanoi_program.status = "active"
    hanoi_program.save()
    rows = [row(makers[n], f"Sản phẩm {n}", certificate=f"2021-{n}") for n in range(3)]
    assert run(cast.staff_hanoi, hanoi_program, rows).ok
    [past] = program_rounds(hanoi_program)
    assert (past.year, past.recognition_count, past.result) == (2021, 3, "recognised")
    page = client.get(reverse("programs:public_detail", kwargs={"slug": hanoi_program.slug}))
    assert page.status_code == 200
    assert "Sản phẩm 2" in page.content.decode()


def test_the_staff_page_shows_row_errors_and_imports(cast, hanoi_program, makers, login):
    client = login(cast.staff_hanoi)
    url = reverse("products:recognition_import")
    page = client.get(url)
    assert page.status_code == 200
    assert list(page.context["form"].fields["program"].queryset) == [hanoi_program]
    bad = client.post(url, {"program": hanoi_program.pk, "file": xlsx([row(makers[0], date="xx")])})
    assert bad.status_code == 200
    assert "Ngày không hợp lệ" in bad.content.decode() and "chưa lưu dòng nào" in bad.content.decode()
    good = client.post(url, {"program": hanoi_program.pk, "file": xlsx([row(makers[0])])})
    assert good.status_code == 302
    page = client.get(url)
    assert "danh-sach.xlsx" in page.content.decode()
    # Another city's programme is not offered, and cannot be posted.
    other = ProgramFactory(city=cast.staff_hcm.city)
    refused = client.post(url, {"program": other.pk, "file": xlsx([row(makers[1])])})
    assert refused.status_code == 200 and "program" in refused.context["form"].errors


def test_the_template_downloads_and_reads_back(cast, login):
    response = login(cast.staff_hcm).get(reverse("products:recognition_import_template"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADER


@pytest.mark.parametrize("user", ["anonymous", "official", "enterprise_a_user"])
def test_the_staff_page_is_for_staff(cast, client, login, user):
    if user != "anonymous":
        login(getattr(cast, user))
    response = client.get(reverse("products:recognition_import"))
    assert response.status_code == (302 if user == "anonymous" else 403)


@pytest.mark.parametrize("size", [2, 6])
def test_the_staff_page_query_count_does_not_grow(cast, hanoi_program, makers, login, django_assert_num_queries, size):
    for n in range(size):
        RecognitionImport.objects.create(created_by=cast.staff_hanoi, program=hanoi_program, original_name=f"{n}.xlsx")
    client = login(cast.staff_hanoi)
    with django_assert_num_queries(3):
        client.get(reverse("products:recognition_import"))
