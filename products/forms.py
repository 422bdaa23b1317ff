from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import DATE_INPUT_ATTRS, validate_date_in_range
from core.numbers import format_number
from core.validation import NOTE_MAX_LENGTH
from products.models import (
    Application,
    CouncilMember,
    DocumentType,
    Product,
    PublicComment,
    Recognition,
    RecognitionRound,
)
from programs.models import Signer

# The empty choice of a required select: nothing chosen yet (Django's default is a row of dashes).
CHOOSE = _("Chọn…")


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs=DATE_INPUT_ATTRS, format="%Y-%m-%d"),
        validators=[validate_date_in_range],
    )


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = ["name", "sector", "description"]


class ApplicationCreateForm(forms.Form):
    product = forms.ModelChoiceField(label=_("Sản phẩm"), queryset=Product.objects.none(), empty_label=CHOOSE)
    round = forms.ModelChoiceField(
        label=_("Đợt xét chọn"), queryset=RecognitionRound.objects.none(), empty_label=CHOOSE
    )
    kind = forms.ChoiceField(label=_("Đăng ký công nhận là"), choices=Recognition.Kind.choices)

    def __init__(self, *args, products, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].queryset = products
        self.fields["round"].queryset = rounds


class ApplicationEditForm(forms.ModelForm):
    class Meta:
        model = Application
        fields = ["kind", "market_summary", "technical_summary", "social_summary"]
        widgets = {
            "market_summary": forms.Textarea(attrs={"rows": 4}),
            "technical_summary": forms.Textarea(attrs={"rows": 4}),
            "social_summary": forms.Textarea(attrs={"rows": 4}),
        }


class DocumentUploadForm(forms.Form):
    document_type = forms.ModelChoiceField(
        label=_("Loại tài liệu"), queryset=DocumentType.objects.none(), empty_label=CHOOSE
    )
    # Content checks live in products.uploads and run in the service, before anything is stored.
    file = forms.FileField(label=_("Tệp"), allow_empty_file=True)

    def __init__(self, *args, round, **kwargs):
        from products.services import document_limits_text

        super().__init__(*args, **kwargs)
        self.fields["document_type"].queryset = round.document_types.all()
        # Each type names its limits in the list: "Báo cáo tài chính (PDF; tối đa 10 MB)".
        self.fields["document_type"].label_from_instance = lambda t: f"{t.name} ({document_limits_text(t)})"


# ---------------------------------------------------------------- the dossier's figures and certifications

_NUMBER_ATTRS = {"inputmode": "decimal", "autocomplete": "off"}


class FiguresForm(forms.Form):
    """The figures of the dossier's three years, one group of fields per year (`<name>_<year>`), each bounded as
    the model is. Empty fields are allowed in a draft; products.dossier checks completeness on submission."""

    # Labour productivity is not typed: products.dossier computes it from revenue and workers, so a change of either
    # never leaves a stale figure behind.
    FIELDS = ("output_quantity", "output_unit", "revenue", "export_value", "workers")

    def __init__(self, *args, years, figures, **kwargs):
        super().__init__(*args, **kwargs)
        self.years = list(years)
        for year in self.years:
            figure = figures.get(year)
            initial = {name: getattr(figure, name) for name in self.FIELDS} if figure else {}
            for name, field in self._year_fields().items():
                field.initial = initial.get(name)
                self.fields[f"{name}_{year}"] = field

    @staticmethod
    def _year_fields() -> dict[str, forms.Field]:
        def decimal(label, digits, help_text=""):
            return forms.DecimalField(
                label=label,
                required=False,
                min_value=0,
                max_digits=digits,
                decimal_places=2,
                localize=True,
                help_text=help_text,
                widget=forms.TextInput(attrs=_NUMBER_ATTRS),
            )

        return {
            "output_quantity": decimal(_("Sản lượng"), 16),
            "output_unit": forms.CharField(
                label=_("Đơn vị sản lượng"),
                required=False,
                max_length=30,
                help_text=_("Ví dụ: tấn, bộ, triệu sản phẩm."),
            ),
            "revenue": decimal(_("Doanh thu (triệu đồng)"), 16),
            "export_value": decimal(_("Kim ngạch xuất khẩu (nghìn USD)"), 14, _("Ghi 0 nếu không xuất khẩu.")),
            "workers": forms.IntegerField(
                label=_("Số lao động"),
                required=False,
                min_value=1,
                max_value=1_000_000,
                # "1.440" is how a Vietnamese writes one thousand four hundred and forty.
                localize=True,
                error_messages={"invalid": _("Nhập số nguyên, ví dụ 1.440.")},
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            ),
        }

    def year_groups(self):
        """(year, [bound fields]) for the template, one fieldset per year."""
        return [(year, [self[f"{name}_{year}"] for name in self.FIELDS]) for year in self.years]

    def rows(self) -> dict[int, dict]:
        return {year: {name: self.cleaned_data.get(f"{name}_{year}") for name in self.FIELDS} for year in self.years}


