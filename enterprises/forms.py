"""Forms parse and check the shape of input; the services decide what is allowed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import DATE_INPUT_ATTRS, FIRST_DATE, LAST_DATE, validate_date_in_range
from enterprises.models import Award, Enterprise, Sector


def _model_field(name: str, **kwargs) -> forms.Field:
    return Enterprise._meta.get_field(name).formfield(**kwargs)


# The empty choice of an optional select: the field is left unstated.
NOT_STATED = _("Chưa xác định")


class SignupForm(forms.Form):
    full_name = forms.CharField(label=_("Họ và tên người đăng ký"), max_length=150)
    email = forms.EmailField(label=_("Email"), help_text=_("Dùng để đăng nhập và nhận thông báo."))
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    tax_code = forms.CharField(
        label=_("Mã số thuế doanh nghiệp"), max_length=20, help_text=_("10 chữ số, hoặc 13 chữ số với chi nhánh.")
    )
    password = forms.CharField(label=_("Mật khẩu"), widget=forms.PasswordInput, strip=False)
    password_again = forms.CharField(label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput, strip=False)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("Hai mật khẩu không khớp."))
        return data


class EnterpriseProfileForm(forms.Form):
    """What an enterprise keeps up to date itself."""

    english_name = _model_field("english_name")
    address = _model_field("address")
    district = _model_field("district")
    website = _model_field("website", assume_scheme="https")
    employees = _model_field("employees")
    revenue = _model_field("revenue")
    capital = _model_field("capital")
    representative = _model_field("representative")
    contact_email = _model_field("contact_email")
    contact_phone = _model_field("contact_phone")


class StaffEnterpriseForm(EnterpriseProfileForm):
    """The whole profile, for department staff."""

    tax_code = forms.CharField(label=_("Mã số thuế"), max_length=20)
    name = _model_field("name")
    province = _model_field("province")
    ownership = _model_field("ownership")
    sector = _model_field("sector")
    staff_notes = _model_field("staff_notes")

    field_order = ["tax_code", "name", "english_name", "province", "district", "address", "ownership", "sector"]


class NewEnterpriseForm(forms.Form):
    """The minimum staff give when verifying an account whose tax code is not registered yet."""

    name = forms.CharField(label=_("Tên doanh nghiệp"), max_length=300, required=False)
    province = forms.CharField(label=_("Tỉnh/thành phố"), max_length=100, required=False)
    ownership = forms.ChoiceField(
        label=_("Loại hình sở hữu"), choices=[("", NOT_STATED), *Enterprise.Ownership.choices], required=False
    )
    sector = forms.ChoiceField(label=_("Ngành chính"), choices=[("", NOT_STATED), *Sector.choices], required=False)


class RejectAccountForm(forms.Form):
    reason = forms.CharField(label=_("Lý do từ chối"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class EnterpriseImportForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


class AwardForm(forms.Form):
    """An award staff record on the enterprise's page; the service fixes the name of Thương hiệu Vàng TP.HCM."""

    kind = forms.ChoiceField(label=_("Loại giải thưởng"), choices=Award.Kind.choices)
    name = forms.CharField(
        label=_("Tên giải thưởng"),
        max_length=200,
        required=False,
        help_text=_("Chỉ ghi với giải thưởng khác; Thương hiệu Vàng TP.HCM đã có tên."),
    )
    year = forms.IntegerField(label=_("Năm"), min_value=FIRST_DATE.year, max_value=LAST_DATE.year)
    category = forms.CharField(label=_("Hạng mục"), max_length=200, required=False)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    decision_date = forms.DateField(
        label=_("Ngày quyết định"),
        required=False,
        widget=forms.DateInput(attrs=DATE_INPUT_ATTRS, format="%Y-%m-%d"),
        validators=[validate_date_in_range],
    )
