"""The public enterprise directory as CSV or XLSX: public fields only, as on the directory page."""

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import Column, export_response
from enterprises.models import Enterprise

DIRECTORY_SHEET_TITLE = gettext_lazy("Doanh nghiệp")


def directory_columns() -> list[Column]:
    # Contact details, the representative and staff notes are private and never exported.
    return [
        Column(_("Doanh nghiệp"), lambda e: e.name),
        Column(_("Tên tiếng Anh"), lambda e: e.english_name),
        Column(_("Mã số thuế"), lambda e: e.tax_code),
        Column(_("Quận/huyện"), lambda e: e.district),
        Column(_("Tỉnh/thành phố"), lambda e: e.province),
        Column(_("Ngành chính"), lambda e: e.get_sector_display()),
        Column(_("Quy mô"), lambda e: e.get_sme_size_display()),
        Column(_("Chứng nhận"), lambda e: ", ".join(str(c) for c in e.certifications.all())),
        Column(_("Sản phẩm được công nhận"), lambda e: ", ".join(p.certified_name for p in e.recognised_products)),
        Column(_("Trang web"), lambda e: e.website),
    ]


def directory_response(enterprises: Iterable[Enterprise], format: str) -> HttpResponse:
    return export_response(
        directory_columns(), enterprises, format=format, name="doanh-nghiep", sheet_title=DIRECTORY_SHEET_TITLE
    )
