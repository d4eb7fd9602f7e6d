from django.apps import AppConfig


class CheckerConfig(AppConfig):
    name = "factorytier.checker"
    label = "checker"
    verbose_name = "自评"
