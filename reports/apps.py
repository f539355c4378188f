from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from accounts.access import register_url_kwarg

        register_url_kwarg("evaluation_id", "reports.Evaluation", "team__organisation")
