"""A finished report becomes an administrative document: drafted, numbered from the body's register, signed.

- Draft (`document_open_draft`, `document_update`): the narrative sections pre-filled from the report's data
  (reports/narrative.py), the recipients with their purpose, edited by the staff of the report's city.
- Issue (`document_issue`): the report is rendered again from the current data with its number, date, signer,
  recipients and QR link, signed with the body's certificate (reports/signing.py) and stored. The number comes
  from the body's register for the year, whose row is locked (select_for_update) for the whole issue: numbers
  follow each other without gaps, since a number is taken only by an issue that commits.
- Refused, changing nothing, with a Vietnamese message: a report with demo records, no issuing body, no active
  signer chosen, no signing certificate, a document already issued.
- Verification (`document_for_token`, `documents_by_number`): only issued documents are found.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions
from programs.models import IssuingBody, Signer
from reports import conf, narrative, rendering, signing
from reports.fingerprint import data_fingerprint
from reports.models import DocumentRegister, Report, ReportDocument, document_upload_to
from reports.rendering import DocumentIssue, Recipient, SignatureBlock
from reports.selectors import report_data

SECTION_MAX_CHARS = 6000
RECIPIENT_MAX_CHARS = 200
MAX_RECIPIENTS = 20
FILING_UNIT_MAX_CHARS = 40


# ---------------------------------------------------------------------------------------------------------
# Reads
# ---------------------------------------------------------------------------------------------------------


def document_report_data(report: Report) -> dict:
    """The report's data as it is now, with or without demo records as the report was requested."""
    return report_data(
        kind=report.kind,
        program_id=report.program_id,
        city_id=report.city_id,
        period_start=report.period_start,
        period_end=report.period_end,
        include_demo=report.include_demo,
    )


def document_outline(report: Report) -> dict:
    """What the draft's pages need to name its sections (the programme's task groups), without reading the whole
    report data (registers of thousands of enterprises at city scale)."""
    from programs.models import TaskGroup

    groups = (
        TaskGroup.objects.filter(program_id=report.program_id).order_by("order", "id").values("code", "title")
        if report.program_id
        else []
    )
    return {"kind": report.kind, "groups": list(groups)}


def issuing_body_for(report: Report, data: dict | None = None) -> IssuingBody | None:
    """The body the report's data names as its issuer, else its city's department (Sở Công Thương)."""
    body_id = ((data or {}).get("issuer") or {}).get("body_id")
    if body_id:
        return IssuingBody.objects.filter(pk=body_id).select_related("city").first()
    city_id = permissions.report_city_id(report)
    if city_id is None:
        return None
    return IssuingBody.objects.filter(city_id=city_id, kind=IssuingBody.Kind.DEPARTMENT).select_related("city").first()


def active_signers(body: IssuingBody | None):
    if body is None:
        return Signer.objects.none()
    return Signer.objects.filter(body=body, is_active=True).order_by("order", "id")


def default_recipients(body: IssuingBody | None) -> list[dict]:
    if body is not None and body.kind == IssuingBody.Kind.COMMITTEE:
        return [{"name": "Bộ Công Thương", "purpose": "để báo cáo"}]
    return [
        {"name": "UBND Thành phố", "purpose": "để báo cáo"},
        {"name": "Ban Giám đốc Sở", "purpose": "để biết"},
    ]


def filing_line(document: ReportDocument) -> str:
    unit = document.filing_unit.strip()
    return f"Lưu: VT, {unit}" if unit else "Lưu: VT"


def document_number(sequence: int, body: IssuingBody) -> str:
    """Decree 30: the register's number in Arabic digits from 01, then the kind and the issuer ("12/BC-SCT")."""
    return f"{sequence:02d}/BC-{body.abbreviation}"


def verify_url(document: ReportDocument) -> str:
    """From the configured site address, never from a request's Host."""
    path = reverse("reports:verify_document", kwargs={"token": document.verify_token})
    return settings.SITE_URL.rstrip("/") + path


