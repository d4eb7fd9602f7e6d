from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "factorytier.core"
    label = "core"
    verbose_name = "平台"
