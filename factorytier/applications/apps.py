from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "factorytier.applications"
    label = "applications"
    verbose_name = "申报书"
