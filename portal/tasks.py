"""Background work of the site: the password-reset e-mail."""

import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

logger = logging.getLogger(__name__)


def password_reset_message(user, language: str) -> tuple[str, str]:
    """The subject and text of the reset e-mail, with a one-use link, in the language the request was made in."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    with translation.override(language):
        path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
        context = {
            "user": user,
            "reset_url": settings.SITE_URL.rstrip("/") + path,
            "site_url": settings.SITE_URL.rstrip("/"),
            "timeout_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        subject = render_to_string("registration/password_reset_subject.txt", context)
        body = render_to_string("registration/password_reset_email.txt", context)
    return "".join(subject.splitlines()).strip(), body


@shared_task(bind=True, max_retries=5, default_retry_delay=60, retry_backoff=True)
def send_password_reset_email(self, user_id: int, language: str) -> None:
    # The account may have changed since the request: only an active one with a password and an e-mail gets it.
    user = get_user_model()._default_manager.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or not user.has_usable_password():
        logger.info("Password reset for user %s not sent: no active account with a password and an e-mail", user_id)
        return
    subject, body = password_reset_message(user, language)
    try:
        send_mail(subject, body, None, [user.email])
    except OSError as exc:
        if self.request.is_eager:
            # Sent in the web process (no broker): a mail server outage must not change the page's answer.
            logger.exception("Password reset e-mail to user %s failed", user_id)
            return
        raise self.retry(exc=exc) from exc
