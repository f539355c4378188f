from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoresheetConfig(AppConfig):
    name = "scoresheet"
    verbose_name = _("Score sheet")

    def ready(self) -> None:
        from accounts.access import register_url_kwarg

        register_url_kwarg("round_id", "scoresheet.ScoringRound", "team__organisation")
        register_url_kwarg("factor_id", "scoresheet.RoundFactor", "round__team__organisation")
