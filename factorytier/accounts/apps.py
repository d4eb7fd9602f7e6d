from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "factorytier.accounts"
    label = "accounts"
    verbose_name = "账户"

    def ready(self):
        from . import signals  # noqa: F401
