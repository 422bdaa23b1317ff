"""Writes for enterprises and enterprise accounts: validate, write in a transaction, notify after commit."""

import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from redis.exceptions import RedisError
from simple_history.utils import bulk_create_with_history

from core import permissions
from core.provinces import canonical_province
from core.text import fold_vietnamese
from core.validation import check_fields
from enterprises import importing
from enterprises.bulk import bulk_update_rows
from enterprises.models import AccountRequest, Award, Certification, Enterprise, EnterpriseImport, sector_group_of
from enterprises.selectors import enterprise_search_text
from enterprises.sme import classify_sme
from enterprises.taxcode import normalize_tax_code

logger = logging.getLogger(__name__)

# What an enterprise keeps up to date itself; the legal identity (tax code, name, province, ownership,
# sector) and the department's notes change only through staff.
ENTERPRISE_EDITABLE_FIELDS = (
    "english_name",
    "address",
    "district",
    "website",
    "employees",
    "revenue",
    "capital",
    "representative",
    "contact_email",
    "contact_phone",
)
STAFF_ONLY_FIELDS = ("tax_code", "name", "province", "ownership", "sector", "staff_notes", "is_demo")
WRITABLE_FIELDS = STAFF_ONLY_FIELDS + ENTERPRISE_EDITABLE_FIELDS
REQUIRED_FIELDS = ("tax_code", "name", "province", "ownership", "sector")


# --- Enterprises -------------------------------------------------------------------------------------


def build_search_text(enterprise: Enterprise) -> str:
    return enterprise_search_text(enterprise)


def derive_fields(enterprise: Enterprise) -> None:
    """Set the stored, derived columns: the SME size (Decree 80/2021) and the folded search text."""
    enterprise.sme_size = classify_sme(
        sector_group=sector_group_of(enterprise.sector),
        employees=enterprise.employees,
        revenue=enterprise.revenue,
        capital=enterprise.capital,
    )
    enterprise.search_text = build_search_text(enterprise)


