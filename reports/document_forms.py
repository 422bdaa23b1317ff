"""Forms of a report's document: the draft's sections and recipients, the issue (signer), the public lookup."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programs.models import IssuingBody
from reports import issuance, narrative

RECIPIENT_LINE = re.compile(r"^(?P<name>.*?)\s*(?:\((?P<purpose>[^()]*)\))?\s*[;.]?$")
RECIPIENTS_MAX_CHARS = issuance.MAX_RECIPIENTS * (issuance.RECIPIENT_MAX_CHARS + 8)


def recipients_text(recipients: list[dict]) -> str:
    return "\n".join(f"{r['name']} ({r['purpose']})" if r.get("purpose") else r["name"] for r in recipients)


def parse_recipients(text: str) -> list[dict]:
    """One recipient a line, its purpose in brackets: "UBND Thành phố (để báo cáo)"."""
    recipients = []
    for line in text.splitlines():
        line = line.strip().lstrip("-–•").strip()
        if not line:
            continue
        match = RECIPIENT_LINE.match(line)
        recipients.append({"name": match.group("name").strip(), "purpose": (match.group("purpose") or "").strip()})
    return recipients


class DraftForm(forms.Form):
    """One text area per section of the draft, in the report's order; then the recipients and the filing unit."""

    recipients = forms.CharField(
        label=_("Nơi nhận"),
        required=False,
        max_length=RECIPIENTS_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Mỗi dòng một nơi nhận, mục đích trong ngoặc: UBND Thành phố (để báo cáo). Dòng “Lưu: VT, …” được "
                    "thêm khi ban hành."),
    )  # fmt: skip
    filing_unit = forms.CharField(
        label=_("Đơn vị soạn thảo (sau “Lưu: VT,”)"), required=False, max_length=issuance.FILING_UNIT_MAX_CHARS
    )

    def __init__(self, *args, document, data: dict, **kwargs):
        initial = {
            "recipients": recipients_text(document.recipients),
            "filing_unit": document.filing_unit,
            **{self.field_name(key): text for key, text in document.sections.items()},
        }
        super().__init__(*args, initial=initial, **kwargs)
        labels = narrative.section_labels(data)
        keys = narrative.section_keys(data) + [k for k in document.sections if k not in narrative.section_keys(data)]
        self.section_keys = keys
        section_fields = {
            self.field_name(key): forms.CharField(
                label=labels.get(key, key),
                required=False,
                max_length=issuance.SECTION_MAX_CHARS,
                widget=forms.Textarea(attrs={"rows": 6}),
                error_messages={"max_length": _("Mỗi mục dài tối đa %(limit_value)d ký tự (hiện có %(show_value)d).")},
            )
            for key in keys
        }
        self.fields = {**section_fields, **self.fields}

    @staticmethod
    def field_name(key: str) -> str:
        return "section__" + re.sub(r"[^0-9A-Za-z_]", "_", key)

    def sections(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(self.field_name(key), "") for key in self.section_keys}

    def recipient_list(self) -> list[dict]:
        return parse_recipients(self.cleaned_data.get("recipients", ""))


class IssueForm(forms.Form):
    signer = forms.ModelChoiceField(
        label=_("Người ký"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("Hãy chọn người ký."), "invalid_choice": _("Người ký không hợp lệ.")},
    )

    def __init__(self, *args, signers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = signers
        self.fields["signer"].label_from_instance = lambda s: " — ".join(
            part for part in (s.authority, s.position, s.full_name) if part
        )


class VerifyForm(forms.Form):
    """Find an issued report by its number: the body, the year, and "12" or the full "12/BC-SCT"."""

    body = forms.ModelChoiceField(
        label=_("Cơ quan ban hành"),
        queryset=IssuingBody.objects.order_by("city__name", "name"),
        required=False,
        empty_label=_("Mọi cơ quan"),
        error_messages={"invalid_choice": _("Cơ quan không hợp lệ.")},
    )
    year = forms.IntegerField(
        label=_("Năm ban hành"),
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": _("Hãy nhập năm ban hành."),
            "invalid": _("Năm ban hành phải là một số."),
            "min_value": _("Năm ban hành không hợp lệ."),
            "max_value": _("Năm ban hành không hợp lệ."),
        },
    )
    number = forms.CharField(
        label=_("Số văn bản"),
        max_length=30,
        help_text=_("Ví dụ: 12 hoặc 12/BC-SCT."),
        error_messages={"required": _("Hãy nhập số văn bản."), "max_length": _("Số văn bản quá dài.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean_number(self):
        parsed = issuance.parse_number(self.cleaned_data["number"])
        if parsed is None:
            raise forms.ValidationError(_("Số văn bản không đúng dạng (ví dụ: 12 hoặc 12/BC-SCT)."))
        return parsed
