from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("Doanh nghiệp")

    def ready(self) -> None:
        from enterprises import metrics

        metrics.register()
