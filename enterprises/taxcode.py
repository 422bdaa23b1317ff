"""Vietnamese tax codes (mã số thuế) checked with python-stdnum's vn.mst."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.vn import mst


def normalize_tax_code(value: str) -> str:
    """The canonical form: 10 digits, or 13 for a branch ("0100233488-001" → "0100233488001").

    Raises ValidationError with a Vietnamese message for anything that is not a valid MST.
    """
    raw = (value or "").strip()
    if not raw:
        raise ValidationError(_("Vui lòng nhập mã số thuế."), code="required")
    try:
        return mst.validate(raw)
    except InvalidLength as exc:
        raise ValidationError(
            _("Mã số thuế phải có 10 chữ số, hoặc 13 chữ số đối với chi nhánh."), code="length"
        ) from exc
    except InvalidFormat as exc:
        raise ValidationError(
            _("Mã số thuế chỉ gồm chữ số (có thể có dấu gạch ngang trước mã chi nhánh)."), code="format"
        ) from exc
    except InvalidChecksum as exc:
        raise ValidationError(_("Mã số thuế không hợp lệ: chữ số kiểm tra không khớp."), code="checksum") from exc
    except InvalidComponent as exc:
        raise ValidationError(_("Mã số thuế không hợp lệ: mã chi nhánh hoặc mã tỉnh sai."), code="component") from exc


def format_tax_code(value: str) -> str:
    return mst.format(value) if value else ""
