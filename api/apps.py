from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API")

    def ready(self) -> None:
        from accounts.access import register_url_kwarg

        register_url_kwarg("token_id", "api.ApiToken", "organisation")
