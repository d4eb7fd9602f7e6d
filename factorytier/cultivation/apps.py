from django.apps import AppConfig


class CultivationConfig(AppConfig):
    name = "factorytier.cultivation"
    label = "cultivation"
    verbose_name = "领航级培育"
