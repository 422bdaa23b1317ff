"""A dossier's figures for the three years before its round, its certifications, what it still lacks item by
item, and the limits of each document type on upload (products/dossier.py, services.document_add)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from enterprises.models import Certification
from products import dossier, services
from products.models import Application, ApplicationDocument, ApplicationFigure
from tests.products.conftest import PDF_BYTES
from tests.products.factories import fill_figures

S = Application.Status
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _row(**values):
    row = {
        "output_quantity": Decimal(1000),
        "output_unit": "tấn",
        "revenue": Decimal(50000),
        "export_value": Decimal(0),
        "workers": 125,
        "labour_productivity": None,
    }
    row.update(values)
    return row


def test_the_years_are_the_three_before_the_round(round_setup):
    assert dossier.figure_years(round_setup.round) == [2021, 2022, 2023]


def test_figures_are_saved_and_productivity_is_computed(cast, make_application):
    application = make_application(S.DRAFT)
    dossier.figures_save(
        actor=cast.enterprise_a_user,
        application=application,
        rows={2021: _row(), 2022: _row(revenue=Decimal(60000)), 2023: _row(revenue=Decimal(70000), workers=140)},
    )
    figures = dossier.figures_by_year(application)
    assert sorted(figures) == [2021, 2022, 2023]
    assert figures[2021].labour_productivity == Decimal("400.00")
    assert figures[2023].labour_productivity == Decimal("500.00")
    assert figures[2021].export_value == 0


def test_a_given_productivity_must_agree_with_revenue_per_worker(cast, make_application):
    application = make_application(S.DRAFT)
    # 50.000 / 125 = 400: within 1 % is taken (and the computed value stored), further off is refused.
    dossier.figures_save(
        actor=cast.enterprise_a_user, application=application, rows={2021: _row(labour_productivity=Decimal(401))}
    )
    assert application.figures.get(year=2021).labour_productivity == Decimal("400.00")
    with pytest.raises(ValidationError) as error:
        dossier.figures_save(
            actor=cast.enterprise_a_user, application=application, rows={2022: _row(labour_productivity=Decimal(900))}
        )
    assert "năng suất lao động phải bằng doanh thu chia số lao động (400" in " ".join(error.value.messages)
    assert not application.figures.filter(year=2022).exists()


BAD_ROWS = [
    ("negative revenue", {"revenue": Decimal(-1)}, "revenue_2022"),
    ("revenue beyond its digits", {"revenue": Decimal("1" * 15)}, "revenue_2022"),
    ("too many decimals", {"export_value": Decimal("1.234")}, "export_value_2022"),
    ("quantity without unit", {"output_unit": ""}, "output_unit_2022"),
    ("unit too long", {"output_unit": "x" * 31}, "output_unit_2022"),
    ("no workers", {"workers": 0}, "workers_2022"),
    ("too many workers", {"workers": 1_000_001}, "workers_2022"),
    ("not a number", {"revenue": "nhiều"}, "revenue_2022"),
]


@pytest.mark.parametrize(("case", "values", "key"), BAD_ROWS, ids=[c[0] for c in BAD_ROWS])
def test_a_bad_figure_saves_nothing_of_any_year(cast, make_application, case, values, key):
    application = make_application(S.DRAFT)
    with pytest.raises(ValidationError) as error:
        dossier.figures_save(
            actor=cast.enterprise_a_user, application=application, rows={2021: _row(), 2022: _row(**values)}
        )
    assert key in error.value.message_dict
    assert "2022" in " ".join(error.value.message_dict[key])
    assert not ApplicationFigure.objects.exists()


def test_only_the_rounds_three_years_are_taken(cast, make_application):
    application = make_application(S.DRAFT)
    with pytest.raises(ValidationError, match="không nhận năm 2024"):
        dossier.figures_save(actor=cast.enterprise_a_user, application=application, rows={2024: _row()})
    with pytest.raises(ValidationError):
        dossier.figures_save(
            actor=cast.enterprise_a_user, application=application, rows={y: _row() for y in range(2018, 2024)}
        )
    assert not ApplicationFigure.objects.exists()


def test_figures_are_changed_only_while_the_enterprise_may_edit(cast, make_application):
    submitted = make_application(S.SUBMITTED)
    with pytest.raises(ValidationError, match="không thể sửa"):
        dossier.figures_save(actor=cast.enterprise_a_user, application=submitted, rows={2021: _row()})
    with pytest.raises(PermissionDenied):
        dossier.figures_save(actor=cast.enterprise_b_user, application=submitted, rows={2021: _row()})
    assert not ApplicationFigure.objects.exists()


def test_a_dossier_claims_only_its_enterprises_certifications(cast, make_application):
    application = make_application(S.DRAFT)
    own = Certification.objects.create(enterprise=cast.enterprise_a, standard="iso9001")
    expired = Certification.objects.create(
        enterprise=cast.enterprise_a, standard="iso14001", valid_until=datetime.date(2020, 1, 1)
    )
    others = Certification.objects.create(enterprise=cast.enterprise_b, standard="iso45001")

    with pytest.raises(ValidationError, match="chính doanh nghiệp"):
        dossier.application_certifications_set(
            actor=cast.enterprise_a_user, application=application, certifications=[own.id, others.id]
        )
    assert not application.certifications.exists()

    dossier.application_certifications_set(
        actor=cast.enterprise_a_user, application=application, certifications=[own.id, expired.id]
    )
    assert set(application.certifications.all()) == {own, expired}
    flags = {c.id: c.expired for c in dossier.certification_choices(application, datetime.date.today())}
    assert flags == {own.id: False, expired.id: True}


def test_what_is_missing_item_by_item(make_application, round_setup):
    application = make_application(S.DRAFT)
    items = dossier.dossier_missing(application)
    labels = [item.label for item in items]
    assert labels[:2] == [
        "Tài liệu: Giấy chứng nhận đăng ký doanh nghiệp",
        "Tài liệu: Báo cáo tài chính 2 năm gần nhất",
    ]
    assert "Tài liệu: Tài liệu khác" not in labels  # optional
    assert len([i for i in items if i.kind == "figure"]) == 3 * 5
    assert "Số liệu năm 2021: kim ngạch xuất khẩu (nghìn USD)" in labels

    fill_figures(application, export_value=Decimal(0))
    application.figures.filter(year=2023).update(output_unit="")
    labels = [item.label for item in dossier.dossier_missing(application)]
    assert [label for label in labels if label.startswith("Số liệu")] == ["Số liệu năm 2023: đơn vị sản lượng"]


def test_the_submission_names_each_missing_item(cast, make_application, with_required_documents):
    application = with_required_documents(make_application(S.DRAFT))
    application.figures.filter(year=2021).delete()
    with pytest.raises(ValidationError) as error:
        services.application_transition(actor=cast.enterprise_a_user, application=application, to_status=S.SUBMITTED)
    message = error.value.messages[0]
    assert message.startswith("Hồ sơ chưa đủ để nộp. Còn thiếu:")
    assert "Số liệu năm 2021: sản lượng" in message and "Số liệu năm 2021: số lao động" in message
    assert "2022" not in message
    application.refresh_from_db()
    assert (application.status, application.code) == (S.DRAFT, None)


def test_the_edit_page_saves_figures_and_shows_errors_by_year(client, login, cast, make_application):
    application = make_application(S.DRAFT)
    login(cast.enterprise_a_user)
    page = client.get(f"/san-pham/ho-so/{application.public_id}/sua/").content.decode()
    for year in (2021, 2022, 2023):
        assert f'id="figures-{year}"' in page and f'name="revenue_{year}"' in page
    response = client.post(
        f"/san-pham/ho-so/{application.public_id}/sua/",
        {"kind": "key", "revenue_2022": "-5", "workers_2021": "120", "revenue_2021": "48.000,5"},
    )
    assert response.status_code == 200
    assert not ApplicationFigure.objects.exists()
    response = client.post(
        f"/san-pham/ho-so/{application.public_id}/sua/",
        {"kind": "key", "workers_2021": "120", "revenue_2021": "48.000,5", "output_quantity_2021": "10"},
    )
    assert response.status_code == 200  # a quantity needs its unit
    assert "Năm 2021: vui lòng ghi đơn vị của sản lượng." in response.content.decode()
    client.post(
        f"/san-pham/ho-so/{application.public_id}/sua/",
        {"kind": "key", "workers_2021": "120", "revenue_2021": "48.000,5"},
    )
    figure = application.figures.get(year=2021)
    assert (figure.revenue, figure.workers, figure.labour_productivity) == (Decimal("48000.50"), 120, Decimal("400.00"))


def test_the_dossier_page_lists_what_is_missing_with_links(client, login, cast, make_application):
    application = make_application(S.DRAFT)
    login(cast.enterprise_a_user)
    page = client.get(f"/san-pham/ho-so/{application.public_id}/").content.decode()
    assert "Tài liệu: Giấy chứng nhận đăng ký doanh nghiệp" in page
    assert f'/san-pham/ho-so/{application.public_id}/sua/#figures-2022">Số liệu năm 2022: doanh thu' in page


# ---------------------------------------------------------------- a document type's limits


def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_a_file_over_the_types_size_is_refused_naming_the_limit(cast, make_application, round_setup):
    document_type = round_setup.document_types[0]
    document_type.max_size_mb = 1
    document_type.save()
    big = PDF_BYTES + b"0" * (1024 * 1024 + 200_000)
    with pytest.raises(ValidationError) as error:
        services.document_add(
            actor=cast.enterprise_a_user,
            application=make_application(S.DRAFT),
            document_type=document_type,
            file=_upload("bao-cao.pdf", big),
        )
    assert error.value.messages == [
        "Tệp quá lớn: “Giấy chứng nhận đăng ký doanh nghiệp” nhận tệp tối đa 1 MB, tệp này 1,2 MB."
    ]
    assert not ApplicationDocument.objects.exists()


def test_a_kind_the_type_does_not_take_is_refused_naming_the_kinds(cast, make_application, round_setup):
    document_type = round_setup.document_types[0]
    document_type.allowed_extensions = "pdf, jpg"
    document_type.save()
    application = make_application(S.DRAFT)
    with pytest.raises(ValidationError) as error:
        services.document_add(
            actor=cast.enterprise_a_user,
            application=application,
            document_type=document_type,
            file=_upload("anh.png", PNG_BYTES),
        )
    assert error.value.messages == [
        "Định dạng tệp không được chấp nhận: “Giấy chứng nhận đăng ký doanh nghiệp” chỉ nhận tệp PDF, JPG."
    ]
    document_type.allowed_extensions = "pdf, png"
    document_type.save()
    services.document_add(
        actor=cast.enterprise_a_user,
        application=application,
        document_type=document_type,
        file=_upload("anh.png", PNG_BYTES),
    )
    assert ApplicationDocument.objects.count() == 1


def test_the_upload_form_shows_each_types_limits(client, login, cast, make_application, round_setup):
    document_type = round_setup.document_types[1]
    document_type.allowed_extensions = "pdf, xlsx"
    document_type.max_size_mb = 5
    document_type.save()
    application = make_application(S.DRAFT)
    login(cast.enterprise_a_user)
    page = client.get(f"/san-pham/ho-so/{application.public_id}/").content.decode()
    assert "Báo cáo tài chính 2 năm gần nhất (PDF, XLSX; tối đa 5 MB)" in page


# ---------------------------------------------------------------- on a phone

PHONE = {"width": 390, "height": 844}


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_figures_form_stacks_on_a_phone(live_server, browser, cast, make_application, with_required_documents):
    from tests.browser import session_cookie

    application = with_required_documents(make_application(S.DRAFT))
    context = browser.new_context(viewport=PHONE, locale="vi-VN")
    context.add_cookies([session_cookie(cast.enterprise_a_user, live_server)])
    page = context.new_page()
    for url in (f"/san-pham/ho-so/{application.public_id}/sua/", f"/san-pham/ho-so/{application.public_id}/"):
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], url
    page.goto(live_server.url + f"/san-pham/ho-so/{application.public_id}/sua/")
    inputs = page.locator(".figures-year input")
    assert inputs.count() == 3 * 5
    lefts = set()
    for n in range(inputs.count()):
        box = inputs.nth(n).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        lefts.add(round(box["x"]))
    assert len(lefts) == 1  # one column: every field under the one before
    page.fill("#id_workers_2023", "150")
    page.click(".dossier-form button[type=submit]")
    page.wait_for_url(f"**/san-pham/ho-so/{application.public_id}/")
    assert application.figures.get(year=2023).workers == 150
    context.close()


def test_workers_are_written_the_vietnamese_way(client, login, cast, make_application):
    application = make_application(S.DRAFT)
    login(cast.enterprise_a_user)
    url = f"/san-pham/ho-so/{application.public_id}/sua/"
    response = client.post(url, {"kind": "key", "workers_2021": "1,5", "revenue_2021": "48.000"})
    assert response.status_code == 200 and "Nhập số nguyên, ví dụ 1.440." in response.content.decode()
    assert not ApplicationFigure.objects.exists()
    client.post(url, {"kind": "key", "workers_2021": "1.440", "revenue_2021": "144.000"})
    assert application.figures.get(year=2021).workers == 1440
