"""Background work of the enterprises app: e-mails to enterprise accounts."""

import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from enterprises.models import AccountRequest, Enterprise

logger = logging.getLogger(__name__)

# kind → the request status the e-mail announces
ACCOUNT_EMAIL_STATUS = {
    "received": AccountRequest.Status.PENDING,
    "verified": AccountRequest.Status.VERIFIED,
    "rejected": AccountRequest.Status.REJECTED,
}


def _claim(account_request: AccountRequest, status: str) -> bool:
    """Mark the e-mail as sent unless a previous delivery of this task already did."""
    claimed = (
        AccountRequest.objects.filter(pk=account_request.pk, status=status)
        .exclude(notified_status=status)
        .update(notified_status=status)
    )
    return bool(claimed)


@shared_task(bind=True, max_retries=5, default_retry_delay=60, retry_backoff=True)
def send_account_email(self, user_id: int, kind: str) -> None:
    status = ACCOUNT_EMAIL_STATUS[kind]
    account_request = AccountRequest.objects.select_related("user").filter(user_id=user_id).first()
    if account_request is None or not account_request.user.email:
        logger.info("No account request or e-mail for user %s; nothing to send", user_id)
        return
    previous = account_request.notified_status
    if not _claim(account_request, status):
        return
    try:
        _send(account_request, kind)
    except OSError as exc:
        AccountRequest.objects.filter(pk=account_request.pk).update(notified_status=previous)
        raise self.retry(exc=exc) from exc


def _send(account_request: AccountRequest, kind: str) -> None:
    user = account_request.user
    context = {
        "user": user,
        "request": account_request,
        "enterprise": Enterprise.objects.filter(pk=user.enterprise_id).first(),
        "profile_url": settings.SITE_URL.rstrip("/") + reverse("enterprises:profile"),
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"enterprises/email/account_{kind}_subject.txt", context).strip()
        body = render_to_string(f"enterprises/email/account_{kind}.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@shared_task(bind=True, max_retries=5, default_retry_delay=60, retry_backoff=True)
def send_signup_attempt_email(self, user_id: int, language: str) -> None:
    """Tell the owner of an address that someone tried to sign up with it (the sign-up page does not say so)."""
    from django.contrib.auth import get_user_model

    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email:
        logger.info("Sign-up notice for user %s not sent: no active account with an e-mail", user_id)
        return
    site = settings.SITE_URL.rstrip("/")
    with translation.override(language):
        context = {
            "user": user,
            "login_url": site + reverse("login"),
            "reset_url": site + reverse("password_reset"),
        }
        subject = render_to_string("enterprises/email/signup_attempt_subject.txt", context).strip()
        body = render_to_string("enterprises/email/signup_attempt.txt", context)
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    except OSError as exc:
        if self.request.is_eager:
            # Sent in the web process (no broker): a mail server outage must not change the page's answer.
            logger.exception("Sign-up notice to user %s failed", user_id)
            return
        raise self.retry(exc=exc) from exc