def _non_negative(value: Any, name: str, errors: dict, *, integer: bool) -> Any:
    try:
        number = int(value) if integer else Decimal(str(value))
    except (TypeError, ValueError, InvalidOperation):
        errors[name] = _("Vui lòng nhập một số.")
        return value
    if number < 0:
        errors[name] = _("Giá trị không được âm.")
    return number


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(WRITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown enterprise fields: {sorted(unknown)}")
    cleaned = {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}
    errors: dict[str, str] = {}
    if "tax_code" in cleaned:
        try:
            cleaned["tax_code"] = normalize_tax_code(cleaned["tax_code"])
        except ValidationError as exc:
            errors["tax_code"] = exc.messages[0]
    if "province" in cleaned:
        cleaned["province"] = canonical_province(cleaned["province"])
    for name in ("employees", "revenue", "capital"):
        if name in cleaned:
            cleaned[name] = _non_negative(cleaned[name], name, errors, integer=name == "employees")
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_unique_tax_code(enterprise: Enterprise) -> None:
    clash = Enterprise.objects.filter(tax_code=enterprise.tax_code).exclude(pk=enterprise.pk)
    if clash.exists():
        raise ValidationError({"tax_code": _("Đã có doanh nghiệp với mã số thuế này trong hệ thống.")})


def _save(*, actor, enterprise: Enterprise) -> Enterprise:
    derive_fields(enterprise)
    _check_unique_tax_code(enterprise)
    enterprise.full_clean(validate_unique=False)
    enterprise._history_user = actor
    enterprise.save()
    return enterprise


def enterprise_create(*, actor, **fields: Any) -> Enterprise:
    """Register an enterprise. Staff create enterprises of their own city; administrators any."""
    cleaned = _clean_fields(fields)
    missing = {name: _("Trường này là bắt buộc.") for name in REQUIRED_FIELDS if not cleaned.get(name)}
    if missing:
        raise ValidationError(missing)
    if not permissions.can_edit_province(actor, cleaned["province"]):
        raise ValidationError({"province": _("Bạn chỉ quản lý doanh nghiệp thuộc thành phố mình phụ trách.")})
    with transaction.atomic():
        return _save(actor=actor, enterprise=Enterprise(**cleaned))


def _check_may_update(actor, enterprise: Enterprise, fields: dict[str, Any]) -> None:
    """Its own verified user keeps the enterprise's public profile; staff of its city change every field."""
    if permissions.is_enterprise_user(actor):
        permissions.require_enterprise_owner(actor, enterprise.pk)
        staff_only = sorted(set(fields) - set(ENTERPRISE_EDITABLE_FIELDS))
        permissions.require(not staff_only, f"Staff-only fields: {staff_only}")
        return
    permissions.require_enterprise_editor(actor, enterprise)


def enterprise_update(*, actor, enterprise: Enterprise, **fields: Any) -> Enterprise:
    """Change an enterprise's profile: its own user for the fields it keeps, staff of its city for all."""
    _check_may_update(actor, enterprise, fields)
    cleaned = _clean_fields(fields)
    missing = {name: _("Trường này là bắt buộc.") for name in REQUIRED_FIELDS if name in cleaned and not cleaned[name]}
    if missing:
        raise ValidationError(missing)
    if "province" in cleaned and not permissions.can_edit_province(actor, cleaned["province"]):
        raise ValidationError({"province": _("Bạn chỉ quản lý doanh nghiệp thuộc thành phố mình phụ trách.")})
    with transaction.atomic():
        for name, value in cleaned.items():
            setattr(enterprise, name, value)
        return _save(actor=actor, enterprise=enterprise)


# --- Awards ------------------------------------------------------------------------------------------

AWARD_FIELDS = ("kind", "name", "year", "category", "decision_number", "decision_date")


def award_check(award: Award, *, today: datetime.date | None = None) -> None:
    """The rules of an award, for the service and the admin alike. "Thương hiệu Vàng TP.HCM" (QĐ 4352/QĐ-UBND)
    has its fixed name and needs the decision that conferred it; another award needs its name."""
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    award.name = " ".join((award.name or "").split())
    award.category = " ".join((award.category or "").split())
    award.decision_number = (award.decision_number or "").strip()
    if award.kind == Award.Kind.GOLDEN_BRAND_HCMC:
        award.name = str(Award.Kind.GOLDEN_BRAND_HCMC.label)
        if not award.decision_number:
            errors["decision_number"] = _("Vui lòng nhập số quyết định trao giải (ví dụ: 1234/QĐ-UBND).")
        if award.decision_date is None:
            errors["decision_date"] = _("Vui lòng nhập ngày quyết định trao giải.")
    elif not award.name:
        errors["name"] = _("Vui lòng nhập tên giải thưởng.")
    if isinstance(award.year, int) and award.year > today.year:
        errors["year"] = _("Năm của giải thưởng không được ở tương lai.")
    if award.decision_date is not None and award.decision_date > today:
        errors["decision_date"] = _("Ngày quyết định không được ở tương lai.")
    if errors:
        raise ValidationError(errors)
    check_fields(award, *AWARD_FIELDS)
    same = Award.objects.filter(enterprise_id=award.enterprise_id, kind=award.kind, year=award.year).exclude(
        pk=award.pk
    )
    if award.kind == Award.Kind.OTHER:
        same = same.filter(name__iexact=award.name)
    if same.exists():
        raise ValidationError(
            {"year": _("Doanh nghiệp đã có giải thưởng này trong năm %(year)s.") % {"year": award.year}}
        )


def award_record(
    *,
    actor,
    enterprise: Enterprise,
    kind: str,
    year: int,
    name: str = "",
    category: str = "",
    decision_number: str = "",
    decision_date: datetime.date | None = None,
    is_demo: bool = False,
) -> Award:
    """Record an award the enterprise holds: staff of the enterprise's city, and administrators."""
    permissions.require_staff_member(actor)
    permissions.require_enterprise_editor(actor, enterprise)
    award = Award(
        enterprise=enterprise,
        kind=kind,
        name=name or "",
        year=year,
        category=category or "",
        decision_number=decision_number or "",
        decision_date=decision_date,
        is_demo=is_demo,
    )
    with transaction.atomic():
        Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()
        award_check(award)
        award.save()
    return award


def award_remove(*, actor, award: Award) -> None:
    permissions.require_staff_member(actor)
    permissions.require_enterprise_editor(actor, award.enterprise)
    with transaction.atomic():
        Award.objects.filter(pk=award.pk).delete()


# --- Enterprise accounts -----------------------------------------------------------------------------


def _notify_account(user_id: int, kind: str) -> None:
    from enterprises.tasks import send_account_email

    transaction.on_commit(lambda: send_account_email.delay(user_id, kind))


def _signup_errors(*, email: str, tax_code: str, password: str, full_name: str) -> tuple[dict, str]:
    User = get_user_model()
    errors: dict[str, list[str]] = {}
    normalized_code = ""
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = [_("Địa chỉ email không hợp lệ.")]
    try:
        normalized_code = normalize_tax_code(tax_code)
    except ValidationError as exc:
        errors["tax_code"] = exc.messages
    if not full_name:
        errors["full_name"] = [_("Vui lòng nhập họ và tên người đăng ký.")]
    try:
        validate_password(password, user=User(username=email, email=email, first_name=full_name))
    except ValidationError as exc:
        errors["password"] = exc.messages
    return errors, normalized_code


# An e-mail address that already has an account gets at most one "someone tried to sign up" notice an hour,
# however often the sign-up form is sent with it: the form must not become a way to flood a mailbox.
SIGNUP_NOTICE_INTERVAL_SECONDS = 3600


def _account_with_email(email: str):
    User = get_user_model()
    return User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).order_by("pk").first()


