from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"

    def ready(self) -> None:
        from accounts.access import register_url_kwarg

        register_url_kwarg("case_id", "cases.Case", "organisation")
        register_url_kwarg("case_type_id", "cases.CaseType", "organisation")
