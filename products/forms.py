from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import DATE_INPUT_ATTRS, validate_date_in_range
from core.numbers import format_number
from core.validation import NOTE_MAX_LENGTH
from products.models import Application, CouncilMember, DocumentType, Product, Recognition, RecognitionRound

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
        super().__init__(*args, **kwargs)
        self.fields["document_type"].queryset = round.document_types.all()


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Chuyển sang"), choices=Application.Status.choices)
    note = forms.CharField(
        label=_("Ghi chú / lý do"), required=False, max_length=NOTE_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )


class OpenCommentForm(forms.Form):
    opens_on = _date_field(_("Từ ngày"))
    closes_on = _date_field(_("Đến ngày"))
    note = forms.CharField(label=_("Ghi chú"), required=False, max_length=NOTE_MAX_LENGTH)

    def __init__(self, *args, min_days: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if min_days is not None:
            self.fields["opens_on"].help_text = _("Từ hôm nay trở đi.")
            self.fields["closes_on"].help_text = _(
                "Thời gian lấy ý kiến kéo dài ít nhất %(days)s ngày, tính cả ngày bắt đầu và ngày kết thúc."
            ) % {"days": min_days}

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            raise forms.ValidationError(_("Ngày kết thúc lấy ý kiến phải sau ngày bắt đầu."))
        return data


class DecisionForm(forms.Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60)
    decision_date = _date_field(_("Ngày quyết định"))


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


class VerifyForm(forms.Form):
    number = forms.CharField(label=_("Số giấy chứng nhận"), max_length=60)
