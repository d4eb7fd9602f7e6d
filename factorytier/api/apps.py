from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "factorytier.api"
    label = "api"
    verbose_name = "接口"
