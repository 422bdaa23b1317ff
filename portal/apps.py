from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Cổng thông tin")

    def ready(self):
        from portal import checks  # noqa: F401  (registers the settings checks)
