from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        from accounts.access import register_url_kwarg

        register_url_kwarg("user_id", "auth.User", "memberships__organisation")
        register_url_kwarg("membership_id", "accounts.Membership", "organisation")