def document_for_report(report: Report) -> ReportDocument | None:
    return ReportDocument.objects.filter(report=report).select_related("body", "signer").first()


def document_for_token(token) -> ReportDocument | None:
    """An issued document by its QR token; None for a draft or an unknown token."""
    return (
        ReportDocument.objects.filter(verify_token=token, state=ReportDocument.State.ISSUED)
        .select_related("body", "report", "report__program")
        .first()
    )


NUMBER_PATTERN = re.compile(r"^\s*(?:số\s*:?\s*)?0*(\d{1,6})\s*(?:/\s*BC\s*-\s*([\w.]{1,20}))?\s*$", re.IGNORECASE)


def parse_number(text: str) -> tuple[int, str] | None:
    """ "12/BC-SCT" → (12, "SCT"); "12" → (12, ""); anything else → None."""
    match = NUMBER_PATTERN.match(text or "")
    if not match:
        return None
    return int(match.group(1)), (match.group(2) or "").upper()


def documents_by_number(*, year: int, sequence: int, abbreviation: str = "", body: IssuingBody | None = None):
    documents = ReportDocument.objects.filter(state=ReportDocument.State.ISSUED, year=year, sequence=sequence)
    if body is not None:
        documents = documents.filter(body=body)
    if abbreviation:
        documents = documents.filter(body__abbreviation__iexact=abbreviation)
    return documents.select_related("body").order_by("body__name")[:10]


# ---------------------------------------------------------------------------------------------------------
# Draft
# ---------------------------------------------------------------------------------------------------------


def _require_open_report(report: Report) -> None:
    if report.status != Report.Status.DONE:
        raise ValidationError(_("Chỉ báo cáo đã tạo xong mới soạn được văn bản ban hành."), code="not_done")


def document_open_draft(*, user, report: Report) -> tuple[ReportDocument, bool]:
    """The report's document, created as a draft pre-filled from its data when it has none. (document, created)"""
    permissions.require_report_issuer(user, report)
    existing = document_for_report(report)
    if existing is not None:
        return existing, False
    _require_open_report(report)
    data = document_report_data(report)
    body = issuing_body_for(report, data)
    with transaction.atomic():
        document, created = ReportDocument.objects.get_or_create(
            report=report,
            defaults={
                "sections": narrative.default_sections(data),
                "recipients": default_recipients(body),
                "body": body,
                "created_by": user,
            },
        )
    return document, created


def _clean_sections(document: ReportDocument, sections: dict[str, str]) -> dict[str, str]:
    known = set(document.sections) | set(narrative.section_keys(document_outline(document.report)))
    unknown = sorted(set(sections) - known)
    if unknown:
        raise ValidationError(_("Mục không có trong văn bản: %(keys)s.") % {"keys": ", ".join(unknown)}, code="key")
    cleaned = {}
    for key, text in sections.items():
        text = (text or "").replace("\r\n", "\n").strip()
        if len(text) > SECTION_MAX_CHARS:
            raise ValidationError(
                _("Mỗi mục dài tối đa %(n)s ký tự.") % {"n": f"{SECTION_MAX_CHARS:,}".replace(",", ".")},
                code="too_long",
            )
        if "\x00" in text:
            raise ValidationError(_("Nội dung có ký tự không hợp lệ."), code="invalid")
        cleaned[key] = text
    return cleaned


def _clean_recipients(recipients: list[dict]) -> list[dict]:
    if len(recipients) > MAX_RECIPIENTS:
        raise ValidationError(_("Tối đa %(n)s nơi nhận.") % {"n": MAX_RECIPIENTS}, code="too_many")
    cleaned = []
    for item in recipients:
        name, purpose = (item.get("name") or "").strip(), (item.get("purpose") or "").strip()
        if not name:
            continue
        if len(name) + len(purpose) > RECIPIENT_MAX_CHARS:
            raise ValidationError(
                _("Mỗi nơi nhận dài tối đa %(n)s ký tự.") % {"n": RECIPIENT_MAX_CHARS}, code="too_long"
            )
        if name.lower().startswith("lưu"):
            continue  # "Lưu: VT, …" is added at issue, from the filing unit
        cleaned.append({"name": name, "purpose": purpose})
    return cleaned


