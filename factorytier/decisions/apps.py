from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "factorytier.decisions"
    label = "decisions"
    verbose_name = "认定决定与公示"
