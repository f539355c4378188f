from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "monitoring"

    def ready(self) -> None:
        from accounts.access import register_url_kwarg

        register_url_kwarg("meeting_id", "monitoring.CaseloadMeeting", "team__organisation")
