"""Emails about applications, sent after the status change has been committed, and the reminders to renew a
recognition before it expires (run daily by Celery beat: portal/settings.py CELERY_BEAT_SCHEDULE)."""

import datetime

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail, send_mass_mail
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from products.models import Application, ApplicationEvent, Recognition

S = Application.Status
# Staff of the program's city hear about every dossier that arrives or comes back.
STAFF_NOTIFIED_STATUSES = (S.SUBMITTED, S.RESUBMITTED)


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def notify_application_event(event_id: int) -> int:
    """Email the enterprise (and staff on submission) about one event. Returns the number of emails sent.

    The event is claimed with a conditional UPDATE, so a second delivery of the same task sends nothing.
    """
    claimed = ApplicationEvent.objects.filter(pk=event_id, notified_at__isnull=True).update(notified_at=timezone.now())
    if not claimed:
        return 0
    event = ApplicationEvent.objects.select_related(
        "application__enterprise", "application__product", "application__round__program"
    ).get(pk=event_id)
    with translation.override(settings.LANGUAGE_CODE):
        messages = _enterprise_messages(event) + _staff_messages(event)
    if messages:
        send_mass_mail(messages, fail_silently=False)
    return len(messages)


def _link(application: Application) -> str:
    path = reverse("products:application_detail", kwargs={"public_id": application.public_id})
    return settings.SITE_URL.rstrip("/") + path


def _enterprise_recipients(application: Application) -> list[str]:
    return _recipients_of(application.enterprise)


def _recipients_of(enterprise) -> list[str]:
    users = get_user_model().objects.filter(enterprise_id=enterprise.id, is_active=True)
    emails = {u.email for u in users if u.email}
    if enterprise.contact_email:
        emails.add(enterprise.contact_email)
    return sorted(emails)


def _enterprise_messages(event: ApplicationEvent) -> list[tuple]:
    application = event.application
    recipients = _enterprise_recipients(application)
    if not recipients:
        return []
    subject = _("Hồ sơ “%(product)s”: %(status)s") % {
        "product": application.product.name,
        "status": event.get_to_status_display(),
    }
    lines = [
        _("Hồ sơ đăng ký xét chọn sản phẩm “%(product)s” (%(round)s) chuyển sang trạng thái: %(status)s.")
        % {
            "product": application.product.name,
            "round": application.round.title,
            "status": event.get_to_status_display(),
        },
    ]
    if event.note:
        lines.append(_("Ghi chú: %(note)s") % {"note": event.note})
    lines.append(_link(application))
    return [(subject, "\n\n".join(lines), settings.DEFAULT_FROM_EMAIL, recipients)]


def _staff_messages(event: ApplicationEvent) -> list[tuple]:
    if event.to_status not in STAFF_NOTIFIED_STATUSES:
        return []
    application = event.application
    staff = get_user_model().objects.filter(role="staff", city_id=application.round.program.city_id, is_active=True)
    recipients = sorted({u.email for u in staff if u.email})
    if not recipients:
        return []
    subject = _("Hồ sơ mới cần thẩm định: %(product)s") % {"product": application.product.name}
    body = _("%(enterprise)s đã nộp hồ sơ “%(product)s” (%(status)s).\n\n%(link)s") % {
        "enterprise": application.enterprise.name,
        "product": application.product.name,
        "status": event.get_to_status_display(),
        "link": _link(application),
    }
    return [(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)]


# ---------------------------------------------------------------- renewal reminders


def recognitions_due_for_reminder(today: datetime.date):
    """Active, real recognitions expiring within settings.RECOGNITION_RENEWAL_REMINDER_DAYS of today, not reminded
    yet and not already renewed by a later recognition of the same product."""
    horizon = today + datetime.timedelta(days=settings.RECOGNITION_RENEWAL_REMINDER_DAYS)
    renewed = Recognition.objects.filter(product=OuterRef("product"), valid_from__gt=OuterRef("valid_from"))
    return Recognition.objects.filter(
        status=Recognition.Status.ACTIVE,
        is_demo=False,
        renewal_reminded_at__isnull=True,
        valid_until__gte=today,
        valid_until__lte=horizon,
    ).exclude(Exists(renewed))


@shared_task(autoretry_for=(ConnectionError, TimeoutError), retry_backoff=True, max_retries=5)
def remind_expiring_recognitions() -> int:
    """E-mail each enterprise whose recognition expires soon, inviting it to apply for renewal: once per
    recognition. Each one is claimed with a conditional UPDATE of renewal_reminded_at before its e-mail is sent, so
    a second run (or a second delivery) sends nothing again. Returns the number of e-mails sent."""
    sent = 0
    for recognition_id in list(recognitions_due_for_reminder(timezone.localdate()).values_list("id", flat=True)):
        claimed = Recognition.objects.filter(pk=recognition_id, renewal_reminded_at__isnull=True).update(
            renewal_reminded_at=timezone.now()
        )
        if not claimed:
            continue
        recognition = Recognition.objects.select_related("product__enterprise", "round__program").get(pk=recognition_id)
        recipients = _recipients_of(recognition.product.enterprise)
        if not recipients:
            continue
        with translation.override(settings.LANGUAGE_CODE):
            message = _renewal_message(recognition)
        send_mail(*message, recipient_list=recipients, fail_silently=False)
        sent += 1
    return sent


def _renewal_message(recognition: Recognition) -> tuple[str, str, str]:
    valid_until = date_format(recognition.valid_until, "SHORT_DATE_FORMAT")
    subject = _("Công nhận sản phẩm “%(product)s” sắp hết hiệu lực") % {"product": recognition.product_name}
    lines = [
        _("Giấy chứng nhận số %(number)s công nhận sản phẩm “%(product)s” (%(program)s) hết hiệu lực ngày %(date)s.")
        % {
            "number": recognition.certificate_number,
            "product": recognition.product_name,
            "program": recognition.round.program.title,
            "date": valid_until,
        },
        _(
            "Để sản phẩm tiếp tục được công nhận, doanh nghiệp đăng ký xét chọn lại (công nhận lại) trong đợt xét "
            "chọn tiếp theo của chương trình trên cổng."
        ),
        settings.SITE_URL.rstrip("/") + reverse("products:my_applications"),
    ]
    return subject, "\n\n".join(lines), settings.DEFAULT_FROM_EMAIL