def _notify_signup_attempt(user) -> None:
    from enterprises.tasks import send_signup_attempt_email

    key = f"signup-notice:{user.pk}"
    try:
        first_this_hour = cache.add(key, 1, timeout=SIGNUP_NOTICE_INTERVAL_SECONDS)
    except RedisError as error:  # the cache away: the owner is told rather than left unaware
        logger.warning("Cache unreachable, sign-up notice not limited: %s", error)
        first_this_hour = True
    if not first_this_hour:
        return
    language = translation.get_language() or settings.LANGUAGE_CODE
    transaction.on_commit(lambda: send_signup_attempt_email.delay(user.pk, language))


def account_signup(*, email: str, tax_code: str, password: str, full_name: str, phone: str = ""):
    """Create an enterprise account waiting for staff to verify its tax code. Returns the user.

    An address that already has an account is not said to have one: nothing is created, None is returned and
    the caller answers exactly as for a new account, while the owner of the address is told by e-mail that
    someone tried to sign up with it, with links to sign in and to reset the password. Whether a tax code is
    claimed by another account is not checked here (staff settle it when they verify), so sign-up reveals
    nothing about tax codes either."""
    User = get_user_model()
    email = (email or "").strip().lower()
    full_name = " ".join((full_name or "").split())
    errors, normalized_code = _signup_errors(email=email, tax_code=tax_code, password=password, full_name=full_name)
    if errors:
        raise ValidationError(errors)
    existing = _account_with_email(email)
    if existing is not None:
        _notify_signup_attempt(existing)
        return None
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                username=email,
                email=email,
                password=password,
                first_name=full_name[:150],
                phone=(phone or "").strip()[:30],
                role=User.Role.ENTERPRISE,
                claimed_tax_code=normalized_code,
                enterprise=None,
            )
            AccountRequest.objects.create(user=user, tax_code=normalized_code)
            _notify_account(user.pk, "received")
    except IntegrityError:  # the same e-mail signed up a moment earlier: answered as above
        existing = _account_with_email(email)
        if existing is None:
            raise
        _notify_signup_attempt(existing)
        return None
    return user


def _pending_request_for(*, actor, user) -> tuple[AccountRequest, Enterprise | None]:
    try:
        account_request = AccountRequest.objects.select_for_update().get(user=user)
    except AccountRequest.DoesNotExist as exc:
        raise ValidationError(_("Tài khoản này không có yêu cầu xác minh.")) from exc
    enterprise = Enterprise.objects.filter(tax_code=account_request.tax_code).first()
    permissions.require_account_reviewer(actor, enterprise)
    if account_request.status != AccountRequest.Status.PENDING:
        raise ValidationError(_("Yêu cầu này đã được xử lý trước đó."))
    return account_request, enterprise


def _decide(account_request: AccountRequest, *, actor, status: str, reason: str = "") -> None:
    account_request.status = status
    account_request.reason = reason
    account_request.decided_by = actor
    account_request.decided_at = timezone.now()
    account_request.save(update_fields=["status", "reason", "decided_by", "decided_at"])


def account_verify(*, actor, user, new_enterprise: dict[str, Any] | None = None) -> Enterprise:
    """Link the account to the enterprise with the tax code it claimed.

    When the registry has no such enterprise yet, staff must give at least its name, province, ownership
    and sector (`new_enterprise`) and a minimal record is created.
    """
    with transaction.atomic():
        account_request, enterprise = _pending_request_for(actor=actor, user=user)
        if enterprise is None:
            if not new_enterprise or not any(new_enterprise.values()):
                raise ValidationError(
                    _(
                        "Chưa có doanh nghiệp với mã số thuế %(code)s. Vui lòng nhập tên, tỉnh/thành phố, loại hình "
                        "sở hữu và ngành chính để tạo hồ sơ doanh nghiệp."
                    )
                    % {"code": account_request.tax_code}
                )
            enterprise = enterprise_create(actor=actor, tax_code=account_request.tax_code, **new_enterprise)
        user.enterprise = enterprise
        user.save(update_fields=["enterprise"])
        _decide(account_request, actor=actor, status=AccountRequest.Status.VERIFIED)
        _notify_account(user.pk, "verified")
    return enterprise


def account_reject(*, actor, user, reason: str) -> AccountRequest:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Vui lòng ghi lý do từ chối để doanh nghiệp biết cần bổ sung gì.")})
    check_fields(AccountRequest(reason=reason), "reason")
    with transaction.atomic():
        account_request, _enterprise = _pending_request_for(actor=actor, user=user)
        _decide(account_request, actor=actor, status=AccountRequest.Status.REJECTED, reason=reason)
        _notify_account(user.pk, "rejected")
    return account_request


