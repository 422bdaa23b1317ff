import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo")

    def ready(self) -> None:
        # WeasyPrint narrates every layout step at INFO: one line per page per report drowns the worker log.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
