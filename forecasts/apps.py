from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForecastsConfig(AppConfig):
    name = "forecasts"
    verbose_name = _("Outlook")

    def ready(self) -> None:
        from accounts.access import register_url_kwarg

        register_url_kwarg("scenario_id", "forecasts.Scenario", "team__organisation")
