"""The public registry of recognised products as CSV or XLSX, with the columns the registry page shows."""

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exports import Column, export_response
from products.models import Recognition

REGISTRY_SHEET_TITLE = gettext_lazy("Sản phẩm được công nhận")


def registry_columns() -> list[Column]:
    return [
        Column(_("Sản phẩm"), lambda r: r.product_name),
        Column(_("Ngành"), lambda r: r.get_product_sector_display()),
        Column(_("Doanh nghiệp"), lambda r: r.enterprise_name),
        Column(_("Quận/huyện"), lambda r: r.enterprise_district),
        Column(_("Tỉnh/thành phố"), lambda r: r.enterprise_province),
        Column(_("Loại"), lambda r: r.get_kind_display()),
        Column(_("Công nhận lần đầu"), lambda r: _("Có") if r.is_first_time else _("Không")),
        Column(_("Chương trình"), lambda r: str(r.round.program)),
        Column(_("Thành phố"), lambda r: r.round.program.city.name),
        Column(_("Đợt"), lambda r: r.round.year, is_year=True),
        Column(_("Số quyết định"), lambda r: r.decision_number),
        Column(_("Ngày quyết định"), lambda r: r.decision_date),
        Column(_("Số giấy chứng nhận"), lambda r: r.certificate_number),
        Column(_("Hiệu lực từ"), lambda r: r.valid_from),
        Column(_("Hiệu lực đến"), lambda r: r.valid_until),
    ]


def registry_response(recognitions: Iterable[Recognition], format: str) -> HttpResponse:
    return export_response(
        registry_columns(), recognitions, format=format, name="san-pham-cong-nhan", sheet_title=REGISTRY_SHEET_TITLE
    )