def _require_draft(document: ReportDocument) -> None:
    if document.state != ReportDocument.State.DRAFT:
        raise ValidationError(_("Văn bản đã ban hành, không sửa được."), code="issued")


def document_update(
    *,
    user,
    document: ReportDocument,
    sections: dict[str, str] | None = None,
    recipients: list[dict] | None = None,
    filing_unit: str | None = None,
) -> ReportDocument:
    """Save the draft's edited sections, recipients and filing unit (each only when given)."""
    permissions.require_report_issuer(user, document.report)
    _require_draft(document)
    changes = {}
    if sections is not None:
        changes["sections"] = {**document.sections, **_clean_sections(document, sections)}
    if recipients is not None:
        changes["recipients"] = _clean_recipients(recipients)
    if filing_unit is not None:
        filing_unit = filing_unit.strip()
        if len(filing_unit) > FILING_UNIT_MAX_CHARS:
            raise ValidationError(
                _("Đơn vị soạn thảo dài tối đa %(n)s ký tự.") % {"n": FILING_UNIT_MAX_CHARS}, code="too_long"
            )
        changes["filing_unit"] = filing_unit
    with transaction.atomic():
        updated = ReportDocument.objects.filter(pk=document.pk, state=ReportDocument.State.DRAFT).update(
            **changes, updated_at=timezone.now()
        )
        if not updated:
            raise ValidationError(_("Văn bản đã ban hành, không sửa được."), code="issued")
    document.refresh_from_db()
    return document


def document_recipients(document: ReportDocument) -> tuple:
    """The recipients as the document prints them: the draft's, then "Lưu: VT, …"."""
    listed = [Recipient(name=r["name"], purpose=r.get("purpose", "")) for r in document.recipients]
    return tuple(listed) + (Recipient(name=filing_line(document), purpose=""),)


# ---------------------------------------------------------------------------------------------------------
# Issue
# ---------------------------------------------------------------------------------------------------------


def refuse_demo(report: Report, data: dict) -> None:
    """Demo data never passes for real: a report that includes any cannot be issued or signed."""
    if report.include_demo or data.get("has_demo"):
        raise ValidationError(_("Báo cáo có dữ liệu minh họa, không ban hành được."), code="demo")


def _issue_checks(report: Report, data: dict, signer_id) -> tuple[IssuingBody, Signer]:
    refuse_demo(report, data)
    body = issuing_body_for(report, data)
    if body is None:
        raise ValidationError(
            _("Chưa có cơ quan ban hành cho báo cáo này: hãy khai báo cơ quan trong trang quản trị."), code="no_body"
        )
    signers = active_signers(body)
    if not signers.exists():
        raise ValidationError(
            _("%(body)s chưa có người ký: hãy khai báo người ký trong trang quản trị.") % {"body": body.name},
            code="no_signer",
        )
    signer = signers.filter(pk=signer_id).first() if signer_id else None
    if signer is None:
        raise ValidationError(_("Hãy chọn người ký trong danh sách người ký của cơ quan."), code="signer")
    return body, signer


def _issuer_name(user) -> str:
    return (user.get_full_name() or user.username) if user is not None else "văn thư"


def _meta(*, generated_at, requested_by: str, fingerprint: str) -> rendering.DocumentMeta:
    """The provenance the PDF carries in its metadata: the data version is the fingerprint of the data shown."""
    return rendering.DocumentMeta(
        generated_at=generated_at,
        requested_by=requested_by,
        template_version=conf.TEMPLATE_VERSION,
        fingerprint=fingerprint,
        data_version=fingerprint,
    )


