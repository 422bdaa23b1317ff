"""Emails about applications, sent after the status change has been committed."""

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from products.models import Application, ApplicationEvent

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
    users = get_user_model().objects.filter(enterprise_id=application.enterprise_id, is_active=True)
    emails = {u.email for u in users if u.email}
    if application.enterprise.contact_email:
        emails.add(application.enterprise.contact_email)
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
