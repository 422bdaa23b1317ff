"""Vietnamese tax codes (mã số thuế) checked with python-stdnum's vn.mst."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength
from stdnum.vn import mst

# A tax code as people write it, with spaces or a dash before the branch number.
FORM_MAX_LENGTH = 20


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


def validate_tax_code(value: str) -> None:
    """The model rule: a valid MST, stored in its canonical form."""
    if normalize_tax_code(value) != value:
        raise ValidationError(_("Mã số thuế phải được ghi liền, không có dấu cách hay dấu gạch."), code="canonical")


def format_tax_code(value: str) -> str:
    return mst.format(value) if value else ""


class TaxCodeField(models.CharField):
    """A tax code column. Model validation (full_clean: the admin, model forms, the services) writes it in the
    canonical form ("0100 233 488-001" → "0100233488001") and refuses anything that is not a valid MST."""

    default_validators = [validate_tax_code]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 13)
        super().__init__(*args, **kwargs)

    def clean(self, value, model_instance):
        if isinstance(value, str) and value.strip():
            value = mst.compact(value)
        return super().clean(value, model_instance)

    def formfield(self, **kwargs):
        # Room for the written form of a branch code ("0100233488-001"), compacted by clean().
        kwargs.setdefault("max_length", FORM_MAX_LENGTH)
        return super().formfield(**kwargs)
