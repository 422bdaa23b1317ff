from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.dates import validate_date_in_range
from programs.models import City, Program
from reports.models import Report
from reports.periods import parse_period


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=Report.Kind.choices)
    program = forms.ModelChoiceField(
        label=_("Chương trình"),
        queryset=Program.objects.all(),
        to_field_name="slug",
        required=False,
        error_messages={"invalid_choice": _("Chương trình không tồn tại.")},
    )
    city = forms.ModelChoiceField(
        label=_("Thành phố (báo cáo tổng hợp)"),
        queryset=City.objects.all(),
        to_field_name="code",
        required=False,
        help_text=_("Báo cáo tổng hợp gồm các chương trình của một thành phố, do Sở Công Thương thành phố ban hành."),
        error_messages={"invalid_choice": _("Thành phố không tồn tại.")},
    )
    period = forms.CharField(
        label=_("Kỳ báo cáo"),
        required=False,
        max_length=40,
        help_text=_("Tháng (2024-03), quý (2024-Q1), năm (2024) hoặc khoảng ngày (2024-01-01..2024-03-31)."),
        widget=forms.TextInput(attrs={"placeholder": "2024-03"}),
    )

    include_demo = forms.BooleanField(
        label=_("Gồm dữ liệu minh họa (bản xem thử, không ban hành được)"),
        required=False,
        initial=False,
    )

    def clean_period(self):
        text = self.cleaned_data["period"].strip()
        if not text:
            return None
        period = parse_period(text)
        validate_date_in_range(period.start)
        validate_date_in_range(period.end)
        return period

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Report.Kind.PROGRESS and not cleaned.get("period") and "period" not in self.errors:
            self.add_error("period", ValidationError(_("Báo cáo tiến độ cần có kỳ báo cáo."), code="period"))
        if cleaned.get("kind") == Report.Kind.SUMMARY and not cleaned.get("city") and "city" not in self.errors:
            self.add_error(
                "city",
                ValidationError(
                    _("Hãy chọn thành phố: báo cáo tổng hợp do Sở Công Thương của một thành phố ban hành."),
                    code="city",
                ),
            )
        return cleaned