def document_issue(*, user, document: ReportDocument, signer_id: int | None, today=None) -> ReportDocument:
    """Number, render, sign and store the document; refused (nothing changed, no number taken) on any failure."""
    report = document.report
    permissions.require_report_issuer(user, report)
    _require_draft(document)
    _require_open_report(report)
    data = document_report_data(report)
    body, signer = _issue_checks(report, data, signer_id)
    pdf_signer = signing.load_signer()  # a missing certificate is refused before a number is taken
    issued_on = today or timezone.localdate()
    fingerprint = data_fingerprint(data, template_version=conf.TEMPLATE_VERSION)
    stored = []
    try:
        with transaction.atomic():
            locked = ReportDocument.objects.select_for_update().get(pk=document.pk)
            _require_draft(locked)
            DocumentRegister.objects.bulk_create(
                [DocumentRegister(body=body, year=issued_on.year)], ignore_conflicts=True
            )
            register = DocumentRegister.objects.select_for_update().get(body=body, year=issued_on.year)
            sequence = register.last_number + 1
            number = document_number(sequence, body)
            issue = DocumentIssue(
                number=number,
                issued_on=issued_on,
                signer=SignatureBlock(authority=signer.authority, position=signer.position, full_name=signer.full_name),
                recipients=document_recipients(locked),
                verify_url=verify_url(locked),
                sections=dict(locked.sections),
            )
            generated_at = timezone.now()
            meta = _meta(generated_at=generated_at, requested_by=_issuer_name(user), fingerprint=fingerprint)
            rendered = rendering.render_report_pdf(data, meta, issue)
            signed = signing.sign_pdf(
                rendered.content,
                signer=pdf_signer,
                reason=f"Ban hành văn bản số {number}",  # in the document's language, whoever issues it
                location=body.place_name,
                name=signer.full_name,
            )
            name = locked.file.storage.save(document_upload_to(locked, "signed.pdf"), ContentFile(signed))
            stored.append(name)
            DocumentRegister.objects.filter(pk=register.pk).update(last_number=sequence)
            ReportDocument.objects.filter(pk=locked.pk).update(
                state=ReportDocument.State.ISSUED,
                body=body,
                year=issued_on.year,
                sequence=sequence,
                number=number,
                issued_on=issued_on,
                signer=signer,
                signer_authority=signer.authority,
                signer_position=signer.position,
                signer_name=signer.full_name,
                certificate_subject=signing.certificate_subject(pdf_signer)[:300],
                file=name,
                sha256=signing.sha256_hex(signed),
                page_count=rendered.page_count,
                data_fingerprint=fingerprint,
                template_version=conf.TEMPLATE_VERSION,
                generated_at=generated_at,
                issued_by=user if user is not None and user.is_authenticated else None,
                issued_at=timezone.now(),
                updated_at=timezone.now(),
            )
    except BaseException:
        for name in stored:  # the issue did not commit: its file goes with it
            document.file.storage.delete(name)
        raise
    document.refresh_from_db()
    return document


# ---------------------------------------------------------------------------------------------------------
# The public lookup's bound
# ---------------------------------------------------------------------------------------------------------

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class LookupRateLimited(ValidationError):
    def __init__(self):
        super().__init__(
            _("Bạn đã tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút."), code="rate_limited"
        )


def verify_lookup_take(*, address: str) -> None:
    """Count one lookup by number from `address` (settings.REPORTS_VERIFY_RATE, e.g. "30/minute"), or refuse it.
    With the cache away, lookups go on without the bound rather than being refused."""
    from django.core.cache import cache

    count, period = settings.REPORTS_VERIFY_RATE.split("/")
    seconds = _PERIODS[period.strip()[0]]
    key = f"report-verify:{address}"
    try:
        cache.add(key, 0, timeout=seconds)
        taken = cache.incr(key)
    except Exception:  # the cache is an aid here, not a condition
        return
    if taken > int(count):
        raise LookupRateLimited()
