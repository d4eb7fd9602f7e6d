from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "factorytier.accounts"
    label = "accounts"
    verbose_name = "账户"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import signals

        # Django's receiver saves the whole user through the ORM for one column (see `record_last_login`).
        user_logged_in.disconnect(dispatch_uid="update_last_login")
        user_logged_in.connect(signals.record_last_login, dispatch_uid="update_last_login")
