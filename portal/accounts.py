"""Signing in and recovering an account: the login form, sign-in by e-mail, password reset by e-mail.

Enterprise accounts are created with their e-mail as the user name; staff and officials have a user name of
their own and an e-mail. The login field therefore takes either, and says so.

The password reset is Django's own (views, tokens, one-use links). What the portal adds:
- the e-mail is sent by a Celery job, so that the answer takes as long for an unknown address as for a known one;
- a few requests per address and per client an hour at most, after which the page answers exactly the same
  but sends nothing: nobody learns from the reset page whether an address has an account, and nobody can flood
  a mailbox through it.
"""

import hashlib
import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.cache import cache
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from redis.exceptions import RedisError

from core.clientip import client_ip

logger = logging.getLogger(__name__)

# Requests per hour that may send a reset e-mail: for one address, and from one client address.
RESET_LIMITS = {"email": 3, "ip": 20}
RESET_WINDOW_SECONDS = 3600


class LoginForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "Vui lòng nhập email (hoặc tên đăng nhập) và mật khẩu chính xác. Mật khẩu phân biệt chữ hoa và chữ thường."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.label = _("Email hoặc tên đăng nhập")
        username.help_text = _("Doanh nghiệp: email đã dùng khi đăng ký. Cán bộ: tên đăng nhập do Sở cấp.")
        # An e-mail address may be longer than a user name.
        username.max_length = 254
        username.widget.attrs["maxlength"] = "254"
        self.fields["password"].label = _("Mật khẩu")


class EmailBackend(ModelBackend):
    """Signs in by e-mail address, when exactly one active account has it; user names stay with ModelBackend."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or password is None or "@" not in username:
            return None
        User = get_user_model()
        matches = list(User._default_manager.filter(email__iexact=username.strip(), is_active=True)[:2])
        if len(matches) != 1:
            # As ModelBackend does for an unknown name: hash once, so the answer takes as long either way.
            User().set_password(password)
            return None
        user = matches[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class ResetPasswordForm(PasswordResetForm):
    """Django's reset form, whose e-mail is composed and sent by a Celery job (portal/tasks.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email của tài khoản")

    def save(self, **kwargs) -> None:
        from portal.tasks import send_password_reset_email

        language = translation.get_language()
        for user in self.get_users(self.cleaned_data["email"]):
            send_password_reset_email.delay(user.pk, language)


def _counter_key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    return f"password-reset:{kind}:{digest}"


def reset_request_allowed(request, email: str) -> bool:
    """Count this reset request; False once the address or the client is over its hourly limit. With the cache
    away the request is let through: the page must keep working."""
    counters = {"email": email.strip().lower(), "ip": client_ip(request) or "unknown"}
    allowed = True
    try:
        for kind, value in counters.items():
            key = _counter_key(kind, value)
            cache.add(key, 0, timeout=RESET_WINDOW_SECONDS)
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=RESET_WINDOW_SECONDS)
                count = 1
            if count > RESET_LIMITS[kind]:
                allowed = False
    except RedisError as error:
        logger.warning("Cache unreachable, password reset rate limit skipped: %s", error)
        return True
    if not allowed:
        logger.info("Password reset request over the hourly limit; no e-mail sent")
    return allowed
