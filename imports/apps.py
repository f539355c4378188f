from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        from accounts.access import register_url_kwarg

        register_url_kwarg("import_run_id", "imports.ImportRun", "organisation")
        register_url_kwarg("mapping_id", "imports.SavedMapping", "organisation")
