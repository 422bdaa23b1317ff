"""Input parsing for the staff workspace; the rules themselves live in programs.services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import DATE_INPUT_ATTRS, validate_date_in_range
from core.validation import NOTE_MAX_LENGTH
from programs.models import IndicatorValue, Task

_DATE_WIDGET = forms.DateInput(attrs=DATE_INPUT_ATTRS, format="%Y-%m-%d")


class TaskUpdateForm(forms.Form):
    date = forms.DateField(label=_("Ngày cập nhật"), widget=_DATE_WIDGET, validators=[validate_date_in_range])
    status = forms.ChoiceField(label=_("Trạng thái"), choices=Task.Status.choices)
    # Empty: the state is reported without a measured percentage (deployed, but no figure given).
    progress = forms.IntegerField(
        label=_("Tiến độ (%)"),
        min_value=0,
        max_value=100,
        required=False,
        help_text=_(
            "Từ 0 đến 100. Để trống nếu chưa đo được tỷ lệ hoàn thành (ví dụ: đã triển khai, chưa có số liệu)."
        ),
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.FileField(
        label=_("Tệp minh chứng"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, JPG hoặc PNG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )

    def __init__(self, *args, task: Task | None = None, **kwargs):
        if task is not None:
            kwargs.setdefault(
                "initial", {"date": timezone.localdate(), "status": task.status, "progress": task.progress}
            )
        super().__init__(*args, **kwargs)


class IndicatorValueForm(forms.Form):
    period_label = forms.CharField(label=_("Kỳ số liệu"), max_length=60, help_text=_("Ví dụ: Năm 2022, 5 tháng 2023."))
    period_end = forms.DateField(label=_("Ngày cuối kỳ"), widget=_DATE_WIDGET, validators=[validate_date_in_range])
    qualifier = forms.ChoiceField(
        label=_("Cách ghi số liệu"),
        choices=IndicatorValue.Qualifier.choices,
        required=False,
        help_text=_("Như nguồn ghi: «hơn 400 sản phẩm» là «hơn»; để «(chính xác)» khi nguồn ghi đúng con số."),
    )
    value = forms.DecimalField(label=_("Giá trị"), max_digits=18, decimal_places=4, localize=True)
    source = forms.CharField(label=_("Nguồn số liệu"), max_length=300)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