# --- Import ------------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    record: EnterpriseImport
    errors: list[importing.RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.record.status == EnterpriseImport.Status.SUCCEEDED


IMPORT_UPDATE_FIELDS = [
    *importing.ENTERPRISE_COLUMNS,
    "sme_size",
    "search_text",
    "updated_at",
]
IMPORT_BATCH_SIZE = 1000


def _import_rows(*, actor, rows: list[importing.ImportRow], existing: dict[str, Enterprise]) -> tuple[int, int]:
    now = timezone.now()
    to_create, to_update = [], []
    for row in rows:
        enterprise = existing.get(row.tax_code)
        if enterprise is None:
            enterprise = Enterprise(tax_code=row.tax_code)
            to_create.append(enterprise)
        else:
            enterprise.updated_at = now
            to_update.append(enterprise)
        for name, value in row.values.items():
            setattr(enterprise, name, value)
        derive_fields(enterprise)
        row.enterprise = enterprise
    bulk_create_with_history(to_create, Enterprise, batch_size=IMPORT_BATCH_SIZE, default_user=actor)
    bulk_update_rows(Enterprise, to_update, IMPORT_UPDATE_FIELDS, batch_size=IMPORT_BATCH_SIZE)
    Enterprise.history.bulk_history_create(to_update, update=True, default_user=actor, batch_size=IMPORT_BATCH_SIZE)
    _add_certifications_and_awards(rows)
    return len(to_create), len(to_update)


def _add_certifications_and_awards(rows: list[importing.ImportRow]) -> None:
    """Add the certifications and awards the file lists; those already recorded are kept as they are."""
    ids = [row.enterprise.pk for row in rows if row.certifications or row.awards]
    if not ids:
        return
    known_certs = set(
        Certification.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", "standard", "other_name")
    )
    known_awards = {
        (pk, fold_vietnamese(name), year)
        for pk, name, year in Award.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", "name", "year")
    }
    new_certs, new_awards = [], []
    for row in rows:
        pk = row.enterprise.pk
        for standard, other_name in row.certifications:
            if (pk, standard, other_name) not in known_certs:
                known_certs.add((pk, standard, other_name))
                new_certs.append(Certification(enterprise_id=pk, standard=standard, other_name=other_name))
        for name, year in row.awards:
            if (pk, fold_vietnamese(name), year) not in known_awards:
                known_awards.add((pk, fold_vietnamese(name), year))
                new_awards.append(Award(enterprise_id=pk, name=name, year=year))
    Certification.objects.bulk_create(new_certs, batch_size=IMPORT_BATCH_SIZE)
    Award.objects.bulk_create(new_awards, batch_size=IMPORT_BATCH_SIZE)


def enterprise_import(*, actor, file) -> ImportResult:
    """Import an XLSX list of enterprises, all or nothing.

    Every row is checked first; if any fails, nothing is written and the errors are kept on an
    EnterpriseImport row for the report. Enterprises already registered (same tax code) are updated.
    """
    permissions.require_staff_member(actor)
    file_name = getattr(file, "name", "") or "tep-nhap.xlsx"
    parsed = importing.parse_enterprise_file(
        file, max_rows=importing.MAX_ROWS, max_bytes=getattr(settings, "UPLOAD_MAX_BYTES", importing.MAX_BYTES)
    )
    errors = list(parsed.errors)
    existing: dict[str, Enterprise] = {}
    if parsed.rows and not errors:
        existing = Enterprise.objects.in_bulk([row.tax_code for row in parsed.rows], field_name="tax_code")
        existing_provinces = {code: enterprise.province for code, enterprise in existing.items()}
        errors = importing.registry_errors(
            parsed.rows,
            existing_provinces,
            can_manage_province=lambda province: permissions.can_edit_province(actor, province),
        )
    if not parsed.rows and not errors:
        errors = [importing.RowError(None, "", "", _("Tệp không có dòng dữ liệu nào."))]
    if errors:
        errors.sort(key=lambda error: error.row or 0)
        record = EnterpriseImport.objects.create(
            uploaded_by=actor,
            file_name=file_name[:255],
            status=EnterpriseImport.Status.FAILED,
            row_count=parsed.row_count,
            errors=[error.as_dict() for error in errors],
        )
        return ImportResult(record=record, errors=errors)
    with transaction.atomic():
        created, updated = _import_rows(actor=actor, rows=parsed.rows, existing=existing)
        record = EnterpriseImport.objects.create(
            uploaded_by=actor,
            file_name=file_name[:255],
            status=EnterpriseImport.Status.SUCCEEDED,
            row_count=parsed.row_count,
            created_count=created,
            updated_count=updated,
        )
    return ImportResult(record=record)
