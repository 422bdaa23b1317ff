"""System checks of the portal's own settings, beside Django's deployment checks (`manage.py check --deploy`)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, register


@register(deploy=True)
def site_url_check(app_configs=None, **kwargs) -> list[Error]:
    """SITE_URL is the address every link the portal sends out is built from: e-mails, and the QR code a
    certificate carries to its public verification page. Served without DEBUG, it must be an https address with a
    host; development keeps http://127.0.0.1:8000."""
    if settings.DEBUG:
        return []
    parts = urlsplit(settings.SITE_URL)
    if parts.scheme == "https" and parts.hostname:
        return []
    return [
        Error(
            f"SITE_URL must be the portal's public https address when DEBUG is off; it is {settings.SITE_URL!r}.",
            hint="Set SITE_URL in the environment, e.g. SITE_URL=https://congthuong.example.vn.",
            id="portal.E001",
        )
    ]
