"""Forms of the round set-up pages: they parse what staff enter; the rules are products/rounds.py's."""

import datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import DATE_INPUT_ATTRS, validate_date_in_range, validate_year
from core.validation import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH
from products import rounds
from products.models import CouncilMember, Criterion, DocumentType, RecognitionRound, SuggestMetric

CHOOSE = _("Chọn…")


def _date_widget():
    return forms.DateInput(attrs=DATE_INPUT_ATTRS, format="%Y-%m-%d")


def _date_field(label, required=True, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=_date_widget(), validators=[validate_date_in_range], **kwargs
    )


SETTINGS_WIDGETS = {
    "call_date": _date_widget(),
    "call_text": forms.Textarea(attrs={"rows": 5}),
}


class RoundSettingsForm(forms.ModelForm):
    """The round's settings. Those the council's scores rest on are shown but not editable once scoring began."""

    class Meta:
        model = RecognitionRound
        fields = ["year", *rounds.ROUND_SETTINGS]
        widgets = SETTINGS_WIDGETS

    def __init__(self, *args, scoring_started: bool = False, year_fixed: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.status != RecognitionRound.Status.PLANNED:
            for name in rounds.CALL_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Thông báo đã đăng khi mở đợt: không sửa được.")
        if scoring_started:
            for name in rounds.SCORING_SETTINGS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Hội đồng đã bắt đầu chấm điểm: không thay đổi được.")
        if year_fixed:
            self.fields["year"].disabled = True
            self.fields["year"].help_text = _("Đợt đã có hồ sơ: không đổi năm được.")
        if not self.fields["call_number"].disabled:
            self.fields["call_number"].help_text = _(
                "Khi đợt chưa mở, thông báo có số và ngày được đăng trên trang công khai là đợt sắp mở."
            )

    def _post_clean(self):
        # The service decides (products.rounds.round_update); the model's own checks run there.
        pass


class RoundCreateForm(forms.Form):
    program = forms.ModelChoiceField(label=_("Chương trình"), queryset=None, empty_label=CHOOSE)
    year = forms.IntegerField(label=_("Năm"), validators=[validate_year])
    title = forms.CharField(label=_("Tên đợt"), max_length=300)

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        self.fields["year"].initial = timezone.localdate().year


class RoundCopyForm(forms.Form):
    year = forms.IntegerField(label=_("Năm của đợt mới"), validators=[validate_year])
    title = forms.CharField(label=_("Tên đợt mới"), max_length=300)


def _parse_bands(text: str) -> list[dict]:
    """Lines "từ mức; điểm" (a comma is a decimal comma, as Vietnamese numbers are written)."""
    bands = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = [p.strip() for p in line.replace("=", ";").split(";")]
        if len(parts) != 2:
            raise ValidationError(
                _("Dòng %(n)s: ghi “từ mức; số điểm”, ví dụ “1000; 10”.") % {"n": number}, code="band_line"
            )
        values = []
        for part in parts:
            try:
                values.append(Decimal(part.replace(" ", "").replace(".", "").replace(",", ".")))
            except InvalidOperation:
                raise ValidationError(
                    _("Dòng %(n)s: “%(value)s” không phải là số.") % {"n": number, "value": part[:30]},
                    code="band_number",
                ) from None
        bands.append({"from": str(values[0]), "points": str(values[1])})
    return bands


def bands_text(bands) -> str:
    from core.numbers import format_number

    return "\n".join(
        f"{format_number(Decimal(str(b['from'])))}; {format_number(Decimal(str(b['points'])))}" for b in bands
    )


class CriterionForm(forms.Form):
    parent = forms.ModelChoiceField(
        label=_("Thuộc tiêu chí"),
        queryset=Criterion.objects.none(),
        required=False,
        empty_label=_("(Tiêu chí chính)"),
        help_text=_(
            "Chọn tiêu chí chính để thêm tiêu chí thành phần; điểm các tiêu chí thành phần cộng lại bằng điểm của tiêu chí chính."
        ),
    )
    code = forms.CharField(label=_("Số hiệu"), max_length=10, required=False, help_text=_("Ví dụ: 1; 1.2."))
    name = forms.CharField(label=_("Tiêu chí"), max_length=300)
    max_points = forms.DecimalField(
        label=_("Điểm tối đa"), max_digits=5, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal(100)
    )
    order = forms.IntegerField(
        label=_("Thứ tự"), required=False, min_value=1, max_value=999, help_text=_("Để trống: xếp cuối.")
    )
    description = forms.CharField(
        label=_("Mô tả"), required=False, max_length=TEXT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    suggest_metric = forms.ChoiceField(
        label=_("Gợi ý điểm theo số liệu"),
        required=False,
        choices=[("", _("(Không gợi ý)")), *SuggestMetric.choices],
    )
    suggest_bands = forms.CharField(
        label=_("Các mức gợi ý"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Mỗi dòng một mức: “từ mức; số điểm”. Số liệu của hồ sơ đạt mức cao nhất nào thì gợi ý số điểm của mức "
            "đó; thành viên hội đồng xác nhận hoặc sửa."
        ),
    )

    def __init__(self, *args, round, criterion=None, **kwargs):
        super().__init__(*args, **kwargs)
        parents = Criterion.objects.filter(round=round, parent__isnull=True)
        if criterion is not None:
            parents = parents.exclude(pk=criterion.pk)
        self.fields["parent"].queryset = parents.order_by("order", "id")

    def clean_suggest_bands(self):
        return _parse_bands(self.cleaned_data.get("suggest_bands", ""))


class DocumentTypeForm(forms.ModelForm):
    class Meta:
        model = DocumentType
        fields = ["name", "description", "is_required", "max_size_mb", "allowed_extensions", "order"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allowed_extensions"].help_text = _("Phân cách bằng dấu phẩy. Được nhận: %(kinds)s.") % {
            "kinds": ", ".join(sorted(set(rounds.dossier_extensions().values())))
        }
        self.fields["order"].required = False

    def _post_clean(self):
        pass


class CouncilMemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Thành viên"), queryset=None, empty_label=CHOOSE)
    role = forms.ChoiceField(label=_("Vai trò"), choices=CouncilMember.Role.choices, initial=CouncilMember.Role.MEMBER)
    title = forms.CharField(label=_("Chức danh trong hội đồng"), max_length=100, required=False)
    agency = forms.CharField(
        label=_("Cơ quan"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: Sở Tài chính. Tiêu chí có thể được phân công cho cả cơ quan."),
    )

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = rounds.council_candidates(round).order_by("last_name", "first_name", "username")
        self.fields["user"].label_from_instance = lambda u: u.get_full_name() or u.username


class RoundOpenForm(forms.Form):
    call_number = forms.CharField(label=_("Số thông báo"), max_length=60)
    call_date = _date_field(_("Ngày thông báo"))
    opens_on = _date_field(_("Ngày mở nhận hồ sơ"), help_text=_("Hôm nay hoặc một ngày đã qua."))
    closes_on = _date_field(_("Hạn nộp hồ sơ"))
    call_text = forms.CharField(
        label=_("Nội dung thông báo"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, round=None, **kwargs):
        super().__init__(*args, **kwargs)
        if round is not None:
            self.fields["call_number"].initial = round.call_number
            self.fields["call_date"].initial = round.call_date
            self.fields["call_text"].initial = round.call_text
            self.fields["opens_on"].initial = timezone.localdate()
            self.fields["closes_on"].initial = round.closes_on


class RoundExtendForm(forms.Form):
    closes_on = _date_field(_("Hạn nộp mới"))
    note = forms.CharField(
        label=_("Lý do gia hạn"), max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class RoundCloseForm(forms.Form):
    note = forms.CharField(
        label=_("Ghi chú"), required=False, max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )


class AssignmentForm(forms.Form):
    """The matrix of criteria × members and agencies: a checkbox per cell, named "m-<criterion>-<member>" and
    "a-<criterion>-<agency's position>"."""

    def __init__(self, data=None, *, matrix, members, agencies):
        super().__init__(data)
        self.matrix, self.members, self.agencies = matrix, members, agencies

    def cell_name(self, criterion, *, member=None, agency_index=None) -> str:
        if member is not None:
            return f"m-{criterion.id}-{member.id}"
        return f"a-{criterion.id}-{agency_index}"

    def assignments(self) -> dict:
        chosen = {}
        for row in self.matrix:
            members = [m for m in self.members if self.data.get(self.cell_name(row.criterion, member=m))]
            agencies = [
                a for i, a in enumerate(self.agencies) if self.data.get(self.cell_name(row.criterion, agency_index=i))
            ]
            chosen[row.criterion] = (members, agencies)
        return chosen


def today() -> datetime.date:
    return timezone.localdate()