class CertificationsForm(forms.Form):
    certifications = forms.MultipleChoiceField(
        label=_("Hệ thống quản lý chất lượng, quản lý khác của sản phẩm"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Từ các chứng nhận đã khai trong hồ sơ doanh nghiệp. Chứng nhận hết hiệu lực được ghi rõ."),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["certifications"].choices = [
            (str(c.id), _("%(name)s (hết hiệu lực)") % {"name": c.certification} if c.expired else str(c.certification))
            for c in choices
        ]

    def ids(self) -> list[int]:
        return [int(value) for value in self.cleaned_data["certifications"]]


class DossierLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Mã hồ sơ"), max_length=30, help_text=_("Ví dụ: HANOI-2026-00012 hoặc HCM-2026-00012.")
    )
    tax_code = forms.CharField(label=_("Mã số thuế của doanh nghiệp"), max_length=20)


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Chuyển sang"), choices=Application.Status.choices)
    note = forms.CharField(
        label=_("Ghi chú / lý do"), required=False, max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.Form):
    """The city UBND's decision on a round: its number, date and signer (one of the body's active signers)."""

    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, help_text=_("Ví dụ: 5012/QĐ-UBND."))
    decision_date = _date_field(_("Ngày quyết định"))
    signer = forms.ModelChoiceField(label=_("Người ký quyết định"), queryset=Signer.objects.none(), empty_label=CHOOSE)
    logo_use_granted = forms.BooleanField(
        label=_("Sản phẩm được công nhận được sử dụng biểu trưng của chương trình"), required=False, initial=True
    )

    def __init__(self, *args, signers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if signers is not None:
            self.fields["signer"].queryset = signers


class ResultPublishForm(forms.Form):
    """The round's proposed list published for comment, with one deadline."""

    published_on = _date_field(_("Ngày công bố"))
    comment_closes_on = _date_field(_("Hạn góp ý"))
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=NOTE_MAX_LENGTH)

    def __init__(self, *args, min_days: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["published_on"].help_text = _("Từ hôm nay trở đi.")
        if min_days is not None:
            self.fields["comment_closes_on"].help_text = _(
                "Ý kiến được nhận đến hết ngày này; ít nhất %(days)s ngày, tính cả ngày công bố."
            ) % {"days": min_days}


class PaperCommentForm(forms.Form):
    """A written comment received by post or by hand, entered by staff."""

    received_on = _date_field(_("Ngày nhận"))
    author_name = forms.CharField(label=_("Người gửi (họ tên hoặc tên cơ quan)"), max_length=200)
    author_address = forms.CharField(label=_("Địa chỉ người gửi"), max_length=300)
    application = forms.ModelChoiceField(
        label=_("Về sản phẩm"),
        queryset=Application.objects.none(),
        required=False,
        empty_label=_("Cả danh sách"),
    )
    body = forms.CharField(
        label=_("Nội dung ý kiến"), max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].help_text = _(
            "Ngày Sở nhận văn bản; với thư đến sau hạn góp ý, ngày đóng dấu bưu điện. Phải trong thời gian góp ý."
        )
        self.fields["application"].queryset = applications
        self.fields["application"].label_from_instance = lambda a: a.product.name


class CommentHandleForm(forms.Form):
    handling = forms.ChoiceField(label=_("Xử lý"), choices=PublicComment.Handling.choices)
    response = forms.CharField(
        label=_("Nội dung trả lời / ghi chú"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bắt buộc khi trả lời; không bắt buộc khi chỉ ghi nhận."),
    )


class RecognitionStatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Thay đổi"), choices=Recognition.Status.choices)
    reason = forms.CharField(label=_("Lý do"), max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}))
    effective_on = _date_field(_("Có hiệu lực từ ngày"))
    decision_number = forms.CharField(label=_("Số văn bản"), max_length=60, required=False)

    def __init__(self, *args, targets=None, **kwargs):
        super().__init__(*args, **kwargs)
        if targets is not None:
            self.fields["to_status"].choices = [(t, RECOGNITION_ACTION_LABELS[t]) for t in targets]


RECOGNITION_ACTION_LABELS = {
    Recognition.Status.SUSPENDED: _("Tạm đình chỉ công nhận"),
    Recognition.Status.REVOKED: _("Thu hồi công nhận"),
    Recognition.Status.ACTIVE: _("Khôi phục hiệu lực công nhận"),
}


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do xung đột lợi ích"), max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )


class ConflictRecordForm(forms.Form):
    """The staff's record of a member's conflict of interest found after the council finished scoring."""

    member = forms.ModelChoiceField(
        label=_("Thành viên hội đồng"), queryset=CouncilMember.objects.none(), empty_label=CHOOSE
    )
    reason = forms.CharField(
        label=_("Lý do xung đột lợi ích"), max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = round.council_members.select_related("user").order_by("id")
        self.fields["member"].label_from_instance = _member_label


def _member_label(member) -> str:
    name = member.user.get_full_name() or member.user.username
    return f"{name} — {member.title}" if member.title else name


class ScoreSheetForm(forms.Form):
    """One decimal field per criterion the member scores, bounded by its maximum points. A criterion not scored
    yet starts from the score its rule suggests, with the reason under it, for the member to confirm or change."""

    def __init__(self, *args, criteria, initial_points=None, suggestions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        initial_points = initial_points or {}
        suggestions = suggestions or {}
        for criterion in self.criteria:
            suggestion = suggestions.get(criterion.id)
            initial = initial_points.get(criterion.id)
            if initial is None and suggestion is not None:
                initial = suggestion.points
            self.fields[f"c{criterion.id}"] = forms.DecimalField(
                label=f"{criterion.name} (≤ {criterion.max_points.normalize():f})",
                min_value=0,
                max_value=criterion.max_points,
                decimal_places=2,
                max_digits=5,
                initial=initial,
                help_text=_("Điểm gợi ý: %(reason)s") % {"reason": suggestion.reason} if suggestion else "",
            )

    def points(self) -> dict:
        return {c.id: self.cleaned_data[f"c{c.id}"] for c in self.criteria}

    def groups(self, plan) -> list[tuple]:
        """The fields under their top-level criterion, in sheet order: (parent or None, [bound fields])."""
        groups: list[tuple] = []
        for criterion in self.criteria:
            top = plan.top_of(criterion)
            parent = top if top.pk != criterion.pk else None
            if not groups or groups[-1][0] != parent or parent is None:
                groups.append((parent, []))
            groups[-1][1].append(self[f"c{criterion.id}"])
        return groups


class ScoringCloseForm(forms.Form):
    """Nothing to fill in: the chair confirms."""


class TopMarkForm(forms.Form):
    """The Top (sản phẩm tiêu biểu) staff mark from the ranking, with the decision that named it."""

    applications = forms.ModelMultipleChoiceField(
        label=_("Sản phẩm tiêu biểu"),
        queryset=Application.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Chọn từ bảng xếp hạng, trong số hồ sơ đạt điểm."),
    )
    decision_number = forms.CharField(label=_("Số văn bản công bố"), max_length=60)
    decision_date = _date_field(_("Ngày văn bản"))

    def __init__(self, *args, candidates, top_size: int, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["applications"]
        field.queryset = candidates
        field.label_from_instance = _ranked_label
        field.help_text = _("Chọn tối đa %(n)s sản phẩm từ bảng xếp hạng, trong số hồ sơ đạt điểm.") % {"n": top_size}


def _ranked_label(application) -> str:
    return _("Hạng %(rank)s — %(product)s (%(enterprise)s), %(score)s điểm") % {
        "rank": application.rank,
        "product": application.product.name,
        "enterprise": application.enterprise.name,
        "score": format_number(application.score_average),
    }


class PublicCommentForm(forms.Form):
    author_name = forms.CharField(label=_("Họ tên"), max_length=200)
    author_email = forms.EmailField(label=_("Email (không công khai)"), required=False)
    body = forms.CharField(label=_("Ý kiến"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))
    # A honeypot: hidden from people (off screen, aria-hidden, out of the tab order), filled by robots.
    website = forms.CharField(
        label=_("Để trống ô này"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    HONEYPOT = "website"

    def __iter__(self):
        # The page shows the honeypot apart, in its hidden box.
        return (self[name] for name in self.fields if name != self.HONEYPOT)

    @property
    def honeypot(self):
        return self[self.HONEYPOT]

    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get(self.HONEYPOT))

    def comment(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != self.HONEYPOT}


class RoundCommentForm(PublicCommentForm):
    """A comment on a round's published result: on one proposed product, or on the whole list."""

    field_order = ["application", "author_name", "author_email", "body"]

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"] = forms.ModelChoiceField(
            label=_("Góp ý về"), queryset=applications, required=False, empty_label=_("Cả danh sách đề xuất")
        )
        self.fields["application"].label_from_instance = lambda a: f"{a.product.name} — {a.enterprise.name}"
        self.order_fields(self.field_order)


class VerifyForm(forms.Form):
    number = forms.CharField(label=_("Số giấy chứng nhận"), max_length=60)
